import CLibEdit
#if canImport(Glibc)
import Glibc
#endif

/// What one call to `LineReader.readLine(prompt:)` produced.
public enum ReadResult: Equatable, Sendable {
    case line(String)
    /// End of input: Ctrl-D on an empty line, or the end of a script.
    case endOfInput
}

/// Where the REPL gets its lines from: libedit on a terminal, plain reads otherwise.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> ReadResult
    /// Records a line the user entered, so Up recalls it and the history file keeps it.
    func remember(_ line: String)
}

/// Candidates for the word under the cursor, offered by the command language.
public struct Completion: Sendable, Equatable {
    /// The part of the current word already typed (it is replaced by the chosen candidate).
    public var word: String
    /// Full replacements for `word`. A candidate ending in "/" is a directory and takes no space after it.
    public var candidates: [String]
    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }
}

/// Reads lines plainly from standard input: no prompt, no editing, no colour.
public final class PlainLineReader: LineReader {
    public init() {}
    public func readLine(prompt: String) -> ReadResult {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }
    public func remember(_ line: String) {}
}

/// An interactive line editor on libedit (emacs bindings, `~/.editrc`, persistent history, TAB completion).
///
/// Only one can be active in a process: libedit calls back through C function pointers, which reach the
/// editor through a process-wide reference.
public final class EditLineReader: LineReader {
    private let el: OpaquePointer
    private let hist: OpaquePointer
    private let history: HistoryFile?
    private var promptBuffer: UnsafeMutablePointer<CChar>?
    fileprivate let completer: (String) -> Completion
    fileprivate var lastTabLine: String?

    nonisolated(unsafe) fileprivate static var active: EditLineReader?

    /// - Parameters:
    ///   - history: the history file to load and append to; nil keeps history in memory only.
    ///   - completer: given the line up to the cursor, the candidates for the word being typed.
    public init(programName: String = "sleuth", history: HistoryFile?, completer: @escaping (String) -> Completion) {
        Locale.enableUTF8()
        self.el = clibedit_init(programName)
        self.hist = clibedit_history_init()
        self.history = history
        self.completer = completer
        clibedit_history_setsize(hist, Int32(history?.capacity ?? 1000))
        clibedit_history_setunique(hist, 1)
        if let history { history.load(into: hist) }
        clibedit_set_history(el, hist)
        clibedit_set_editor(el, "emacs")
        clibedit_set_signal(el, 1)  // libedit restores the terminal on signals and follows window resizes
        clibedit_set_prompt(el, { _ in EditLineReader.active?.promptBuffer })
        clibedit_add_function(el, "sleuth-complete", "complete the word under the cursor") { _, _ in
            EditLineReader.active?.complete() ?? UInt8(CC_ERROR)
        }
        clibedit_add_function(el, "sleuth-interrupt", "discard the line being edited") { el, _ in
            guard let el else { return UInt8(CC_ERROR) }
            clibedit_clear_line(el)
            EditLineReader.active?.lastTabLine = nil
            Console.out("^C\n")
            return UInt8(CC_REDISPLAY)
        }
        clibedit_bind(el, "^I", "sleuth-complete")
        // Ctrl-C while editing is a key (clear the line), not a signal; while a command runs it is SIGINT.
        clibedit_disable_isig(el)
        clibedit_bind(el, "^C", "sleuth-interrupt")
        clibedit_source(el, nil)  // ~/.editrc (or $EDITRC) last, so the user's bindings win
        EditLineReader.active = self
    }

    deinit {
        if EditLineReader.active === self { EditLineReader.active = nil }
        clibedit_end(el)
        clibedit_history_end(hist)
        free(promptBuffer)
    }

    public func readLine(prompt: String) -> ReadResult {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        lastTabLine = nil
        var count: Int32 = 0
        while true {
            errno = 0
            if let raw = clibedit_gets(el, &count), count > 0 {
                var line = String(cString: raw)
                while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
                return .line(line)
            }
            // A signal (resize, a stray SIGINT) interrupts the read: ask again with a fresh line.
            if errno == EINTR { continue }
            Console.out("\n")
            return .endOfInput
        }
    }

    public func remember(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        clibedit_history_enter(hist, line)
        history?.save(from: hist)
    }

    /// Handles TAB: completes a unique candidate, extends to the common prefix, or lists on a second TAB.
    fileprivate func complete() -> UInt8 {
        var buffer = [CChar](repeating: 0, count: 8192)
        let n = clibedit_line_to_cursor(el, &buffer, Int32(buffer.count))
        guard n >= 0 else { return UInt8(CC_ERROR) }
        let line = String(decoding: buffer[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let completion = completer(line)
        let candidates = completion.candidates
        guard !candidates.isEmpty else { return UInt8(CC_ERROR) }
        let word = completion.word
        if candidates.count == 1, let only = candidates.first, only.hasPrefix(word) {
            var rest = String(only.dropFirst(word.count))
            if !only.hasSuffix("/") { rest += " " }
            clibedit_insert(el, rest)
            lastTabLine = nil
            return UInt8(CC_REFRESH)
        }
        let common = Completion.commonPrefix(candidates)
        if common.count > word.count, common.hasPrefix(word) {
            clibedit_insert(el, String(common.dropFirst(word.count)))
            lastTabLine = nil
            return UInt8(CC_REFRESH)
        }
        if lastTabLine == line {
            Console.out("\n" + Completion.columns(candidates, width: Terminal.width()))
            lastTabLine = nil
            return UInt8(CC_REDISPLAY)
        }
        lastTabLine = line
        return UInt8(CC_REFRESH)
    }
}

extension Completion {
    /// The longest prefix shared by all strings, compared by characters.
    public static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first else { return "" }
        for s in strings.dropFirst() {
            while !s.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Lays candidates out in columns, ls-style, each row ending in a newline.
    public static func columns(_ items: [String], width: Int) -> String {
        let cell = (items.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        var out = ""
        for (i, item) in items.enumerated() {
            let last = i % perRow == perRow - 1 || i == items.count - 1
            out += last ? item + "\n" : item + String(repeating: " ", count: max(0, cell - item.count))
        }
        return out
    }
}

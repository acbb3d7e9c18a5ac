import Foundation
import Notebook

/// The outcome of one line: what to print, and whether it succeeded.
public struct CommandOutcome: Sendable {
    public enum Status: Sendable, Equatable { case ok, failed }
    public var status: Status
    /// For standard output: the text, or the JSON with `--json`. Control characters are neutralised.
    public var output: String
    /// For standard error: one line, when the command failed.
    public var error: String?
    /// The `#N` the entry was stored under.
    public var entryId: Int64?
    /// The session should end.
    public var quits: Bool
    /// An expectation checked by the command did not hold (exit code 3 for a script).
    public var expectationFailed = false
    /// The result as stored (compact JSON); nil when nothing ran.
    public var resultJSON: String?
    /// The canonical name of the command that ran.
    public var command: String?
}

/// The engine behind every front end: parses a line, runs the command, records it in the notebook.
public final class Workbench {
    public static let version = "0.1.0"

    public let store: NotebookStore
    public let registry: CommandRegistry
    public let session: Session
    /// Polled by long-running commands; the front end wires it to Ctrl-C.
    public var isInterrupted: () -> Bool = { false }
    /// Shows a transient status line; the REPL wires it to the terminal.
    public var progress: (String) -> Void = { _ in }
    /// Prints output as it happens; the front ends wire it to standard output (text mode only).
    public var stream: (String) -> Void = { _ in }
    public var terminalWidth = 80
    /// Whether `--work cmd:…` counters may run: true for what a person types, false for a playbook run
    /// without `--allow-shell`.
    public var allowCommands = true
    /// The names of the playbooks that can be run, for completion (wired by the executable).
    public var playbookNames: () -> [String] = { [] }
    /// Profiles decoded in this session, by name.
    let profiles = ProfileCache()

    public init(store: NotebookStore, registry: CommandRegistry = .standard) throws {
        self.store = store
        self.registry = registry
        self.session = try store.beginSession(version: Workbench.version)
    }

    /// Runs one line and commits its entry before returning. Empty and comment-only lines return nil.
    public func run(_ line: String) -> CommandOutcome? {
        let started = Date().timeIntervalSince1970
        let words: [Token]
        do {
            words = try Tokenizer.tokenize(line)
        } catch {
            return fail(line, command: firstWord(line), error: "\(error)", started: started)
        }
        guard !words.isEmpty else { return nil }
        let commandType: any Command.Type
        let consumed: Int
        do {
            (commandType, consumed) = try registry.resolve(words.map(\.text))
        } catch {
            return fail(line, command: words[0].text, error: "\(error)", started: started)
        }
        let spec = commandType.spec
        let wantsJSON = words.contains { $0.text == "--json" && !$0.quoted }
        let stream = self.stream
        let context = CommandContext(store: store, workbench: self, isInterrupted: isInterrupted,
                                     progress: progress,
                                     stream: { text in if !wantsJSON { stream(SafeText.neutralize(text)) } },
                                     terminalWidth: terminalWidth)
        let args: ParsedArguments
        let result: CommandResult
        // The command's writes and its entry commit together: a kill in between keeps neither.
        var inTransaction = false
        do {
            args = try ParsedArguments(spec: spec, words: Array(words.dropFirst(consumed)))
            if args.wantsHelp {
                result = CommandResult(HelpResult(commands: [HelpResult.Item(spec)]), text: Help.text(for: spec))
            } else {
                let command = try commandType.init(args)
                try store.beginCommand()
                inTransaction = true
                try command.validate(in: context)
                result = try command.run(in: context)
            }
        } catch {
            if inTransaction { store.rollbackCommand() }
            return fail(line, command: spec.name, error: "\(error)", started: started)
        }
        let text = SafeText.neutralize(result.text)
        let json = JSONOutput.compact(result.value)
        var focusIds: (Int64?, Int64?) = (nil, nil)
        if spec.role == .experiment, let inv = try? store.investigation() {
            focusIds = (inv.focusedHypothesisId, inv.focusedQuestionId)
        }
        let entry = Entry(sessionId: session.id!, line: line, command: spec.name, startedAt: started,
                          endedAt: Date().timeIntervalSince1970, status: .ok, result: json, text: text,
                          hypothesisId: focusIds.0, questionId: focusIds.1)
        var outcome = CommandOutcome(status: .ok, output: args.wantsJSON ? JSONOutput.pretty(result.value) : text,
                                     error: nil, entryId: nil, quits: result.quits, resultJSON: json,
                                     command: spec.name)
        outcome.expectationFailed = result.expectationFailed
        do {
            let id = try store.record(entry).id
            if inTransaction {
                inTransaction = false
                try store.commitCommand()  // rolls back by itself when it fails
            }
            outcome.entryId = id
        } catch {
            if inTransaction { store.rollbackCommand() }
            outcome.status = .failed
            outcome.error = "error: \(error)"
        }
        return outcome
    }

    private func fail(_ line: String, command: String, error: String, started: Double) -> CommandOutcome {
        let message = SafeText.neutralize(Self.oneErrorTag(error), keepNewlines: false)
        let json = JSONOutput.compact(["error": message])
        var outcome = CommandOutcome(status: .failed, output: "", error: "error: " + message, entryId: nil,
                                     quits: false, resultJSON: json, command: command)
        let entry = Entry(sessionId: session.id!, line: line, command: command, startedAt: started,
                          endedAt: Date().timeIntervalSince1970, status: .failed, result: json,
                          text: "error: " + message)
        do {
            outcome.entryId = try store.record(entry).id
        } catch {
            outcome.error! += "\nerror: \(error)"
        }
        return outcome
    }

    /// A located error from a library (`FILE:3:1: error: …`, `URL: error: …`) gets the one `error: ` tag
    /// every failed command's line starts with, not a second one inside: `error: FILE:3:1: …`.
    static func oneErrorTag(_ error: String) -> String {
        guard let r = error.firstRange(of: ": error: ") else { return error }
        return String(error[..<r.lowerBound]) + ": " + String(error[r.upperBound...])
    }

    private func firstWord(_ line: String) -> String {
        String(line.split(separator: " ").first ?? "")
    }

    /// The prompt: where the investigation stands, e.g. `sleuth Q1›H2 testing> `.
    public func prompt() -> String {
        guard let inv = try? store.investigation() else { return "sleuth> " }
        return SafeText.neutralize(Prompt.text(for: inv), keepNewlines: false)
    }
}

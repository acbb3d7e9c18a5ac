/// One word of a command line, after quotes and backslashes are resolved.
public struct Token: Equatable, Sendable {
    public var text: String
    /// The character offset in the line where the word starts.
    public var start: Int
    /// Whether any part of the word was quoted or escaped (a quoted `-x` is an argument, not a flag).
    public var quoted: Bool

    public init(_ text: String, start: Int, quoted: Bool = false) {
        self.text = text
        self.start = start
        self.quoted = quoted
    }
}

/// Splits a command line into words the way a POSIX shell does, without expansions.
///
/// `'…'` is literal; inside `"…"` a backslash escapes only `"`, `\`, `$` and `` ` ``; outside quotes a
/// backslash escapes any character; `#` at the start of a word comments out the rest of the line, except
/// before a digit, where it names a stored result (`show #3`).
///
///     heap top 10 --focus 'main\.(*Cache)' # biggest first
///     → ["heap", "top", "10", "--focus", "main\.(*Cache)"]
public enum Tokenizer {
    /// - Throws: `WorkbenchError` for an unterminated quote or a trailing backslash, naming the column.
    public static func tokenize(_ line: String) throws -> [Token] {
        let scan = scan(line)
        if let problem = scan.problem { throw WorkbenchError(problem) }
        return scan.tokens
    }

    /// The words of a line being typed, for completion: an open quote is accepted, and the word under the
    /// cursor (possibly empty) is returned separately.
    public static func tokenizeForCompletion(_ line: String) -> (complete: [Token], current: Token) {
        let scan = scan(line, forCompletion: true)
        var tokens = scan.tokens
        let endsInSpace = scan.openToken == nil && (line.last.map { $0 == " " || $0 == "\t" } ?? true)
        if endsInSpace || tokens.isEmpty && scan.openToken == nil {
            return (tokens, Token("", start: line.count))
        }
        if let open = scan.openToken { return (tokens, open) }
        let current = tokens.removeLast()
        return (tokens, current)
    }

    /// Quotes a word so that `tokenize` gives it back unchanged as one word, and as an argument: a word
    /// starting with `-` is quoted too, so it never becomes a flag.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty && word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./:=,@%+#".contains($0) })
            && !word.hasPrefix("#") && !word.hasPrefix("-") {
            return word
        }
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }

    private struct Scan {
        var tokens: [Token] = []
        var openToken: Token?
        var problem: String?
    }

    private enum State { case between, word, single, double, comment }

    private static func scan(_ line: String, forCompletion: Bool = false) -> Scan {
        var result = Scan()
        var state = State.between
        var text = ""
        var start = 0
        var quoted = false
        var quoteColumn = 0
        var chars = Array(line)
        // A stray NUL or newline in a pasted line is a separator, never part of a word.
        for i in chars.indices where chars[i] == "\n" || chars[i] == "\r" || chars[i] == "\0" { chars[i] = " " }
        var i = 0
        func finish() {
            result.tokens.append(Token(text, start: start, quoted: quoted))
            text = ""
            quoted = false
        }
        while i < chars.count {
            let c = chars[i]
            switch state {
            case .comment:
                i = chars.count
                continue
            case .between, .word:
                if c == " " || c == "\t" {
                    if state == .word { finish() }
                    state = .between
                } else if c == "#" && state == .between && !(i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber)
                            && !(forCompletion && i + 1 == chars.count) {
                    state = .comment
                } else {
                    if state == .between { start = i; state = .word }
                    if c == "'" { state = .single; quoted = true; quoteColumn = i }
                    else if c == "\"" { state = .double; quoted = true; quoteColumn = i }
                    else if c == "\\" {
                        if i + 1 < chars.count { text.append(chars[i + 1]); quoted = true; i += 1 }
                        else {
                            result.problem = "trailing backslash at column \(i + 1)"
                            result.openToken = Token(text, start: start, quoted: quoted)
                            return result
                        }
                    } else { text.append(c) }
                }
            case .single:
                if c == "'" { state = .word } else { text.append(c) }
            case .double:
                if c == "\"" { state = .word }
                else if c == "\\", i + 1 < chars.count, "\"\\$`".contains(chars[i + 1]) {
                    text.append(chars[i + 1]); i += 1
                } else { text.append(c) }
            }
            i += 1
        }
        switch state {
        case .word: finish()
        case .single, .double:
            let q = state == .single ? "'" : "\""
            result.problem = "unterminated \(q) quote starting at column \(quoteColumn + 1)"
            result.openToken = Token(text, start: start, quoted: true)
        case .between, .comment: break
        }
        return result
    }
}


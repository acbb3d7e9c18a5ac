import Workbench

/// Text with `{{name}}` or `{{name.path.0}}` placeholders, as playbook steps write it.
///
///     run: dmesg {{log}} --since {{since}}
///     say: "The kernel killed {{kills.events.0.victim.name}}"
///
/// In a command line each value becomes exactly one word whatever it holds (spaces, quotes, a leading
/// `-`): it is quoted for the place where it stands, outside quotes, inside '…' or inside "…".
public struct Template: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        /// A placeholder: the dotted path inside the braces and its character offset in the text.
        case variable(path: String, offset: Int)
    }

    public let text: String
    let parts: [Part]

    /// - Throws: `ConditionError` (offset and message) for an unterminated or malformed placeholder.
    public init(_ text: String) throws {
        self.text = text
        var parts: [Part] = []
        let chars = Array(text)
        var literal = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == "}" && chars[j + 1] == "}") { j += 1 }
                guard j + 1 < chars.count else {
                    throw ConditionError(offset: i, message: "'{{' is never closed with '}}'")
                }
                let inner = String(chars[(i + 2)..<j]).trimmingSpaces()
                guard Template.isPath(inner) else {
                    let shown = inner.isEmpty ? "{{}}" : "{{" + inner + "}}"
                    throw ConditionError(offset: i, message: "'\(shown)' is not a variable; write {{name}} or {{name.path}}")
                }
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                parts.append(.variable(path: inner, offset: i))
                i = j + 2
                continue
            }
            literal.append(chars[i])
            i += 1
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    /// A name, then dot-separated names or indexes: `kills.events.0.victim.pid`.
    static func isPath(_ s: String) -> Bool {
        let segments = s.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = segments.first, Variables.isName(String(first)) else { return false }
        return segments.dropFirst().allSatisfy { seg in
            !seg.isEmpty && seg.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
    }

    /// The placeholders, in order: their paths and offsets.
    var variables: [(path: String, offset: Int)] {
        parts.compactMap { if case .variable(let p, let o) = $0 { return (p, o) } else { return nil } }
    }

    public var hasVariables: Bool { !variables.isEmpty }

    /// The text with each placeholder replaced by its value as it is.
    func render(_ value: (String) throws -> String) rethrows -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .variable(let p, _): out += try value(p)
            }
        }
        return out
    }

    /// A command line with each placeholder's value quoted as (part of) one word, so that a value can
    /// neither split into several words nor become a flag, a comment or the end of a quote.
    func renderCommandLine(_ value: (String) throws -> String) rethrows -> String {
        var out = ""
        var state = QuoteState.outside
        for part in parts {
            switch part {
            case .text(let t):
                out += t
                state = state.after(t)
            case .variable(let p, _):
                out += Template.quote(try value(p), in: state)
            }
        }
        return out
    }

    enum QuoteState {
        case outside, single, double

        /// The state after reading `text` in this state, as the Workbench tokenizer reads it.
        func after(_ text: String) -> QuoteState {
            var s = self
            var escaped = false
            for c in text {
                if escaped { escaped = false; continue }
                switch s {
                case .outside:
                    if c == "\\" { escaped = true } else if c == "'" { s = .single } else if c == "\"" { s = .double }
                case .single:
                    if c == "'" { s = .outside }
                case .double:
                    if c == "\\" { escaped = true } else if c == "\"" { s = .outside }
                }
            }
            return s
        }
    }

    static func quote(_ value: String, in state: QuoteState) -> String {
        switch state {
        case .single:
            return value.replacing("'", with: "'\\''")
        case .double:
            var out = ""
            for c in value {
                if "\"\\$`".contains(c) { out.append("\\") }
                out.append(c)
            }
            return out
        case .outside:
            return Template.word(value)
        }
    }

    /// One word for the tokenizer, always an argument (`Tokenizer.quote` quotes a leading `-`).
    static func word(_ value: String) -> String { Tokenizer.quote(value) }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

import Notebook

/// A test on results and variables, as `expect`, `test` and `when` write it:
///
///     analysis.verdict == "growing"
///     events.count >= 1 and not (events.0.scope == "global")
///     log                                   # true when the variable is set and not empty
///
/// Operands are dotted paths (into the last result, or into a variable when the first name is one),
/// or literals: "text", 'text', numbers, `true`, `false`, `null`. Comparisons: `== != < <= > >=`;
/// `and`, `or`, `not` and parentheses combine them; a path alone tests that its value is truthy
/// (not missing, null, false, 0, "" or empty).
public struct Condition: Sendable, Equatable, CustomStringConvertible {
    /// The text as written.
    public let text: String
    let root: Expression

    public var description: String { text }

    /// - Throws: `ConditionError` naming the character where the text stops making sense.
    public init(_ text: String) throws {
        self.text = text
        var parser = ConditionParser(text)
        root = try parser.parse()
    }

    /// Every path the condition reads, in order, without repeats.
    public var paths: [String] {
        var seen: [String] = []
        root.collectPaths(into: &seen)
        return seen
    }

    /// What an evaluation found: whether it held, and the value of each path it read.
    public struct Evaluation: Sendable, Equatable {
        public var holds: Bool
        /// Each path and its value (nil: not present).
        public var values: [Observed]

        public struct Observed: Sendable, Equatable {
            public var path: String
            public var value: JSONValue?
        }

        /// `(was 0)` for one path, `(events.count was 0, scope was "memcg")` for several.
        public var was: String {
            if values.isEmpty { return "" }
            if values.count == 1 { return "(was \(Condition.show(values[0].value)))" }
            return "(" + values.map { "\($0.path) was \(Condition.show($0.value))" }.joined(separator: ", ") + ")"
        }
    }

    /// Evaluates the condition; `lookup` gives the value of a path, or nil when it is not there.
    public func evaluate(_ lookup: (String) -> JSONValue?) -> Evaluation {
        var observed: [Evaluation.Observed] = []
        let memo: (String) -> JSONValue? = { path in
            if let known = observed.first(where: { $0.path == path }) { return known.value }
            let v = lookup(path)
            observed.append(.init(path: path, value: v))
            return v
        }
        let holds = root.evaluate(memo)
        return Evaluation(holds: holds, values: observed)
    }

    /// A value as the output shows it: JSON, shortened; `missing` when absent.
    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "missing" }
        let s = value.serialized()
        return s.count > 80 ? String(s.prefix(77)) + "…" : s
    }

    public static func == (a: Condition, b: Condition) -> Bool { a.text == b.text }
}

/// Where a condition stops making sense.
public struct ConditionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The character offset (from 0) in the condition text.
    public let offset: Int
    public let message: String
    public var description: String { message }
}

indirect enum Expression: Sendable {
    case compare(Operand, Comparison, Operand)
    case truthy(Operand)
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)

    func collectPaths(into seen: inout [String]) {
        switch self {
        case .compare(let a, _, let b):
            for o in [a, b] { if case .path(let p) = o, !seen.contains(p) { seen.append(p) } }
        case .truthy(let o):
            if case .path(let p) = o, !seen.contains(p) { seen.append(p) }
        case .not(let e): e.collectPaths(into: &seen)
        case .and(let a, let b), .or(let a, let b):
            a.collectPaths(into: &seen)
            b.collectPaths(into: &seen)
        }
    }

    func evaluate(_ lookup: (String) -> JSONValue?) -> Bool {
        switch self {
        case .compare(let a, let op, let b):
            return op.holds(a.value(lookup), b.value(lookup))
        case .truthy(let o):
            return Operand.isTruthy(o.value(lookup))
        case .not(let e):
            return !e.evaluate(lookup)
        case .and(let a, let b):
            // Both sides are evaluated so that the output can show every value the condition reads.
            let x = a.evaluate(lookup)
            let y = b.evaluate(lookup)
            return x && y
        case .or(let a, let b):
            let x = a.evaluate(lookup)
            let y = b.evaluate(lookup)
            return x || y
        }
    }
}

enum Operand: Sendable, Equatable {
    case path(String)
    case literal(JSONValue)

    func value(_ lookup: (String) -> JSONValue?) -> JSONValue? {
        switch self {
        case .path(let p): return lookup(p)
        case .literal(let v): return v
        }
    }

    static func isTruthy(_ v: JSONValue?) -> Bool {
        switch v {
        case nil, .null?: return false
        case .bool(let b)?: return b
        case .int(let n)?: return n != 0
        case .double(let d)?: return d != 0
        case .string(let s)?: return !s.isEmpty
        case .array(let a)?: return !a.isEmpty
        case .object(let o)?: return !o.isEmpty
        }
    }
}

enum Comparison: String, Sendable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// Numbers compare as numbers, also when one side is a variable's text that reads as a number
    /// (`--var limit=5`); texts compare as texts; a missing value equals only `null`.
    func holds(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch self {
        case .equal: return Self.equal(a, b)
        case .notEqual: return !Self.equal(a, b)
        default:
            guard let order = Self.order(a, b) else { return false }
            switch self {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    static func number(_ v: JSONValue?) -> Double? {
        if let n = v?.numberValue { return n }
        if case .string(let s)? = v { return Double(s) }
        return nil
    }

    static func equal(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        let x = a ?? .null
        let y = b ?? .null
        if x.numberValue != nil || y.numberValue != nil, let n = number(x), let m = number(y) { return n == m }
        switch (x, y) {
        case (.bool(let p), .string(let s)), (.string(let s), .bool(let p)): return s == (p ? "true" : "false")
        default: return x == y
        }
    }

    static func order(_ a: JSONValue?, _ b: JSONValue?) -> Int? {
        if case .string(let s)? = a, case .string(let t)? = b, Double(s) == nil || Double(t) == nil {
            return s == t ? 0 : (s < t ? -1 : 1)
        }
        guard let n = number(a), let m = number(b) else { return nil }
        return n == m ? 0 : (n < m ? -1 : 1)
    }
}

/// A recursive-descent parser over the condition's characters:
///
///     or      := and ("or" and)*
///     and     := unary ("and" unary)*
///     unary   := "not" unary | primary
///     primary := "(" or ")" | operand (comparison operand)?
struct ConditionParser {
    enum Token: Equatable {
        case path(String)
        case literal(JSONValue)
        case op(Comparison)
        case and, or, not, open, close, end
    }

    let chars: [Character]
    var i = 0
    var current: Token = .end
    var currentStart = 0

    init(_ text: String) {
        chars = Array(text)
    }

    mutating func parse() throws -> Expression {
        try advance()
        if current == .end { throw ConditionError(offset: 0, message: "empty condition") }
        let e = try parseOr()
        if current != .end { throw unexpected() }
        return e
    }

    func unexpected() -> ConditionError {
        if current == .end { return ConditionError(offset: chars.count, message: "the condition ends too early") }
        let word = String(chars[currentStart..<min(i, chars.count)])
        return ConditionError(offset: currentStart, message: "unexpected '\(word)'")
    }

    mutating func parseOr() throws -> Expression {
        var e = try parseAnd()
        while current == .or {
            try advance()
            e = .or(e, try parseAnd())
        }
        return e
    }

    mutating func parseAnd() throws -> Expression {
        var e = try parseUnary()
        while current == .and {
            try advance()
            e = .and(e, try parseUnary())
        }
        return e
    }

    mutating func parseUnary() throws -> Expression {
        if current == .not {
            try advance()
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws -> Expression {
        if current == .open {
            let openAt = currentStart
            try advance()
            let e = try parseOr()
            guard current == .close else {
                if current == .end { throw ConditionError(offset: openAt, message: "'(' is never closed") }
                throw unexpected()
            }
            try advance()
            return e
        }
        let left = try parseOperand()
        if case .op(let op) = current {
            try advance()
            return .compare(left, op, try parseOperand())
        }
        return .truthy(left)
    }

    mutating func parseOperand() throws -> Operand {
        switch current {
        case .path(let p): try advance(); return .path(p)
        case .literal(let v): try advance(); return .literal(v)
        default:
            if current == .end {
                throw ConditionError(offset: chars.count, message: "the condition ends where a value or a path is expected")
            }
            throw ConditionError(offset: currentStart, message: "expected a value or a path, found '\(String(chars[currentStart..<i]))'")
        }
    }

    mutating func advance() throws {
        while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\n" { i += 1 }
        currentStart = i
        guard i < chars.count else { current = .end; return }
        let c = chars[i]
        switch c {
        case "(": i += 1; current = .open
        case ")": i += 1; current = .close
        case "=", "!", "<", ">":
            let two = i + 1 < chars.count ? String([c, chars[i + 1]]) : String(c)
            if let op = Comparison(rawValue: two) { i += 2; current = .op(op); return }
            if c == "<" || c == ">" { i += 1; current = .op(Comparison(rawValue: String(c))!); return }
            if c == "!" { i += 1; current = .not; return }
            throw ConditionError(offset: i, message: "'=' is not an operator; compare with '=='")
        case "&":
            guard i + 1 < chars.count, chars[i + 1] == "&" else { throw ConditionError(offset: i, message: "unexpected '&'; write 'and'") }
            i += 2; current = .and
        case "|":
            guard i + 1 < chars.count, chars[i + 1] == "|" else { throw ConditionError(offset: i, message: "unexpected '|'; write 'or'") }
            i += 2; current = .or
        case "\"", "'":
            current = .literal(.string(try readString(quote: c)))
        case "{":
            throw ConditionError(offset: i, message: "a condition names variables without braces: write 'target', not '{{target}}'")
        default:
            if c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber) {
                current = .literal(try readNumber())
            } else if c.isLetter || c == "_" {
                let word = readPath()
                switch word {
                case "and": current = .and
                case "or": current = .or
                case "not": current = .not
                case "true": current = .literal(.bool(true))
                case "false": current = .literal(.bool(false))
                case "null", "none", "None": current = .literal(.null)
                default:
                    if word.hasSuffix(".") || word.contains("..") {
                        throw ConditionError(offset: currentStart, message: "'\(word)' is not a path: a dot must stand between two names")
                    }
                    current = .path(word)
                }
            } else {
                throw ConditionError(offset: i, message: "unexpected '\(c)'")
            }
        }
    }

    mutating func readPath() -> String {
        let start = i
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." || chars[i] == "-" {
            // A '-' belongs to a name (`warming-up`) only between letters or digits.
            if chars[i] == "-" && !(i + 1 < chars.count && (chars[i + 1].isLetter || chars[i + 1].isNumber)) { break }
            i += 1
        }
        return String(chars[start..<i])
    }

    mutating func readNumber() throws -> JSONValue {
        let start = i
        if chars[i] == "-" { i += 1 }
        while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "e" || chars[i] == "E" { i += 1 }
        let text = String(chars[start..<i])
        if let n = Int64(text) { return .int(n) }
        if let d = Double(text) { return .double(d) }
        throw ConditionError(offset: start, message: "'\(text)' is not a number")
    }

    mutating func readString(quote: Character) throws -> String {
        let start = i
        i += 1
        var out = ""
        while i < chars.count {
            let c = chars[i]
            if c == quote { i += 1; return out }
            if c == "\\", i + 1 < chars.count {
                let e = chars[i + 1]
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(e)
                }
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        throw ConditionError(offset: start, message: "unterminated \(quote) quote")
    }
}

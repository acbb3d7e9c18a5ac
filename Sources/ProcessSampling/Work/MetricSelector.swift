/// `metric{label="value",other!="x"}`: which series of a Prometheus page to read.
///
/// Matchers are `=` and `!=` (a missing label matches `""`, as in PromQL). Regular-expression
/// matchers are refused with a message rather than half-supported.
public struct MetricSelector: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public struct Matcher: Sendable, Equatable, Hashable, Codable {
        public var label: String
        public var value: String
        public var negated: Bool

        public init(label: String, value: String, negated: Bool = false) {
            self.label = label
            self.value = value
            self.negated = negated
        }
    }

    public var name: String
    public var matchers: [Matcher]

    public init(name: String, matchers: [Matcher] = []) {
        self.name = name
        self.matchers = matchers
    }

    /// Whether `sample` is one of the selected series.
    public func matches(_ sample: PrometheusSample) -> Bool {
        sample.name == name && matchers.allSatisfy { ($0.value == sample.label($0.label)) != $0.negated }
    }

    /// Parses `name` or `name{l="v",l2!="w"}`.
    /// - Throws: `.invalidArgument` naming the position of the fault.
    public static func parse(_ text: String) throws(SamplingError) -> MetricSelector {
        let b = Array(text.utf8)
        var i = 0
        func fail(_ why: String) -> SamplingError {
            SamplingError(.invalidArgument, "metric selector '\(text)' \(why) at column \(i + 1)")
        }
        func isNameByte(_ c: UInt8, first: Bool, metric: Bool) -> Bool {
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == UInt8(ascii: "_")
                || (metric && c == UInt8(ascii: ":")) || (!first && c >= 0x30 && c <= 0x39)
        }
        while i < b.count && isNameByte(b[i], first: i == 0, metric: true) { i += 1 }
        guard i > 0 else { throw fail("has no metric name") }
        let name = String(decoding: b[0..<i], as: UTF8.self)
        var matchers: [Matcher] = []
        if i < b.count {
            guard b[i] == UInt8(ascii: "{") else { throw fail("has an unexpected character") }
            i += 1
            while true {
                while i < b.count && b[i] == 0x20 { i += 1 }
                guard i < b.count else { throw fail("lacks a closing '}'") }
                if b[i] == UInt8(ascii: "}") { i += 1; break }
                let start = i
                while i < b.count && isNameByte(b[i], first: i == start, metric: false) { i += 1 }
                guard i > start else { throw fail("expects a label name") }
                let label = String(decoding: b[start..<i], as: UTF8.self)
                while i < b.count && b[i] == 0x20 { i += 1 }
                var negated = false
                if i + 1 < b.count && b[i] == UInt8(ascii: "!") && b[i + 1] == UInt8(ascii: "=") {
                    negated = true
                    i += 2
                } else if i < b.count && b[i] == UInt8(ascii: "=") {
                    i += 1
                    if i < b.count && b[i] == UInt8(ascii: "~") { throw fail("uses a regex matcher (=~), which is not supported; use = or !=") }
                } else {
                    throw fail("expects '=' or '!=' after label '\(label)'")
                }
                while i < b.count && b[i] == 0x20 { i += 1 }
                guard i < b.count && b[i] == UInt8(ascii: "\"") else { throw fail("expects a quoted value for label '\(label)'") }
                i += 1
                var value: [UInt8] = []
                while true {
                    guard i < b.count else { throw fail("has an unterminated value") }
                    if b[i] == UInt8(ascii: "\"") { i += 1; break }
                    if b[i] == UInt8(ascii: "\\"), i + 1 < b.count {
                        value.append(b[i + 1] == UInt8(ascii: "n") ? 0x0A : b[i + 1])
                        i += 2
                    } else {
                        value.append(b[i])
                        i += 1
                    }
                }
                matchers.append(Matcher(label: label, value: String(decoding: value, as: UTF8.self), negated: negated))
                while i < b.count && b[i] == 0x20 { i += 1 }
                if i < b.count && b[i] == UInt8(ascii: ",") { i += 1 }
            }
            guard i == b.count else { throw fail("has text after '}'") }
        }
        return MetricSelector(name: name, matchers: matchers)
    }

    public var description: String {
        guard !matchers.isEmpty else { return name }
        let inner = matchers.map { m in
            let escaped = m.value.replacingBackslashesAndQuotes()
            return "\(m.label)\(m.negated ? "!=" : "=")\"\(escaped)\""
        }
        return name + "{" + inner.joined(separator: ",") + "}"
    }
}

extension String {
    fileprivate func replacingBackslashesAndQuotes() -> String {
        var out = ""
        for c in self {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}

import Notebook

/// The values a running playbook knows: its variables (text from `vars`, `--var` and `prompt`) and the
/// results kept by `register`, plus the last result, which conditions read by default.
struct Variables {
    /// Text variables and registered values, by name.
    var values: [String: JSONValue] = [:]
    /// The entry (`#N`) each registered result came from.
    var entries: [String: Int64] = [:]
    /// The structured result of the last `run` step.
    var lastResult: JSONValue?
    var lastEntry: Int64?

    /// `[A-Za-z_][A-Za-z0-9_]*`
    static func isName(_ s: String) -> Bool {
        guard let f = s.first, f.isASCII, f.isLetter || f == "_" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// The value of a dotted path: a variable when its first name is one, else a path into the last
    /// result (`result.` names the last result explicitly).
    func lookup(_ path: String) -> JSONValue? {
        var segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = segments.first else { return nil }
        let base: JSONValue
        if let v = values[first] {
            base = v
            segments.removeFirst()
        } else if first == "result" && values["result"] == nil {
            guard let r = lastResult else { return nil }
            base = r
            segments.removeFirst()
        } else {
            guard let r = lastResult else { return nil }
            base = r
        }
        return Variables.follow(segments, in: base)
    }

    /// Walks `segments` with `JSONValue.value(at:)`, adding `last` and negative indexes for arrays.
    static func follow(_ segments: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for s in segments {
            if case .array(let a) = current {
                if s == "last" { guard let l = a.last else { return nil }; current = l; continue }
                if let n = Int(s), n < 0 { guard a.count + n >= 0 else { return nil }; current = a[a.count + n]; continue }
            }
            guard let next = current.value(at: s) else { return nil }
            current = next
        }
        return current
    }

    /// A value as it goes into text: a string as it is, numbers and booleans as JSON, null as nothing,
    /// lists and objects as compact JSON.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .null: return ""
        default: return value.serialized()
        }
    }

    /// The environment a shell step gets: `SLEUTH_VAR_NAME=value` for every variable.
    var environment: [String: String] {
        var env: [String: String] = [:]
        for (name, value) in values { env["SLEUTH_VAR_" + name.uppercased()] = Variables.text(value) }
        return env
    }
}

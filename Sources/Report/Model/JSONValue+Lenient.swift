import Notebook

/// Lenient reads of stored results: any key may be missing, null or of another type.
extension JSONValue {
    func number(_ path: String) -> Double? { value(at: path)?.numberValue.flatMap { $0.isFinite ? $0 : nil } }
    func int(_ path: String) -> Int? { number(path).flatMap { abs($0) < 9e15 ? Int($0) : nil } }
    func string(_ path: String) -> String? { value(at: path)?.stringValue }
    func bool(_ path: String) -> Bool? { value(at: path)?.boolValue }
    func array(_ path: String) -> [JSONValue] { value(at: path)?.arrayValue ?? [] }
    func object(_ path: String) -> JSONValue? {
        guard let v = value(at: path), case .object = v else { return nil }
        return v
    }

    var isObject: Bool { if case .object = self { return true } else { return false } }
    var members: [(key: String, value: JSONValue)] {
        if case .object(let m) = self { return m }
        return []
    }

    /// A scalar shown as text: strings as they are, numbers without trailing zeros; nil for null and
    /// containers.
    var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .double(let d): return Format.number(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// `[lower, upper]` of an interval, either end possibly null.
    func interval(_ path: String) -> (Double?, Double?)? {
        let a = array(path)
        guard a.count == 2 else { return nil }
        return (a[0].numberValue, a[1].numberValue)
    }
}

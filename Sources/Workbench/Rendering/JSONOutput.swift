import Notebook

/// JSON encoding of command results, the same everywhere (notebook, `--json`, exports).
public enum JSONOutput {
    public static func value(_ value: any Encodable) -> JSONValue {
        do {
            return try ResultEncoder.encode(value)
        } catch {
            return .object([("error", .string("cannot encode the result: \(error)"))])
        }
    }

    public static func compact(_ value: any Encodable) -> String { Self.value(value).serialized() }
    public static func pretty(_ value: any Encodable) -> String { Self.value(value).serialized(pretty: true) }
}

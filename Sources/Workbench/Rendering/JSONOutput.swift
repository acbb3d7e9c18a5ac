import Foundation

/// JSON encoding of command results, the same everywhere (notebook, `--json`, exports).
public enum JSONOutput {
    public static func compact(_ value: any Encodable) -> String {
        encode(value, pretty: false)
    }

    public static func pretty(_ value: any Encodable) -> String {
        encode(value, pretty: true)
    }

    private static func encode(_ value: any Encodable, pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity",
                                                                       negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return String(decoding: try encoder.encode(AnyEncodable(value)), as: UTF8.self)
        } catch {
            return "{\"error\":\"cannot encode the result: \(error)\"}"
        }
    }
}

private struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}

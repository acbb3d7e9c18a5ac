/// Durations as users type them: `200ms`, `5s`, `2m`, `1h`, `1.5s`, `1m30s`.
public enum DurationParser {
    /// Seconds in `text`: one or more `NUMBER UNIT` parts with units `ms`, `s`, `m`, `h`; a bare
    /// number is seconds.
    /// - Parameter what: the option being parsed, for the error (`--every`).
    /// - Throws: `.invalidArgument` naming the value and what is wrong with it.
    public static func seconds(_ text: String, what: String = "duration") throws(SamplingError) -> Double {
        let bytes = Array(text.utf8)
        func fail(_ why: String) -> SamplingError {
            SamplingError(.invalidArgument, "\(what) '\(text)' \(why); use a duration such as 200ms, 1.5s, 2m or 1h")
        }
        guard !bytes.isEmpty else { throw fail("is empty") }
        var total = 0.0
        var i = 0
        while i < bytes.count {
            let start = i
            while i < bytes.count && ((bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == UInt8(ascii: ".")) { i += 1 }
            guard i > start, let number = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else {
                throw fail("has no number at '\(String(decoding: bytes[start...], as: UTF8.self))'")
            }
            let unitStart = i
            while i < bytes.count && ((bytes[i] >= 0x61 && bytes[i] <= 0x7A) || bytes[i] == 0xC2 || bytes[i] == 0xB5) { i += 1 }
            let unit = String(decoding: bytes[unitStart..<i], as: UTF8.self)
            let scale: Double
            switch unit {
            case "ms": scale = 0.001
            case "us", "µs": scale = 0.000_001
            case "s", "": scale = 1
            case "m", "min": scale = 60
            case "h": scale = 3600
            default: throw fail("has an unknown unit '\(unit)'")
            }
            if unit.isEmpty && (start != 0 || i != bytes.count) { throw fail("mixes a bare number with units") }
            total += number * scale
        }
        guard total.isFinite else { throw fail("is too large") }
        return total
    }
}

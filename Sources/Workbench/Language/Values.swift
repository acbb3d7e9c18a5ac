#if canImport(Glibc)
import Glibc
#endif

/// `#N` references to stored results.
enum EntryRef {
    static func parse(_ text: String) throws -> Int64 {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard let n = Int64(digits), n > 0 else {
            throw WorkbenchError("'\(text)' is not a result id; results are named #1, #2, … (see 'history')")
        }
        return n
    }
}

/// `Q1`, `H2` references to the investigation.
enum NodeRef: Equatable {
    case question(Int64)
    case hypothesis(Int64)

    static func parse(_ text: String) throws -> NodeRef {
        let upper = text.uppercased()
        if let kind = upper.first, kind == "Q" || kind == "H", let n = Int64(upper.dropFirst()), n > 0 {
            return kind == "Q" ? .question(n) : .hypothesis(n)
        }
        throw WorkbenchError("'\(text)' is not a question or hypothesis id (Q1, H2, …)")
    }

    static func hypothesis(_ text: String) throws -> Int64 {
        guard case .hypothesis(let h) = try parse(text) else {
            throw WorkbenchError("'\(text)' is a question; a hypothesis id is expected (H1, H2, …)")
        }
        return h
    }
}

/// Durations as users type them: `250ms`, `5s`, `2m`, `1.5h`, or plain seconds.
enum DurationValue {
    static func parse(_ text: String, what: String) throws -> Double {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            if let v = Double(number), v >= 0, v.isFinite { return v * scale }
        }
        if let v = Double(text), v >= 0, v.isFinite { return v }
        throw WorkbenchError("'\(text)' is not a valid \(what); use a duration such as 500ms, 30s, 2m or 1h")
    }
}

extension Int {
    static func parse(_ text: String, what: String, atLeast minimum: Int) throws -> Int {
        guard let n = Int(text), n >= minimum else {
            throw WorkbenchError("'\(text)' is not a valid \(what); expected a whole number ≥ \(minimum)")
        }
        return n
    }
}

/// Times as shown in text output.
enum Clock {
    /// `HH:MM:SS` in local time.
    static func time(_ epochSeconds: Double) -> String {
        var t = time_t(epochSeconds)
        var tm = tm()
        localtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec))"
    }

    static func nap(_ duration: Duration) {
        let (s, atto) = duration.components
        var ts = timespec(tv_sec: Int(s), tv_nsec: Int(atto / 1_000_000_000))
        nanosleep(&ts, nil)
    }
}

/// Numbers as shown in text output.
enum Format {
    static func seconds(_ s: Double) -> String {
        if s < 1 { return "\(Int((s * 1000).rounded()))ms" }
        if s < 120 { return fixed(s, 1) + "s" }
        if s < 7200 { return fixed(s / 60, 1) + "m" }
        return fixed(s / 3600, 1) + "h"
    }

    /// `p = 0.0312`, or `p < 0.0001`.
    static func p(_ p: Double) -> String {
        p < 0.0001 ? "p < 0.0001" : "p = " + fixed(p, 4)
    }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return "\(v)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (v * scale).rounded() / scale
        var s = "\(r)"
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
            if digits == 0 { s = String(s[..<dot]) }
        } else if digits > 0 {
            s += "." + String(repeating: "0", count: digits)
        }
        return s
    }
}

import Foundation

/// Numbers, sizes, durations and times as the report prints them: fixed formats, UTC, no locale.
enum Format {
    /// `d` with `digits` decimals, C locale.
    static func fixed(_ d: Double, _ digits: Int) -> String {
        guard d.isFinite else { return "-" }
        return String(format: "%.\(digits)f", d)
    }

    /// A number without trailing zeros (`12`, `0.35`, `1.2e-09`), for figures read back from results.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "-" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        if abs(d) < 0.001 { return String(format: "%.2g", d) }
        var s = String(format: "%.3f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A size in KiB with a binary unit chosen for readability: `812 KiB`, `455.3 MiB`, `1.50 GiB`.
    static func kib(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "-" }
        let a = abs(v)
        if a >= 1024 * 1024 { return fixed(v / 1024 / 1024, 2) + " GiB" }
        if a >= 1024 { return fixed(v / 1024, 1) + " MiB" }
        return fixed(v, 0) + " KiB"
    }

    /// A size in bytes: `512 B`, `4.0 KiB`, `90.0 MiB`.
    static func bytes(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "-" }
        if abs(v) < 1024 { return fixed(v, 0) + " B" }
        return kib(v / 1024)
    }

    /// A growth rate in KiB/s, with the per-minute figure people reason in: `420 KiB/s (24.6 MiB/min)`.
    static func rate(_ kibPerSecond: Double?) -> String {
        guard let r = kibPerSecond, r.isFinite else { return "-" }
        return number(r) + " KiB/s (" + kib(r * 60) + "/min)"
    }

    /// A duration: `45 s`, `1 min 52 s`, `3 h 5 min`, `2.1 d`.
    static func duration(_ seconds: Double?) -> String {
        guard let s = seconds, s.isFinite else { return "-" }
        if s < 0 { return "-" + duration(-s) }
        if s < 1 { return s == 0 ? "0 s" : "\(max(1, Int((s * 1000).rounded()))) ms" }
        if s < 60 { return s == s.rounded() ? "\(Int(s)) s" : fixed(s, 1) + " s" }
        let total = Int(s.rounded())
        if total < 3600 { return "\(total / 60) min" + (total % 60 == 0 ? "" : " \(total % 60) s") }
        if total < 86_400 { return "\(total / 3600) h" + (total % 3600 / 60 == 0 ? "" : " \(total % 3600 / 60) min") }
        return fixed(s / 86_400, 1) + " d"
    }

    /// A value of a profile's sample type: bytes as sizes, anything else as a plain number.
    static func profileValue(_ v: Double?, unit: String?) -> String {
        guard let v else { return "-" }
        switch unit?.lowercased() {
        case "bytes", "byte", "b": return bytes(v)
        case "kib", "kb", "kilobytes": return kib(v)
        case "nanoseconds", "ns": return duration(v / 1e9)
        default: return number(v)
        }
    }

    static func percent(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "-" }
        return fixed(v, 1) + "%"
    }

    // MARK: Time

    /// `2025-11-26 10:02:00 UTC`.
    static func utc(_ epoch: Double) -> String { utcDate(epoch) + " " + utcTime(epoch) + " UTC" }

    /// `2025-11-26`.
    static func utcDate(_ epoch: Double) -> String {
        let (days, _) = split(epoch)
        let (y, m, d) = civil(daysSinceEpoch: days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// `10:02:00`.
    static func utcTime(_ epoch: Double) -> String {
        let (_, s) = split(epoch)
        return pad(s / 3600, 2) + ":" + pad(s % 3600 / 60, 2) + ":" + pad(s % 60, 2)
    }

    private static func split(_ epoch: Double) -> (days: Int, secondOfDay: Int) {
        let seconds = Int(epoch.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (days, seconds - days * 86_400)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(daysSinceEpoch z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Days since 1970-01-01 of a civil date (`days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

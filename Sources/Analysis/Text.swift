/// Number formatting for `reason` strings (no Foundation: three significant figures by hand).
enum Text {
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return v > 0 ? "∞" : (v < 0 ? "-∞" : "n/a") }
        let a = abs(v)
        let sign = v < 0 ? "-" : ""
        if a >= 100 { return sign + String(Int(a.rounded())) }
        let decimals = a >= 10 ? 1 : (a >= 1 ? 2 : 3)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((a * scale).rounded())
        if scaled == 0 { return "0" }
        var fraction = String(scaled % Int(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let whole = String(scaled / Int(scale))
        return sign + (fraction.isEmpty ? whole : whole + "." + fraction)
    }

    static func kib(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1024 * 1024 { return number(v / 1024 / 1024) + " GiB" }
        if a >= 1024 { return number(v / 1024) + " MiB" }
        return number(v) + " KiB"
    }

    static func rate(_ kibPerSecond: Double) -> String { kib(kibPerSecond) + "/s" }

    static func seconds(_ s: Double) -> String {
        if s < 1 { return number(s * 1000) + " ms" }
        if s < 120 { return number(s) + " s" }
        if s < 7200 { return number(s / 60) + " min" }
        return number(s / 3600) + " h"
    }

    static func percent(_ fraction: Double) -> String { number(fraction * 100) + "%" }

    /// `p = 0.03`, or `p < 0.0001`.
    static func p(_ p: Double) -> String {
        if p < 0.0001 { return "p < 0.0001" }
        return "p = " + number(p)
    }
}

/// A linear map from data to pixels.
struct LinearScale {
    var domain: (Double, Double)
    var range: (Double, Double)

    func callAsFunction(_ v: Double) -> Double {
        let span = domain.1 - domain.0
        guard span != 0 else { return (range.0 + range.1) / 2 }
        return range.0 + (v - domain.0) / span * (range.1 - range.0)
    }

    /// Round ticks (1, 2, 5 × 10ⁿ) covering the domain, about `count` of them.
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 6) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let step = niceStep((hi - lo) / Double(max(1, count)))
        var out: [Double] = []
        var v = (lo / step).rounded(.up) * step
        while v <= hi + step * 1e-9, out.count < 50 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        var p = 1.0
        while p * 10 <= raw { p *= 10 }
        while p > raw { p /= 10 }
        let f = raw / p
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p
    }

    /// Ticks on a time axis in seconds: steps of 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 6, 12 h, days.
    static func timeTicks(_ lo: Double, _ hi: Double, count: Int = 8) -> [Double] {
        guard hi > lo else { return [lo] }
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400]
        let raw = (hi - lo) / Double(count)
        let step = steps.first { $0 >= raw } ?? niceStep(raw / 86_400) * 86_400
        var out: [Double] = []
        var v = (lo / step).rounded(.up) * step
        while v <= hi + 1e-9, out.count < 60 {
            out.append(v)
            v += step
        }
        return out
    }
}

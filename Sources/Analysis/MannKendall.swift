/// The Mann–Kendall test for a monotonic trend.
///
/// S = Σᵢ<ⱼ sign(yⱼ − yᵢ); under no trend S is approximately normal with variance
/// [n(n−1)(2n+5) − Σₜ t(t−1)(2t+5)] / 18, where t runs over the sizes of groups of tied values.
/// Z uses the usual continuity correction ((S − 1)/σ for S > 0, (S + 1)/σ for S < 0) and the
/// p-value is two-sided.
///
/// Memory series are strongly autocorrelated, which makes the p-value of a raw series far too
/// small; the trend analysis therefore tests group medians or GC troughs, not raw samples.
public struct MannKendall: Sendable, Equatable, Codable {
    /// Number of points.
    public var count: Int
    /// The statistic S.
    public var s: Int
    /// Var(S), corrected for ties.
    public var variance: Double
    /// The normal score with continuity correction.
    public var z: Double
    /// Two-sided p-value.
    public var pValue: Double
    /// Kendall's tau-a, S / (n(n−1)/2).
    public var tau: Double

    /// Runs the test on values in time order; `nil` with fewer than 3 points.
    /// - Complexity: O(n²) comparisons, O(n log n) for ties.
    public init?(_ values: [Double]) {
        let n = values.count
        guard n >= 3 else { return nil }
        var s = 0
        values.withUnsafeBufferPointer { y in
            for i in 0..<(n - 1) {
                let yi = y[i]
                for j in (i + 1)..<n {
                    let d = y[j] - yi
                    if d > 0 { s += 1 } else if d < 0 { s -= 1 }
                }
            }
        }
        let variance = MannKendall.variance(values)
        let sigma = variance.squareRoot()
        let z: Double
        if sigma == 0 || s == 0 {
            z = 0
        } else {
            z = Double(s > 0 ? s - 1 : s + 1) / sigma
        }
        self.count = n
        self.s = s
        self.variance = variance
        self.z = z
        self.pValue = sigma == 0 ? 1 : Statistics.twoSidedP(z)
        self.tau = Double(s) / (Double(n) * Double(n - 1) / 2)
    }

    /// Var(S) under the null hypothesis, with the correction for tied values.
    public static func variance(_ values: [Double]) -> Double {
        let n = Double(values.count)
        var total = n * (n - 1) * (2 * n + 5)
        let sorted = values.sorted()
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count && sorted[j] == sorted[i] { j += 1 }
            let t = Double(j - i)
            if t > 1 { total -= t * (t - 1) * (2 * t + 5) }
            i = j
        }
        return total / 18
    }
}

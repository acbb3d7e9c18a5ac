/// A robust straight-line fit: the Theil–Sen estimator with Sen's confidence interval.
///
/// The slope is the median of the pairwise slopes (yⱼ − yᵢ)/(xⱼ − xᵢ) over pairs with distinct x;
/// the intercept is the median of yᵢ − slope·xᵢ. It tolerates up to ~29% outliers (a spike, a
/// single large allocation) where least squares would not.
///
/// The interval is Sen's (Gilbert 1987, §16.5): with N pairwise slopes sorted and
/// C = z₁₋α/₂ · √Var(S) (the Mann–Kendall variance with ties), the bounds are the slopes of rank
/// (N − C)/2 and (N + C)/2 + 1.
public struct TheilSen: Sendable, Equatable, Codable {
    /// Series longer than this are first reduced to this many group medians (see `fit`).
    public static let maximumExactPoints = 2_000

    /// The median pairwise slope (y units per x unit).
    public var slope: Double
    /// The median of y − slope·x.
    public var intercept: Double
    /// Lower bound of the slope interval.
    public var lower: Double
    /// Upper bound of the slope interval.
    public var upper: Double
    /// The interval's confidence level, e.g. 0.95.
    public var confidence: Double
    /// Points actually used (after any reduction).
    public var pointCount: Int
    /// Whether the series was reduced to group medians first.
    public var reduced: Bool

    /// The fitted value at `x`.
    public func value(at x: Double) -> Double { intercept + slope * x }

    /// Fits y against x; `nil` with fewer than 2 points or when every x is the same.
    ///
    /// Beyond `maximumExactPoints` points the series is reduced to that many medians of
    /// consecutive groups first (a linear trend survives the reduction; the interval is then the
    /// interval of the reduced series, which is wider, not narrower, than the exact one would be).
    /// - Parameters:
    ///   - x: abscissae, e.g. seconds; need not be sorted.
    ///   - y: ordinates, same count as `x`.
    ///   - confidence: level of the slope interval, in (0, 1).
    /// - Complexity: O(m²) time and memory for m = min(n, 2000) points (≈2·10⁶ slopes at most);
    ///   ranks are found by quickselect, not a full sort.
    public static func fit(x: [Double], y: [Double], confidence: Double = 0.95) -> TheilSen? {
        precondition(x.count == y.count, "Theil–Sen needs as many x as y")
        var xs = x
        var ys = y
        if !isSorted(xs) {
            let order = xs.indices.sorted { xs[$0] < xs[$1] }
            xs = order.map { x[$0] }
            ys = order.map { y[$0] }
        }
        var reduced = false
        if xs.count > maximumExactPoints {
            (xs, ys) = Statistics.groupMedians(x: xs, y: ys, groups: maximumExactPoints)
            reduced = true
        }
        let n = xs.count
        guard n >= 2 else { return nil }
        var slopes: [Double] = []
        slopes.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n where xs[j] != xs[i] {
                slopes.append((ys[j] - ys[i]) / (xs[j] - xs[i]))
            }
        }
        let count = slopes.count
        guard count > 0 else { return nil }
        let slope = medianInPlace(&slopes)
        let intercept = Statistics.median(zip(xs, ys).map { $0.1 - slope * $0.0 })!

        let c = Statistics.normalQuantile(1 - (1 - confidence) / 2) * MannKendall.variance(ys).squareRoot()
        let lowRank = Int(((Double(count) - c) / 2).rounded()) - 1       // 0-based rank of the M1-th slope
        let highRank = Int(((Double(count) + c) / 2).rounded())          // 0-based rank of the (M2+1)-th
        let lower: Double
        let upper: Double
        if lowRank < 0 || highRank > count - 1 {
            // Too few points for an interval at this confidence: it is unbounded.
            lower = lowRank < 0 ? -.infinity : select(&slopes, lowRank)
            upper = highRank > count - 1 ? .infinity : select(&slopes, highRank)
        } else {
            lower = select(&slopes, lowRank)
            upper = select(&slopes, highRank)
        }
        return TheilSen(slope: slope, intercept: intercept, lower: min(lower, slope), upper: max(upper, slope),
                        confidence: confidence, pointCount: n, reduced: reduced)
    }

    private static func isSorted(_ a: [Double]) -> Bool {
        var i = 1
        while i < a.count {
            if a[i] < a[i - 1] { return false }
            i += 1
        }
        return true
    }

    private static func select(_ a: inout [Double], _ k: Int) -> Double {
        quickselect(&a, k)
        return a[k]
    }

    private static func medianInPlace(_ a: inout [Double]) -> Double {
        let n = a.count
        if n % 2 == 1 { return select(&a, n / 2) }
        let upper = select(&a, n / 2)
        // After selecting rank n/2, everything below it is in the lower half: its max is rank n/2 − 1.
        var lowerMax = -Double.infinity
        for i in 0..<(n / 2) where a[i] > lowerMax { lowerMax = a[i] }
        return (lowerMax + upper) / 2
    }
}

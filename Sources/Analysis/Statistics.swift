#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small order statistics and distribution functions shared by the analyses.
public enum Statistics {
    /// The median of `values` (mean of the two middle values for an even count); `nil` when empty.
    /// - Complexity: O(n log n).
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return quantile(sorted: values.sorted(), 0.5)
    }

    /// The `q` quantile of already sorted values, interpolating linearly between order statistics.
    public static func quantile(sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of an empty array")
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The median absolute deviation from the median, scaled by 1.4826 so that it estimates the
    /// standard deviation of normal noise while ignoring outliers.
    public static func scaledMAD(_ values: [Double]) -> Double {
        guard let m = median(values) else { return 0 }
        return 1.4826 * (median(values.map { abs($0 - m) }) ?? 0)
    }

    /// The standard normal cumulative distribution Φ(z).
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|).
    public static func twoSidedP(_ z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }

    /// The standard normal quantile Φ⁻¹(p), by Acklam's rational approximation refined with one
    /// Halley step (relative error below 1e-12).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normal quantile outside (0, 1)")
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = normalCDF(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    /// Reduces a series to `groups` medians of consecutive points (times and values separately).
    ///
    /// Used to tame autocorrelation and noise before significance tests, and to bound the O(n²)
    /// estimators. A linear trend is preserved. Returns the input unchanged when it is short enough.
    /// - Complexity: O(n log(n / groups)).
    public static func groupMedians(x: [Double], y: [Double], groups: Int) -> (x: [Double], y: [Double]) {
        let n = x.count
        guard groups > 0, n > groups else { return (x, y) }
        var gx: [Double] = []
        var gy: [Double] = []
        gx.reserveCapacity(groups)
        gy.reserveCapacity(groups)
        for g in 0..<groups {
            let lo = g * n / groups
            let hi = (g + 1) * n / groups
            guard hi > lo else { continue }
            gx.append(median(Array(x[lo..<hi]))!)
            gy.append(median(Array(y[lo..<hi]))!)
        }
        return (gx, gy)
    }
}

/// Puts the element of rank `k` (0-based) at index `k`, smaller ones before it, larger after.
/// - Complexity: O(n) expected.
func quickselect(_ a: inout [Double], _ k: Int, from lowIndex: Int = 0) {
    var lo = lowIndex
    var hi = a.count - 1
    a.withUnsafeMutableBufferPointer { buf in
        while hi > lo {
            // Median of three as pivot keeps sorted and reverse-sorted inputs linear.
            let mid = lo + (hi - lo) / 2
            if buf[mid] < buf[lo] { buf.swapAt(mid, lo) }
            if buf[hi] < buf[lo] { buf.swapAt(hi, lo) }
            if buf[hi] < buf[mid] { buf.swapAt(hi, mid) }
            let pivot = buf[mid]
            var i = lo
            var j = hi
            while i <= j {
                while buf[i] < pivot { i += 1 }
                while buf[j] > pivot { j -= 1 }
                if i <= j {
                    buf.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }
}

extension Statistics {
    /// Two-sided p-value of Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
    public static func studentTwoSidedP(_ t: Double, degreesOfFreedom df: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? 1 : 0 }
        return regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
    }

    /// The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction
    /// (Numerical Recipes §6.4); accurate to about 1e-12.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x))
        if x > (a + 1) / (a + b + 2) {
            return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a)
        }
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-14 { break }
        }
        return front * h / a
    }

    /// Least-squares slope of y on x and the two-sided p-value of its t statistic (n − 2 degrees
    /// of freedom); `nil` with fewer than 3 points or constant x.
    public static func regressionSlopeTest(x: [Double], y: [Double]) -> (slope: Double, pValue: Double)? {
        let n = Double(x.count)
        guard x.count >= 3, x.count == y.count else { return nil }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for i in x.indices {
            sxx += (x[i] - mx) * (x[i] - mx)
            sxy += (x[i] - mx) * (y[i] - my)
            syy += (y[i] - my) * (y[i] - my)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let residual = max(0, syy - slope * sxy)
        if residual == 0 { return (slope, slope == 0 ? 1 : 0) }
        let standardError = (residual / (n - 2) / sxx).squareRoot()
        return (slope, studentTwoSidedP(slope / standardError, degreesOfFreedom: n - 2))
    }
}

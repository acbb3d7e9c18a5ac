#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The teeth of a garbage-collected runtime's memory series: peaks, the sharp drops after them,
/// and the post-GC troughs whose trend is the trend of the live set.
///
/// A leak under a GC sawtooth shows as rising troughs while the peaks may stay put (the heap grows
/// its target), and a steady sawtooth has flat troughs however tall its teeth are.
public struct Sawtooth: Sendable, Equatable {
    /// Indices of the troughs: the lowest point after each significant drop, before the next rise.
    public var troughIndices: [Int]
    /// Indices of the peaks each drop started from (same count as `troughIndices`).
    public var peakIndices: [Int]
    /// The drop a move had to exceed to count, in the series' units.
    public var threshold: Double
    /// Median peak-to-trough drop, in the series' units; 0 without teeth.
    public var medianDrop: Double
    /// Median time between consecutive troughs; `nil` with fewer than 2 troughs.
    public var medianPeriod: Double?

    /// Fraction of samples raised more than a quarter of a tooth above the trough level. GC ramps
    /// cover most of the window; a one-off burst allocation (up, then freed) covers little of it and
    /// is not a sawtooth.
    public var coverage: Double

    /// Median samples from a peak to its trough.
    public var medianFallSamples: Double
    /// Median samples from a trough (or the start) up to the next peak.
    public var medianRiseSamples: Double

    /// Whether the drops are sharp next to the rises, as collections are: a fall of one sample, or
    /// at most half as long as the rise. Smooth wandering (autocorrelated noise) falls as slowly as
    /// it rises and is not a GC sawtooth.
    public var isSharp: Bool { cycles > 0 && medianFallSamples <= max(1, 0.5 * medianRiseSamples) }

    /// Whether these teeth are a GC sawtooth worth fitting troughs to: at least one sharp drop of at
    /// least `minimumDrop`, with ramps covering at least a fifth of the window.
    public func isGarbageCollection(minimumDrop: Double) -> Bool {
        cycles >= 1 && isSharp && medianDrop >= minimumDrop && coverage >= 0.2
    }

    /// Number of complete GC cycles seen (drops).
    public var cycles: Int { troughIndices.count }

    /// Finds the teeth with a zigzag (a move counts only once it reverses by more than the threshold).
    ///
    /// The zigzag runs on the series minus `trendSlope`·t, so a steep leak does not hide the teeth,
    /// and the threshold is the largest of: 30% of the detrended 2–98% range (the teeth must be a
    /// large part of the swing), the expected range of the point-to-point noise over n samples,
    /// (2√(2 ln n) + 1)·σ with σ from the MAD of first differences (which a ramp does not inflate),
    /// and `minimumDrop`. A trough is the low after a drop, so a series that merely starts low has
    /// no trough at its start.
    /// - Parameters:
    ///   - t: times, sorted ascending.
    ///   - y: values, same count.
    ///   - trendSlope: the series' overall robust slope, removed before looking for turns.
    ///   - minimumDrop: the smallest drop worth a tooth, in y units (e.g. 1% of the level).
    /// - Complexity: O(n log n) for the quantiles, O(n) for the zigzag.
    public static func detect(t: [Double], y: [Double], trendSlope: Double, minimumDrop: Double) -> Sawtooth {
        let n = y.count
        guard n >= 5 else {
            return Sawtooth(troughIndices: [], peakIndices: [], threshold: .infinity, medianDrop: 0, medianPeriod: nil, coverage: 0,
                            medianFallSamples: 0, medianRiseSamples: 0)
        }
        let residual = (0..<n).map { y[$0] - trendSlope * t[$0] }
        let sortedResidual = residual.sorted()
        let spread = Statistics.quantile(sorted: sortedResidual, 0.98) - Statistics.quantile(sorted: sortedResidual, 0.02)
        // The range of n normal deviates is about 2·√(2 ln n) σ: a tooth must clear that, or noise
        // alone would make teeth in a long series.
        let noise = differenceNoise(y)
        let noiseRange = (2 * (2 * log(Double(n))).squareRoot() + 1) * noise
        let threshold = max(0.3 * spread, noiseRange, minimumDrop, .leastNonzeroMagnitude)

        var troughs: [Int] = []
        var peaks: [Int] = []
        // Zigzag state: rising (tracking a running max) or falling (tracking a running min).
        var rising = true
        var extreme = 0          // index of the running max (rising) or min (falling)
        var seenDrop = false
        var pendingPeak = 0
        for i in 1..<n {
            let r = residual[i]
            if rising {
                if r > residual[extreme] { extreme = i }
                if residual[extreme] - r > threshold {
                    pendingPeak = extreme
                    rising = false
                    extreme = i
                    seenDrop = true
                }
            } else {
                if r < residual[extreme] { extreme = i }
                if r - residual[extreme] > threshold {
                    peaks.append(pendingPeak)
                    troughs.append(extreme)
                    rising = true
                    extreme = i
                }
            }
        }
        // A drop at the very end: its low so far is the trough (GC drops are sharp).
        if !rising && seenDrop {
            peaks.append(pendingPeak)
            troughs.append(extreme)
        }
        let drops = zip(peaks, troughs).map { y[$0.0] - y[$0.1] }
        let periods = zip(troughs.dropFirst(), troughs).map { t[$0.0] - t[$0.1] }
        var coverage = 0.0
        if let floor = Statistics.median(troughs.map { residual[$0] }),
           let drop = Statistics.median(zip(peaks, troughs).map { residual[$0.0] - residual[$0.1] }) {
            let raised = residual.filter { $0 > floor + 0.25 * drop }.count
            coverage = Double(raised) / Double(n)
        }
        // Rise: from the previous trough (or the lowest point before the first peak) to the peak.
        var rises: [Double] = []
        for (k, peak) in peaks.enumerated() {
            let start = k > 0 ? troughs[k - 1] : (0...peak).min { residual[$0] < residual[$1] }!
            rises.append(Double(peak - start))
        }
        let falls = zip(troughs, peaks).map { Double($0.0 - $0.1) }
        return Sawtooth(troughIndices: troughs, peakIndices: peaks, threshold: threshold,
                        medianDrop: Statistics.median(drops) ?? 0, medianPeriod: Statistics.median(periods),
                        coverage: coverage, medianFallSamples: Statistics.median(falls) ?? 0,
                        medianRiseSamples: Statistics.median(rises) ?? 0)
    }

    /// Standard deviation of the point-to-point noise: the scaled MAD of first differences around
    /// their median, divided by √2. A steady ramp (constant differences) contributes nothing and the
    /// rare large GC drops are outliers the MAD ignores.
    public static func differenceNoise(_ y: [Double]) -> Double {
        guard y.count >= 3 else { return 0 }
        let d = zip(y.dropFirst(), y).map { $0.0 - $0.1 }
        return Statistics.scaledMAD(d) / 2.0.squareRoot()
    }
}

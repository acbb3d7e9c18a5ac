/// A memory series to judge, as plain arrays (the analysis reads no files).
public struct TrendInput: Sendable, Equatable {
    /// Sample times in seconds (any origin; need not be sorted).
    public var times: [Double]
    /// Memory at each time, KiB; `nil` (or non-finite) marks a missing sample, which is skipped.
    public var memoryKiB: [Double?]
    /// A work counter at the same instants (e.g. requests served so far), or `nil`.
    public var work: [Double?]?
    /// The cgroup's memory limit in KiB; `nil` when unlimited or unknown.
    public var limitKiB: Double?
    /// MemTotal in KiB, the limit used when the cgroup is unlimited.
    public var memTotalKiB: Double?

    public init(times: [Double], memoryKiB: [Double?], work: [Double?]? = nil, limitKiB: Double? = nil,
                memTotalKiB: Double? = nil) {
        self.times = times
        self.memoryKiB = memoryKiB
        self.work = work
        self.limitKiB = limitKiB
        self.memTotalKiB = memTotalKiB
    }
}

/// Thresholds of the verdict. The defaults are the ones the tests and the held-out series check.
public struct TrendOptions: Sendable, Equatable {
    /// Growth over the window, as a fraction of the level, below which a trend is `steady`
    /// however significant (allocator drift, a few pages).
    public var minimumGrowthFraction: Double = 0.03
    /// Significance level of the Mann–Kendall test on group medians of the series.
    public var seriesAlpha: Double = 0.01
    /// Significance level of the Mann–Kendall test on GC troughs (fewer, less correlated points).
    public var troughAlpha: Double = 0.05
    /// GC cycles needed before a sawtooth is judged by its troughs.
    public var minimumCycles: Int = 3
    /// Samples needed before any judgement.
    public var minimumSamples: Int = 10
    /// Number of group medians the series is reduced to for the trend test.
    public var groups: Int = 40
    /// Confidence level of the slope interval.
    public var confidence: Double = 0.95
    /// A sawtooth's median drop must be at least this fraction of the level to count as GC teeth.
    public var minimumToothFraction: Double = 0.02
    /// The flat tail of a warm-up must span at least this fraction of the window.
    public var minimumPlateauFraction: Double = 0.2

    public init() {}
}

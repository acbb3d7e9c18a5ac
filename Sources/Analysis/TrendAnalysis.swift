/// What a memory series says about the process: the verdict and the figures behind it.
///
/// Encodes as the `analysis` object of a `trend`/`sample` result; every optional field is written
/// as an explicit `null` so consumers see a stable set of keys.
public struct TrendAnalysis: Sendable, Equatable, Codable {
    /// The judgement.
    public var verdict: Verdict
    /// Robust slope of the basis (the series, or its GC troughs), KiB per second.
    public var slopeKiBPerSecond: Double?
    /// Sen's confidence interval of that slope.
    public var slopeInterval: Interval?
    /// Two-sided Mann–Kendall p-value of the basis.
    public var mannKendallP: Double?
    /// GC cycles (sawtooth drops) seen; 0 without a sawtooth.
    public var cycles: Int
    /// Time until the memory limit at the current slope.
    public var forecast: Forecast
    /// Relation with the work counter, when one was sampled.
    public var work: WorkRelation?
    /// One sentence for people, with the deciding figures.
    public var reason: String

    /// What the trend was fitted on: `series` (medians of consecutive groups) or `troughs`.
    public var basis: String?
    /// Usable samples.
    public var samples: Int
    /// Seconds from the first to the last usable sample.
    public var spanSeconds: Double
    /// Typical level the growth is compared with (median of the basis), KiB.
    public var levelKiB: Double?
    /// Growth over the window at the fitted slope, as a fraction of `levelKiB`.
    public var growthFraction: Double?
    /// Point-to-point noise (standard deviation), KiB.
    public var noiseKiB: Double?
    /// Median time between GC troughs, seconds.
    public var cyclePeriodSeconds: Double?
    /// Median peak-to-trough GC drop, KiB.
    public var cycleAmplitudeKiB: Double?
    /// For `insufficient-data`: about how much longer to sample, seconds.
    public var keepSamplingSeconds: Double?
    /// The plateau or step found by the change-point test, when it decided the verdict.
    public var changePoint: ChangePoint?

    public init(verdict: Verdict, slopeKiBPerSecond: Double? = nil, slopeInterval: Interval? = nil,
                mannKendallP: Double? = nil, cycles: Int = 0, forecast: Forecast = Forecast(),
                work: WorkRelation? = nil, reason: String, basis: String? = nil, samples: Int,
                spanSeconds: Double, levelKiB: Double? = nil, growthFraction: Double? = nil,
                noiseKiB: Double? = nil, cyclePeriodSeconds: Double? = nil, cycleAmplitudeKiB: Double? = nil,
                keepSamplingSeconds: Double? = nil, changePoint: ChangePoint? = nil) {
        self.verdict = verdict
        self.slopeKiBPerSecond = slopeKiBPerSecond
        self.slopeInterval = slopeInterval
        self.mannKendallP = mannKendallP
        self.cycles = cycles
        self.forecast = forecast
        self.work = work
        self.reason = reason
        self.basis = basis
        self.samples = samples
        self.spanSeconds = spanSeconds
        self.levelKiB = levelKiB
        self.growthFraction = growthFraction
        self.noiseKiB = noiseKiB
        self.cyclePeriodSeconds = cyclePeriodSeconds
        self.cycleAmplitudeKiB = cycleAmplitudeKiB
        self.keepSamplingSeconds = keepSamplingSeconds
        self.changePoint = changePoint
    }

    private enum CodingKeys: String, CodingKey {
        case verdict, slopeKiBPerSecond, slopeInterval, mannKendallP, cycles, forecast, work, reason
        case basis, samples, spanSeconds, levelKiB, growthFraction, noiseKiB, cyclePeriodSeconds
        case cycleAmplitudeKiB, keepSamplingSeconds, changePoint
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(finite(slopeKiBPerSecond), forKey: .slopeKiBPerSecond)
        try c.encode(slopeInterval, forKey: .slopeInterval)
        try c.encode(finite(mannKendallP), forKey: .mannKendallP)
        try c.encode(cycles, forKey: .cycles)
        try c.encode(forecast, forKey: .forecast)
        try c.encode(work, forKey: .work)
        try c.encode(reason, forKey: .reason)
        try c.encode(basis, forKey: .basis)
        try c.encode(samples, forKey: .samples)
        try c.encode(finite(spanSeconds), forKey: .spanSeconds)
        try c.encode(finite(levelKiB), forKey: .levelKiB)
        try c.encode(finite(growthFraction), forKey: .growthFraction)
        try c.encode(finite(noiseKiB), forKey: .noiseKiB)
        try c.encode(finite(cyclePeriodSeconds), forKey: .cyclePeriodSeconds)
        try c.encode(finite(cycleAmplitudeKiB), forKey: .cycleAmplitudeKiB)
        try c.encode(finite(keepSamplingSeconds), forKey: .keepSamplingSeconds)
        try c.encode(changePoint, forKey: .changePoint)
    }
}

/// The `{"analysis": …}` envelope of a trend result.
public struct TrendReport: Sendable, Equatable, Codable {
    public var analysis: TrendAnalysis
    public init(analysis: TrendAnalysis) { self.analysis = analysis }
}

/// The judgement on a memory series.
public enum Verdict: String, Sendable, Equatable, Codable, CaseIterable {
    /// Significant, material, sustained growth: a leak until shown otherwise.
    case growing
    /// No material trend (or a single step with flat sides).
    case steady
    /// Grew, then plateaued: caches or pools filling, not a leak.
    case warmingUp = "warming-up"
    /// Significant, material decline.
    case shrinking
    /// Too few samples or too few GC cycles to judge.
    case insufficientData = "insufficient-data"
}

/// A closed interval encoded as a two-element JSON array `[lower, upper]`; an unbounded or
/// unknown end is `null`.
public struct Interval: Sendable, Equatable, Codable {
    public var lower: Double?
    public var upper: Double?

    public init(lower: Double?, upper: Double?) {
        self.lower = finite(lower)
        self.upper = finite(upper)
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        lower = try c.decode(Double?.self)
        upper = try c.decode(Double?.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(finite(lower))
        try c.encode(finite(upper))
    }
}

/// Time until the memory limit at the current slope.
public struct Forecast: Sendable, Equatable, Codable {
    /// The limit: the cgroup's, or MemTotal when the cgroup is unlimited; `null` when unknown.
    public var limitKiB: Double?
    /// `cgroup` or `memtotal`.
    public var limitSource: String?
    /// Seconds from the last sample until the (peak of the) series reaches the limit; `null` when
    /// the verdict is not `growing`.
    public var secondsToLimit: Double?
    /// The same at the slope interval's upper and lower bounds (`null` upper end: never).
    public var secondsInterval: Interval?

    public init(limitKiB: Double? = nil, limitSource: String? = nil, secondsToLimit: Double? = nil,
                secondsInterval: Interval? = nil) {
        self.limitKiB = limitKiB
        self.limitSource = limitSource
        self.secondsToLimit = secondsToLimit
        self.secondsInterval = secondsInterval
    }

    private enum CodingKeys: String, CodingKey { case limitKiB, limitSource, secondsToLimit, secondsInterval }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(finite(limitKiB), forKey: .limitKiB)
        try c.encode(limitSource, forKey: .limitSource)
        try c.encode(finite(secondsToLimit), forKey: .secondsToLimit)
        try c.encode(secondsInterval, forKey: .secondsInterval)
    }
}

/// How memory moves with the work counter.
public struct WorkRelation: Sendable, Equatable, Codable {
    /// Samples where both memory and work were known.
    public var pairs: Int
    /// Pearson correlation of memory with work.
    public var correlation: Double?
    /// Spearman rank correlation of memory with work.
    public var spearman: Double?
    /// Memory retained per unit of work (Theil–Sen of memory, or of the GC troughs, against the
    /// work counter), KiB per unit — e.g. KiB per request for `http_requests_total`.
    public var kibPerUnit: Double?
    /// Sen's interval of `kibPerUnit`.
    public var kibPerUnitInterval: Interval?

    public init(pairs: Int, correlation: Double?, spearman: Double?, kibPerUnit: Double?, kibPerUnitInterval: Interval?) {
        self.pairs = pairs
        self.correlation = correlation
        self.spearman = spearman
        self.kibPerUnit = kibPerUnit
        self.kibPerUnitInterval = kibPerUnitInterval
    }

    private enum CodingKeys: String, CodingKey { case pairs, correlation, spearman, kibPerUnit, kibPerUnitInterval }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pairs, forKey: .pairs)
        try c.encode(finite(correlation), forKey: .correlation)
        try c.encode(finite(spearman), forKey: .spearman)
        try c.encode(finite(kibPerUnit), forKey: .kibPerUnit)
        try c.encode(kibPerUnitInterval, forKey: .kibPerUnitInterval)
    }
}

/// The change point that turned a significant rise into `warming-up` (or a one-step `steady`).
public struct ChangePoint: Sendable, Equatable, Codable {
    /// Seconds from the start where the segments meet.
    public var atSeconds: Double
    /// Slope before, KiB/s.
    public var headSlopeKiBPerSecond: Double
    /// Slope after, KiB/s.
    public var tailSlopeKiBPerSecond: Double
    /// Jump of the fitted level across the change, KiB.
    public var stepKiB: Double
}

/// JSON has no infinities or NaN: those encode as `null`.
func finite(_ v: Double?) -> Double? {
    guard let v, v.isFinite else { return nil }
    return v
}

/// The result of `sample`: the samples, why sampling ended and how punctual it was.
public struct Series: Sendable, Equatable, Codable {
    public var target: ResolvedTarget
    /// Requested interval, seconds.
    public var intervalSeconds: Double
    public var samples: [Sample]
    public var endReason: EndReason
    /// For `exited`/`oom-killed` children, what the wait hook reported.
    public var exitStatus: ChildExit?
    /// OOM kills counted in the cgroup while sampling (oom_kill count now minus at start).
    public var oomKillsDuringSampling: UInt64?
    /// Mean time between samples actually achieved, seconds.
    public var achievedIntervalSeconds: Double?
    /// Median lateness of a sample relative to its deadline, milliseconds.
    public var jitterP50Milliseconds: Double?
    /// 99th percentile lateness, milliseconds.
    public var jitterP99Milliseconds: Double?
    /// Deadlines skipped because a sample (or a slow work counter) overran the interval.
    public var missedDeadlines: Int
    /// Work counter reads that failed (those samples have `work: null`).
    public var workErrors: Int
    /// The first work counter error, for the report.
    public var firstWorkError: String?
    /// MemTotal, KiB: the forecast's limit when the cgroup is unlimited.
    public var memTotalKiB: UInt64?

    public init(target: ResolvedTarget, intervalSeconds: Double, samples: [Sample] = [], endReason: EndReason = .completed,
                exitStatus: ChildExit? = nil, oomKillsDuringSampling: UInt64? = nil, achievedIntervalSeconds: Double? = nil,
                jitterP50Milliseconds: Double? = nil, jitterP99Milliseconds: Double? = nil, missedDeadlines: Int = 0,
                workErrors: Int = 0, firstWorkError: String? = nil, memTotalKiB: UInt64? = nil) {
        self.target = target
        self.intervalSeconds = intervalSeconds
        self.samples = samples
        self.endReason = endReason
        self.exitStatus = exitStatus
        self.oomKillsDuringSampling = oomKillsDuringSampling
        self.achievedIntervalSeconds = achievedIntervalSeconds
        self.jitterP50Milliseconds = jitterP50Milliseconds
        self.jitterP99Milliseconds = jitterP99Milliseconds
        self.missedDeadlines = missedDeadlines
        self.workErrors = workErrors
        self.firstWorkError = firstWorkError
        self.memTotalKiB = memTotalKiB
    }

    private enum CodingKeys: String, CodingKey {
        case target, intervalSeconds, samples, endReason, exitStatus, oomKillsDuringSampling, achievedIntervalSeconds
        case jitterP50Milliseconds, jitterP99Milliseconds, missedDeadlines, workErrors, firstWorkError, memTotalKiB
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        try c.encode(intervalSeconds, forKey: .intervalSeconds)
        try c.encode(samples, forKey: .samples)
        try c.encode(endReason, forKey: .endReason)
        try c.encode(exitStatus, forKey: .exitStatus)
        try c.encode(oomKillsDuringSampling, forKey: .oomKillsDuringSampling)
        try c.encode(achievedIntervalSeconds, forKey: .achievedIntervalSeconds)
        try c.encode(jitterP50Milliseconds, forKey: .jitterP50Milliseconds)
        try c.encode(jitterP99Milliseconds, forKey: .jitterP99Milliseconds)
        try c.encode(missedDeadlines, forKey: .missedDeadlines)
        try c.encode(workErrors, forKey: .workErrors)
        try c.encode(firstWorkError, forKey: .firstWorkError)
        try c.encode(memTotalKiB, forKey: .memTotalKiB)
    }

    /// Times (seconds), memory (KiB) and work as plain arrays, for the Analysis module.
    public var columns: (times: [Double], memoryKiB: [Double?], work: [Double?]?) {
        let hasWork = samples.contains { $0.work != nil }
        return (samples.map(\.t), samples.map { $0.memoryKiB.map { Double($0) } }, hasWork ? samples.map(\.work) : nil)
    }

    /// The last known cgroup limit, KiB (`nil` when unlimited or unknown).
    public var cgroupLimitKiB: UInt64? { samples.last(where: { $0.cgroupLimitKiB != nil })?.cgroupLimitKiB }
}

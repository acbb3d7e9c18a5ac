/// One sample of a target. Missing values are `nil` and encode as JSON `null`.
public struct Sample: Sendable, Equatable, Codable {
    /// Seconds since the first sample (measured at the read, not at the deadline).
    public var t: Double
    public var rssKiB: UInt64?
    public var anonKiB: UInt64?
    public var fileKiB: UInt64?
    public var shmemKiB: UInt64?
    public var swapKiB: UInt64?
    public var cgroupUsageKiB: UInt64?
    /// `nil` when the cgroup is unlimited (or there is none).
    public var cgroupLimitKiB: UInt64?
    /// From smaps_rollup, only with `--pss`.
    public var pssKiB: UInt64?
    /// The work counter at the same instant.
    public var work: Double?

    public init(t: Double, rssKiB: UInt64? = nil, anonKiB: UInt64? = nil, fileKiB: UInt64? = nil, shmemKiB: UInt64? = nil,
                swapKiB: UInt64? = nil, cgroupUsageKiB: UInt64? = nil, cgroupLimitKiB: UInt64? = nil, pssKiB: UInt64? = nil,
                work: Double? = nil) {
        self.t = t
        self.rssKiB = rssKiB
        self.anonKiB = anonKiB
        self.fileKiB = fileKiB
        self.shmemKiB = shmemKiB
        self.swapKiB = swapKiB
        self.cgroupUsageKiB = cgroupUsageKiB
        self.cgroupLimitKiB = cgroupLimitKiB
        self.pssKiB = pssKiB
        self.work = work
    }

    /// The memory figure a trend is judged on: RSS for a process, usage for a cgroup target.
    public var memoryKiB: UInt64? { rssKiB ?? cgroupUsageKiB }

    private enum CodingKeys: String, CodingKey {
        case t, rssKiB, anonKiB, fileKiB, shmemKiB, swapKiB, cgroupUsageKiB, cgroupLimitKiB, pssKiB, work
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(t, forKey: .t)
        try c.encode(rssKiB, forKey: .rssKiB)
        try c.encode(anonKiB, forKey: .anonKiB)
        try c.encode(fileKiB, forKey: .fileKiB)
        try c.encode(shmemKiB, forKey: .shmemKiB)
        try c.encode(swapKiB, forKey: .swapKiB)
        try c.encode(cgroupUsageKiB, forKey: .cgroupUsageKiB)
        try c.encode(cgroupLimitKiB, forKey: .cgroupLimitKiB)
        try c.encode(pssKiB, forKey: .pssKiB)
        try c.encode(work.flatMap { $0.isFinite ? $0 : nil }, forKey: .work)
    }
}

/// Why sampling stopped.
public enum EndReason: String, Sendable, Equatable, Codable, CaseIterable {
    /// The requested duration elapsed.
    case completed
    /// The process exited (or the cgroup was removed).
    case exited
    /// The process was killed by the OOM killer (the cgroup's oom_kill count rose, or the kernel
    /// log hook saw the kill).
    case oomKilled = "oom-killed"
    /// The pid now belongs to another process (different start time).
    case pidReused = "pid-reused"
    /// The caller's cancellation check returned true (Ctrl-C); samples so far are kept.
    case interrupted
    /// The sample cap was reached.
    case sampleLimit = "sample-limit"
}

/// How a child process ended, as the caller's wait hook reports it.
public enum ChildExit: Sendable, Equatable, Codable {
    /// Exited with this status code.
    case exited(Int32)
    /// Killed by this signal (9 for the OOM killer).
    case signaled(Int32)

    private enum CodingKeys: String, CodingKey { case code, signal }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let code = try c.decodeIfPresent(Int32.self, forKey: .code) { self = .exited(code); return }
        self = .signaled(try c.decode(Int32.self, forKey: .signal))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .exited(let code): try c.encode(code, forKey: .code)
        case .signaled(let signal): try c.encode(signal, forKey: .signal)
        }
    }
}

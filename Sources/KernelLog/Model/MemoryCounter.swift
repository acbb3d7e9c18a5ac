/// One `NAME: usage NkB, limit NkB, failcnt N` line of a memory cgroup OOM report.
public struct MemoryCounter: Codable, Sendable, Equatable, Hashable {
    public var usageKiB: Int?
    public var limitKiB: Int?
    public var failcnt: Int?

    public init(usageKiB: Int? = nil, limitKiB: Int? = nil, failcnt: Int? = nil) {
        self.usageKiB = usageKiB
        self.limitKiB = limitKiB
        self.failcnt = failcnt
    }

    /// The kernel prints `PAGE_COUNTER_MAX` pages (e.g. `9007199254740988kB`) for "no limit".
    public var isUnlimited: Bool {
        guard let limitKiB else { return false }
        return limitKiB >= 1 << 52
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(usageKiB, forKey: .usageKiB)
        try c.encodeOrNull(limitKiB, forKey: .limitKiB)
        try c.encodeOrNull(failcnt, forKey: .failcnt)
    }

    private enum CodingKeys: String, CodingKey { case usageKiB, limitKiB, failcnt }
}

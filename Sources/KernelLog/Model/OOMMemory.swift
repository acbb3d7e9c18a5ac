/// The memory cgroup's counters at the time of the kill.
///
/// cgroup v1 prints `memory:`, `memory+swap:` and `kmem:`; cgroup v2 prints `memory:` and `swap:`:
///
///     memory: usage 65536kB, limit 65536kB, failcnt 67
///     memory+swap: usage 65536kB, limit 9007199254740988kB, failcnt 0
///     kmem: usage 188kB, limit 9007199254740988kB, failcnt 0
public struct OOMMemory: Codable, Sendable, Equatable, Hashable {
    public var usageKiB: Int?
    public var limitKiB: Int?
    public var failcnt: Int?
    public var memsw: MemoryCounter?
    public var kmem: MemoryCounter?
    public var swap: MemoryCounter?

    public init(usageKiB: Int? = nil, limitKiB: Int? = nil, failcnt: Int? = nil, memsw: MemoryCounter? = nil,
                kmem: MemoryCounter? = nil, swap: MemoryCounter? = nil) {
        self.usageKiB = usageKiB
        self.limitKiB = limitKiB
        self.failcnt = failcnt
        self.memsw = memsw
        self.kmem = kmem
        self.swap = swap
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(usageKiB, forKey: .usageKiB)
        try c.encodeOrNull(limitKiB, forKey: .limitKiB)
        try c.encodeOrNull(failcnt, forKey: .failcnt)
        try c.encodeOrNull(memsw, forKey: .memsw)
        try c.encodeOrNull(kmem, forKey: .kmem)
        try c.encodeOrNull(swap, forKey: .swap)
    }

    private enum CodingKeys: String, CodingKey { case usageKiB, limitKiB, failcnt, memsw, kmem, swap }
}

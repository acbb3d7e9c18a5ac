/// `oom_reaper: reaped process 1381 (gunpowder-memho), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`
public struct OOMReaped: Codable, Sendable, Equatable, Hashable {
    public var pid: Int?
    public var name: String?
    public var anonRssKiB: Int?
    public var fileRssKiB: Int?
    public var shmemRssKiB: Int?

    public init(pid: Int? = nil, name: String? = nil, anonRssKiB: Int? = nil, fileRssKiB: Int? = nil,
                shmemRssKiB: Int? = nil) {
        self.pid = pid
        self.name = name
        self.anonRssKiB = anonRssKiB
        self.fileRssKiB = fileRssKiB
        self.shmemRssKiB = shmemRssKiB
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(pid, forKey: .pid)
        try c.encodeOrNull(name, forKey: .name)
        try c.encodeOrNull(anonRssKiB, forKey: .anonRssKiB)
        try c.encodeOrNull(fileRssKiB, forKey: .fileRssKiB)
        try c.encodeOrNull(shmemRssKiB, forKey: .shmemRssKiB)
    }

    private enum CodingKeys: String, CodingKey { case pid, name, anonRssKiB, fileRssKiB, shmemRssKiB }
}

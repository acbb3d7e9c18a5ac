/// The task the kernel killed, with whichever sizes its kernel printed.
///
/// 5.1+: `Memory cgroup out of memory: Killed process 6115 (tail) total-vm:68148kB, anon-rss:65152kB,
/// file-rss:1588kB, shmem-rss:0kB, UID:0 pgtables:168kB oom_score_adj:0`;
/// RHEL 6: `Killed process 21578, UID 503, (redis-server) total-vm:9100804kB, anon-rss:9066596kB, file-rss:64kB`;
/// 2.6.2x: `Killed process 1234 (x).`
public struct OOMVictim: Codable, Sendable, Equatable, Hashable {
    public var pid: Int?
    public var name: String?
    public var totalVmKiB: Int?
    public var anonRssKiB: Int?
    public var fileRssKiB: Int?
    public var shmemRssKiB: Int?
    public var uid: Int?
    public var pgtablesKiB: Int?
    public var oomScoreAdj: Int?

    public init(pid: Int? = nil, name: String? = nil, totalVmKiB: Int? = nil, anonRssKiB: Int? = nil,
                fileRssKiB: Int? = nil, shmemRssKiB: Int? = nil, uid: Int? = nil, pgtablesKiB: Int? = nil,
                oomScoreAdj: Int? = nil) {
        self.pid = pid
        self.name = name
        self.totalVmKiB = totalVmKiB
        self.anonRssKiB = anonRssKiB
        self.fileRssKiB = fileRssKiB
        self.shmemRssKiB = shmemRssKiB
        self.uid = uid
        self.pgtablesKiB = pgtablesKiB
        self.oomScoreAdj = oomScoreAdj
    }

    /// anon + file + shmem resident memory, when at least anon-rss was printed.
    public var residentKiB: Int? {
        guard let anonRssKiB else { return nil }
        return anonRssKiB + (fileRssKiB ?? 0) + (shmemRssKiB ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(pid, forKey: .pid)
        try c.encodeOrNull(name, forKey: .name)
        try c.encodeOrNull(totalVmKiB, forKey: .totalVmKiB)
        try c.encodeOrNull(anonRssKiB, forKey: .anonRssKiB)
        try c.encodeOrNull(fileRssKiB, forKey: .fileRssKiB)
        try c.encodeOrNull(shmemRssKiB, forKey: .shmemRssKiB)
        try c.encodeOrNull(uid, forKey: .uid)
        try c.encodeOrNull(pgtablesKiB, forKey: .pgtablesKiB)
        try c.encodeOrNull(oomScoreAdj, forKey: .oomScoreAdj)
    }

    private enum CodingKeys: String, CodingKey {
        case pid, name, totalVmKiB, anonRssKiB, fileRssKiB, shmemRssKiB, uid, pgtablesKiB, oomScoreAdj
    }
}

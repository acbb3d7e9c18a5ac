/// One row of `ps`: a process's memory and its cgroup's.
public struct ProcessMemoryRow: Sendable, Equatable, Codable {
    public var pid: Int32
    public var name: String
    /// The command line, joined with spaces and capped at 200 characters (only for listed rows).
    public var command: String?
    public var rssKiB: UInt64
    public var anonKiB: UInt64?
    public var fileKiB: UInt64?
    public var shmemKiB: UInt64?
    public var swapKiB: UInt64?
    /// The memory cgroup's path in its hierarchy.
    public var cgroupPath: String?
    public var cgroupUsageKiB: UInt64?
    /// `nil` when unlimited or unknown.
    public var cgroupLimitKiB: UInt64?

    public init(pid: Int32, name: String, command: String? = nil, rssKiB: UInt64, anonKiB: UInt64? = nil,
                fileKiB: UInt64? = nil, shmemKiB: UInt64? = nil, swapKiB: UInt64? = nil, cgroupPath: String? = nil,
                cgroupUsageKiB: UInt64? = nil, cgroupLimitKiB: UInt64? = nil) {
        self.pid = pid
        self.name = name
        self.command = command
        self.rssKiB = rssKiB
        self.anonKiB = anonKiB
        self.fileKiB = fileKiB
        self.shmemKiB = shmemKiB
        self.swapKiB = swapKiB
        self.cgroupPath = cgroupPath
        self.cgroupUsageKiB = cgroupUsageKiB
        self.cgroupLimitKiB = cgroupLimitKiB
    }

    private enum CodingKeys: String, CodingKey {
        case pid, name, command, rssKiB, anonKiB, fileKiB, shmemKiB, swapKiB, cgroupPath, cgroupUsageKiB, cgroupLimitKiB
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pid, forKey: .pid)
        try c.encode(name, forKey: .name)
        try c.encode(command, forKey: .command)
        try c.encode(rssKiB, forKey: .rssKiB)
        try c.encode(anonKiB, forKey: .anonKiB)
        try c.encode(fileKiB, forKey: .fileKiB)
        try c.encode(shmemKiB, forKey: .shmemKiB)
        try c.encode(swapKiB, forKey: .swapKiB)
        try c.encode(cgroupPath, forKey: .cgroupPath)
        try c.encode(cgroupUsageKiB, forKey: .cgroupUsageKiB)
        try c.encode(cgroupLimitKiB, forKey: .cgroupLimitKiB)
    }
}

/// Options of `ps [--top N] [--sort rss|anon|swap] [--cgroup PATH]`.
public struct ProcessListOptions: Sendable, Equatable {
    public enum SortKey: String, Sendable, CaseIterable, Codable {
        case rss, anon, swap
    }

    /// Keep the first N rows after sorting; `nil` keeps all.
    public var top: Int?
    public var sort: SortKey
    /// Only processes in this cgroup or below it (a path in the hierarchy, e.g. `/system.slice`).
    public var cgroup: String?

    public init(top: Int? = nil, sort: SortKey = .rss, cgroup: String? = nil) {
        self.top = top
        self.sort = sort
        self.cgroup = cgroup
    }
}

/// Lists processes by memory, for `ps`. Pure data out; nothing is printed.
public struct ProcessLister {
    public var procRoot: String
    let reader = ProcFileReader()

    public init(procRoot: String = "/proc") { self.procRoot = procRoot }

    /// Every user process (kernel threads have no RSS and are left out) with its memory, sorted by
    /// the chosen key, largest first (ties by pid), filtered by cgroup and cut to `top`.
    ///
    /// Each cgroup's usage and limit are read once however many processes it holds. Processes that
    /// exit during the scan are skipped silently.
    /// - Complexity: two small reads per process (status, cgroup), two per distinct cgroup, one
    ///   cmdline per listed row.
    public func list(_ options: ProcessListOptions = ProcessListOptions()) throws(SamplingError) -> [ProcessMemoryRow] {
        let mounts = try CgroupMounts.read(reader: reader, path: procRoot + "/self/mountinfo")
        var cgroupCache: [String: (usage: UInt64?, limit: UInt64?)] = [:]
        var rows: [ProcessMemoryRow] = []
        for pid in try ProcessDirectory.pids(procRoot: procRoot) {
            let dir = "\(procRoot)/\(pid)"
            guard let status = try? ProcStatus.parse(reader.read(dir + "/status")), let rss = status.vmRSSKiB else { continue }
            let membership = (try? CgroupMembership.parse(reader.read(dir + "/cgroup"))) ?? CgroupMembership()
            let cgroup = MemoryCgroup.locate(membership: membership, mounts: mounts)
            if let filter = options.cgroup {
                guard let path = cgroup?.path, Self.path(path, isWithin: filter) else { continue }
            }
            var row = ProcessMemoryRow(pid: pid, name: status.name, rssKiB: rss, anonKiB: status.rssAnonKiB,
                                       fileKiB: status.rssFileKiB, shmemKiB: status.rssShmemKiB, swapKiB: status.vmSwapKiB,
                                       cgroupPath: cgroup?.path)
            if let cgroup {
                let cached: (usage: UInt64?, limit: UInt64?)
                if let hit = cgroupCache[cgroup.directory] {
                    cached = hit
                } else {
                    cached = ((try? cgroup.usageBytes(reader: reader)), (try? cgroup.limitBytes(reader: reader)) ?? nil)
                    cgroupCache[cgroup.directory] = cached
                }
                row.cgroupUsageKiB = cached.usage.map { $0 / 1024 }
                row.cgroupLimitKiB = cached.limit.map { $0 / 1024 }
            }
            rows.append(row)
        }
        func key(_ r: ProcessMemoryRow) -> UInt64 {
            switch options.sort {
            case .rss: return r.rssKiB
            case .anon: return r.anonKiB ?? 0
            case .swap: return r.swapKiB ?? 0
            }
        }
        rows.sort { key($0) != key($1) ? key($0) > key($1) : $0.pid < $1.pid }
        if let top = options.top { rows = Array(rows.prefix(max(0, top))) }
        for i in rows.indices {
            if let args = try? ProcCmdline.parse(reader.read("\(procRoot)/\(rows[i].pid)/cmdline")), !args.isEmpty {
                rows[i].command = String(args.joined(separator: " ").prefix(200))
            }
        }
        return rows
    }

    /// Whether cgroup `path` is `ancestor` or below it.
    static func path(_ path: String, isWithin ancestor: String) -> Bool {
        let a = ancestor.count > 1 && ancestor.hasSuffix("/") ? String(ancestor.dropLast()) : ancestor
        return a == "/" || path == a || path.hasPrefix(a + "/")
    }
}

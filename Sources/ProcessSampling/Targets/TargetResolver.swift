#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Turns a `TargetSpec` into a `ResolvedTarget` by looking at /proc and the cgroup hierarchies.
public struct TargetResolver {
    /// The proc filesystem root (a test may point it elsewhere).
    public var procRoot: String
    /// Pids never matched by name (by default this process: `sample sleuth` should not sample itself).
    public var excluded: Set<Int32>
    let reader = ProcFileReader()

    public init(procRoot: String = "/proc", excluded: Set<Int32> = [getpid()]) {
        self.procRoot = procRoot
        self.excluded = excluded
    }

    /// Resolves `spec`.
    /// - Throws: `.notFound` (no such pid, name or cgroup), `.ambiguous` (a name matching several
    ///   processes: the message lists them with pids, largest RSS first), or a read error.
    public func resolve(_ spec: TargetSpec) throws(SamplingError) -> ResolvedTarget {
        switch spec {
        case .pid(let pid):
            return try process(pid)
        case .name(let name):
            let matches = try candidates(named: name)
            if matches.isEmpty {
                throw SamplingError(.notFound, "no process named '\(name)' (compared with each comm and argv[0] basename); try 'ps'")
            }
            if matches.count > 1 {
                let list = matches.prefix(8).map { "\($0.pid) (\($0.command))" }.joined(separator: ", ")
                let more = matches.count > 8 ? ", and \(matches.count - 8) more" : ""
                throw SamplingError(.ambiguous, "'\(name)' matches \(matches.count) processes: \(list)\(more); give a pid instead")
            }
            return try process(matches[0].pid)
        case .cgroup(let path):
            let mounts = try CgroupMounts.read(reader: reader, path: procRoot + "/self/mountinfo")
            let cgroup = try MemoryCgroup.named(path, mounts: mounts)
            return ResolvedTarget(process: nil, name: cgroup.path, cgroup: cgroup)
        }
    }

    /// Reads one process's identity, name, command line and memory cgroup.
    public func process(_ pid: Int32) throws(SamplingError) -> ResolvedTarget {
        let dir = "\(procRoot)/\(pid)"
        let stat: ProcStat
        do {
            stat = try ProcStat.parse(reader.read(dir + "/stat"), file: dir + "/stat")
        } catch where error.kind == .notFound {
            throw SamplingError(.notFound, file: dir, "no process with pid \(pid)")
        }
        guard stat.state != "Z" && stat.state != "X" else {
            throw SamplingError(.notFound, file: dir, "process \(pid) has exited (zombie)")
        }
        let args = (try? ProcCmdline.parse(reader.read(dir + "/cmdline"))) ?? []
        let cgroup = try? memoryCgroup(pid)
        return ResolvedTarget(process: ProcessIdentity(pid: pid, startTimeTicks: stat.startTimeTicks), name: stat.comm,
                              commandLine: Array(args.prefix(64)), cgroup: cgroup ?? nil)
    }

    /// The memory cgroup of `pid`, or `nil` when it has none that this machine exposes.
    public func memoryCgroup(_ pid: Int32) throws(SamplingError) -> MemoryCgroup? {
        let membership = CgroupMembership.parse(try reader.read("\(procRoot)/\(pid)/cgroup"))
        let mounts = try CgroupMounts.read(reader: reader, path: procRoot + "/self/mountinfo")
        return MemoryCgroup.locate(membership: membership, mounts: mounts)
    }

    struct Candidate {
        var pid: Int32
        var command: String
        var rss: UInt64
    }

    /// Processes whose comm is `name` or whose argv[0] basename is `name`, largest RSS first.
    func candidates(named name: String) throws(SamplingError) -> [Candidate] {
        var out: [Candidate] = []
        for pid in try ProcessDirectory.pids(procRoot: procRoot) where !excluded.contains(pid) {
            let dir = "\(procRoot)/\(pid)"
            guard let stat = try? ProcStat.parse(reader.read(dir + "/stat")), stat.state != "Z" else { continue }
            let args = (try? ProcCmdline.parse(reader.read(dir + "/cmdline"))) ?? []
            guard stat.comm == name || ProcCmdline.basename(args) == name else { continue }
            let rss = (try? ProcStatus.parse(reader.read(dir + "/status")))?.vmRSSKiB ?? 0
            let command = args.isEmpty ? "[\(stat.comm)]" : args.joined(separator: " ")
            out.append(Candidate(pid: pid, command: String(command.prefix(60)), rss: rss))
        }
        return out.sorted { $0.rss > $1.rss }
    }
}

/// Listing /proc.
enum ProcessDirectory {
    /// The numeric entries of the proc root: every visible process.
    static func pids(procRoot: String) throws(SamplingError) -> [Int32] {
        guard let dir = opendir(procRoot) else { throw ProcFileReader.error(errno, procRoot) }
        defer { closedir(dir) }
        var pids: [Int32] = []
        while let entry = readdir(dir) {
            let pid: Int32? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                var value: Int32 = 0
                var digits = 0
                for b in raw {
                    if b == 0 { break }
                    guard b >= 0x30 && b <= 0x39, value < Int32.max / 10 else { return nil }
                    value = value * 10 + Int32(b - 0x30)
                    digits += 1
                }
                return digits > 0 ? value : nil
            }
            if let pid { pids.append(pid) }
        }
        return pids.sorted()
    }
}

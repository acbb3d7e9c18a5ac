/// What the user asked to sample: `1234`, `postgres`, or `cgroup:/system.slice/app.service`.
public enum TargetSpec: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// A process id.
    case pid(Int32)
    /// A process name: its comm exactly, or the basename of its argv[0].
    case name(String)
    /// A memory cgroup: its usage is sampled.
    case cgroup(String)

    /// Parses the TARGET argument: all digits → pid, `cgroup:PATH` → cgroup, anything else → name.
    /// - Throws: `.invalidArgument` for an empty target, pid 0 or an empty cgroup path.
    public static func parse(_ text: String) throws(SamplingError) -> TargetSpec {
        if text.hasPrefix("cgroup:") {
            let path = String(text.dropFirst("cgroup:".count))
            guard !path.isEmpty else {
                throw SamplingError(.invalidArgument, "'\(text)' names no cgroup; use cgroup:/path/in/the/hierarchy")
            }
            return .cgroup(path)
        }
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let pid = Int32(text), pid > 0 else {
                throw SamplingError(.invalidArgument, "'\(text)' is not a valid pid")
            }
            return .pid(pid)
        }
        guard !text.isEmpty else { throw SamplingError(.invalidArgument, "empty target; give a pid, a process name or cgroup:PATH") }
        return .name(text)
    }

    public var description: String {
        switch self {
        case .pid(let pid): return String(pid)
        case .name(let name): return name
        case .cgroup(let path): return "cgroup:" + path
        }
    }
}

/// A process as sampled: pid and start time together, so a reused pid is never taken for the
/// same process.
public struct ProcessIdentity: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var pid: Int32
    /// `/proc/PID/stat` field 22, clock ticks after boot.
    public var startTimeTicks: UInt64

    public init(pid: Int32, startTimeTicks: UInt64) {
        self.pid = pid
        self.startTimeTicks = startTimeTicks
    }

    public var description: String { "\(pid)@\(startTimeTicks)" }
}

/// A target after resolution: either a process (with its memory cgroup, if any) or a cgroup.
public struct ResolvedTarget: Sendable, Equatable, Codable {
    /// The process, for process targets.
    public var process: ProcessIdentity?
    /// The process's comm, or the cgroup path for cgroup targets.
    public var name: String
    /// The process's command line (capped), for process targets.
    public var commandLine: [String]?
    /// The process's memory cgroup, or the target cgroup.
    public var cgroup: MemoryCgroup?

    public init(process: ProcessIdentity?, name: String, commandLine: [String]? = nil, cgroup: MemoryCgroup?) {
        self.process = process
        self.name = name
        self.commandLine = commandLine
        self.cgroup = cgroup
    }

    /// Whether the target is a cgroup rather than a process.
    public var isCgroup: Bool { process == nil }

    private enum CodingKeys: String, CodingKey { case process, name, commandLine, cgroup }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(process, forKey: .process)
        try c.encode(name, forKey: .name)
        try c.encode(commandLine, forKey: .commandLine)
        try c.encode(cgroup, forKey: .cgroup)
    }
}

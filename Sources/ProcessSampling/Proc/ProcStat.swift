/// The fields of `/proc/PID/stat` the sampler needs.
///
/// ```
/// 4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 … 12 3 0 0 20 0 1 0 8731 123456 789 …
/// ```
/// The comm may contain spaces and parentheses, so it runs from the first `(` to the **last** `)`;
/// the remaining fields are counted from there (state is field 3, utime 14, stime 15, starttime 22).
public struct ProcStat: Sendable, Equatable, Codable {
    public var pid: Int32
    /// The comm between the parentheses.
    public var comm: String
    /// The state letter.
    public var state: Character
    public var parentPid: Int32
    /// User CPU time in clock ticks (`sysconf(_SC_CLK_TCK)`, usually 100 a second).
    public var userTicks: UInt64
    /// System CPU time in clock ticks.
    public var systemTicks: UInt64
    /// Start time after boot in clock ticks: with the pid, identifies a process across pid reuse.
    public var startTimeTicks: UInt64

    private enum CodingKeys: String, CodingKey { case pid, comm, parentPid, userTicks, systemTicks, startTimeTicks }

    public init(pid: Int32, comm: String, state: Character, parentPid: Int32, userTicks: UInt64, systemTicks: UInt64,
                startTimeTicks: UInt64) {
        self.pid = pid
        self.comm = comm
        self.state = state
        self.parentPid = parentPid
        self.userTicks = userTicks
        self.systemTicks = systemTicks
        self.startTimeTicks = startTimeTicks
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(pid: try c.decode(Int32.self, forKey: .pid), comm: try c.decode(String.self, forKey: .comm), state: "?",
                  parentPid: try c.decode(Int32.self, forKey: .parentPid), userTicks: try c.decode(UInt64.self, forKey: .userTicks),
                  systemTicks: try c.decode(UInt64.self, forKey: .systemTicks),
                  startTimeTicks: try c.decode(UInt64.self, forKey: .startTimeTicks))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pid, forKey: .pid)
        try c.encode(comm, forKey: .comm)
        try c.encode(parentPid, forKey: .parentPid)
        try c.encode(userTicks, forKey: .userTicks)
        try c.encode(systemTicks, forKey: .systemTicks)
        try c.encode(startTimeTicks, forKey: .startTimeTicks)
    }

    /// Parses the bytes of a stat file.
    /// - Throws: `.malformed` naming the missing or bad field.
    /// - Complexity: O(size).
    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String = "stat") throws(SamplingError) -> ProcStat {
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")),
              let close = bytes.lastIndex(of: UInt8(ascii: ")")), close > open else {
            throw SamplingError(.malformed, file: file, "no '(comm)' field")
        }
        guard let pid = Bytes.unsigned(bytes[0..<open]), pid <= UInt64(Int32.max) else {
            throw SamplingError(.malformed, file: file, "field 'pid' is not a number")
        }
        let comm = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
        // Fields after ") ": split on single spaces, numbered from 3 (state).
        var fields: [Range<Int>] = []
        fields.reserveCapacity(24)
        var i = close + 1
        let n = bytes.count
        while i < n && fields.count < 20 {
            while i < n && (bytes[i] == 0x20 || bytes[i] == 0x0A) { i += 1 }
            let start = i
            while i < n && bytes[i] != 0x20 && bytes[i] != 0x0A { i += 1 }
            if i > start { fields.append(start..<i) }
        }
        func number(_ field: Int, _ name: String) throws(SamplingError) -> UInt64 {
            let k = field - 3
            guard k < fields.count, let v = Bytes.unsigned(bytes[fields[k]]) else {
                throw SamplingError(.malformed, file: file, "field '\(name)' (\(field)) is missing or not a number")
            }
            return v
        }
        guard let stateRange = fields.first else { throw SamplingError(.malformed, file: file, "no 'state' field") }
        let state = Character(Unicode.Scalar(bytes[stateRange.lowerBound]))
        let parent = try number(4, "ppid")
        return ProcStat(pid: Int32(pid), comm: comm, state: state, parentPid: Int32(truncatingIfNeeded: parent),
                        userTicks: try number(14, "utime"), systemTicks: try number(15, "stime"),
                        startTimeTicks: try number(22, "starttime"))
    }
}

/// `/proc/PID/cmdline`: NUL-separated arguments.
public enum ProcCmdline {
    /// Splits the bytes into arguments (a trailing NUL does not make an empty argument). Empty for
    /// kernel threads and zombies.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var args: [String] = []
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0 {
            args.append(String(decoding: bytes[start..<i], as: UTF8.self))
            start = i + 1
        }
        if start < bytes.count { args.append(String(decoding: bytes[start..<bytes.count], as: UTF8.self)) }
        return args
    }

    /// The last path component of the first argument: `/usr/bin/python3` → `python3`.
    public static func basename(_ args: [String]) -> String? {
        guard let first = args.first, !first.isEmpty else { return nil }
        // A process may rewrite argv[0] with spaces ("nginx: worker process"): keep the first word.
        let word = first.split(separator: " ", maxSplits: 1).first.map(String.init) ?? first
        return word.split(separator: "/").last.map(String.init) ?? word
    }
}

/// What a memory cgroup's files say, in bytes.
///
/// v1 files: `memory.usage_in_bytes`, `memory.limit_in_bytes` (9223372036854771712 — any value
/// ≥ 2⁶² — means unlimited), `memory.max_usage_in_bytes`, `memory.failcnt`, `memory.stat`
/// (`total_rss`, `total_cache`, `total_shmem`, falling back to `rss`, `cache`, `shmem`) and
/// `memory.oom_control` (`oom_kill N`, kernels ≥ 4.13).
/// v2 files: `memory.current`, `memory.max` (`max` = unlimited), `memory.high`, `memory.peak`
/// (≥ 5.19), `memory.events` (`oom` counts limit hits that invoked the OOM killer, `oom_kill` the
/// processes it killed: not the same thing) and `memory.stat` (`anon`, `file`, `shmem`).
public struct CgroupMemoryReading: Sendable, Equatable, Codable {
    public var usageBytes: UInt64
    /// `nil` when unlimited.
    public var limitBytes: UInt64?
    /// v1 `memory.max_usage_in_bytes`, v2 `memory.peak`.
    public var maxUsageBytes: UInt64?
    /// v1 `memory.failcnt`: times usage hit the limit.
    public var failcnt: UInt64?
    /// v2 `memory.high` (`nil` when `max`).
    public var highBytes: UInt64?
    /// v2 `memory.events` `oom`.
    public var oomEvents: UInt64?
    /// Processes killed by the OOM killer in this cgroup: v1 `oom_control` `oom_kill`, v2
    /// `memory.events` `oom_kill`.
    public var oomKills: UInt64?
    public var anonBytes: UInt64?
    public var fileBytes: UInt64?
    public var shmemBytes: UInt64?

    public init(usageBytes: UInt64, limitBytes: UInt64? = nil) {
        self.usageBytes = usageBytes
        self.limitBytes = limitBytes
    }

    private enum CodingKeys: String, CodingKey {
        case usageBytes, limitBytes, maxUsageBytes, failcnt, highBytes, oomEvents, oomKills, anonBytes, fileBytes, shmemBytes
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(usageBytes, forKey: .usageBytes)
        try c.encode(limitBytes, forKey: .limitBytes)
        try c.encode(maxUsageBytes, forKey: .maxUsageBytes)
        try c.encode(failcnt, forKey: .failcnt)
        try c.encode(highBytes, forKey: .highBytes)
        try c.encode(oomEvents, forKey: .oomEvents)
        try c.encode(oomKills, forKey: .oomKills)
        try c.encode(anonBytes, forKey: .anonBytes)
        try c.encode(fileBytes, forKey: .fileBytes)
        try c.encode(shmemBytes, forKey: .shmemBytes)
    }
}

extension MemoryCgroup {
    /// Values at or above 2⁶² in v1 limit files mean "no limit" (the kernel stores
    /// PAGE_COUNTER_MAX rounded to pages: 9223372036854771712).
    public static let unlimitedThreshold: UInt64 = 1 << 62

    /// The current usage in bytes (v1 `memory.usage_in_bytes`, v2 `memory.current`).
    /// - Complexity: one small file read.
    public func usageBytes(reader: ProcFileReader) throws(SamplingError) -> UInt64 {
        try number(version == .v1 ? "memory.usage_in_bytes" : "memory.current", reader: reader)!
    }

    /// The limit in bytes, `nil` when unlimited (v1 `memory.limit_in_bytes`, v2 `memory.max`).
    public func limitBytes(reader: ProcFileReader) throws(SamplingError) -> UInt64? {
        try number(version == .v1 ? "memory.limit_in_bytes" : "memory.max", reader: reader)
    }

    /// The OOM-kill count (v1 `memory.oom_control` `oom_kill`, v2 `memory.events` `oom_kill`);
    /// `nil` when the kernel does not report it.
    public func oomKillCount(reader: ProcFileReader) throws(SamplingError) -> UInt64? {
        let name = version == .v1 ? "memory.oom_control" : "memory.events"
        return try keyed(name, reader: reader)["oom_kill"]
    }

    /// Reads everything the cgroup reports about memory.
    /// - Throws: `.notFound` when the cgroup is gone, `.malformed` naming file and field.
    public func read(reader: ProcFileReader) throws(SamplingError) -> CgroupMemoryReading {
        var r = CgroupMemoryReading(usageBytes: try usageBytes(reader: reader), limitBytes: try limitBytes(reader: reader))
        switch version {
        case .v1:
            r.maxUsageBytes = try? number("memory.max_usage_in_bytes", reader: reader)
            r.failcnt = try? number("memory.failcnt", reader: reader)
            r.oomKills = try? keyed("memory.oom_control", reader: reader)["oom_kill"]
            if let stat = try? keyed("memory.stat", reader: reader) {
                r.anonBytes = stat["total_rss"] ?? stat["rss"]
                r.fileBytes = stat["total_cache"] ?? stat["cache"]
                r.shmemBytes = stat["total_shmem"] ?? stat["shmem"]
            }
        case .v2:
            r.maxUsageBytes = try? number("memory.peak", reader: reader)
            r.highBytes = try? number("memory.high", reader: reader)
            if let events = try? keyed("memory.events", reader: reader) {
                r.oomEvents = events["oom"]
                r.oomKills = events["oom_kill"]
            }
            if let stat = try? keyed("memory.stat", reader: reader) {
                r.anonBytes = stat["anon"]
                r.fileBytes = stat["file"]
                r.shmemBytes = stat["shmem"]
            }
        }
        return r
    }

    /// A file holding one number (or `max`); `nil` means unlimited.
    func number(_ name: String, reader: ProcFileReader) throws(SamplingError) -> UInt64? {
        let path = directory + "/" + name
        let bytes = try reader.read(path)
        return try MemoryCgroup.parseLimit(bytes, file: path)
    }

    /// `max` → nil; a number ≥ 2⁶² → nil; otherwise the number.
    static func parseLimit(_ bytes: UnsafeRawBufferPointer, file: String) throws(SamplingError) -> UInt64? {
        let view = bytes[0..<bytes.count]
        if Bytes.hasPrefix(view, "max") { return nil }
        guard let v = Bytes.unsigned(view) else {
            throw SamplingError(.malformed, file: file, "'\(Bytes.trimmed(bytes).prefix(40))' is not a number")
        }
        return v >= unlimitedThreshold ? nil : v
    }

    /// A flat-keyed file (`key value` lines): memory.stat, memory.events, memory.oom_control.
    func keyed(_ name: String, reader: ProcFileReader) throws(SamplingError) -> [String: UInt64] {
        let path = directory + "/" + name
        let bytes = try reader.read(path)
        var out: [String: UInt64] = [:]
        Bytes.forEachLine(bytes) { line in
            guard let space = line.firstIndex(of: 0x20) else { return }
            if let v = Bytes.unsigned(line[(space + 1)...]) {
                out[String(decoding: line[line.startIndex..<space], as: UTF8.self)] = v
            }
        }
        return out
    }
}

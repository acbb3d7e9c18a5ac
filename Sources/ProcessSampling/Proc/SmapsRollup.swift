/// `/proc/PID/smaps_rollup`: proportional set sizes, in KiB.
///
/// ```
/// 55d0c0a00000-7ffc35bfb000 ---p 00000000 00:00 0                          [rollup]
/// Rss:               10560 kB
/// Pss:                5362 kB
/// Pss_Anon:           4188 kB
/// Pss_File:           1174 kB
/// Pss_Shmem:             0 kB
/// Swap:                  0 kB
/// SwapPss:               0 kB
/// ```
/// Read only on request: the kernel walks every page table of the process to produce it, which
/// costs milliseconds (and takes the mmap lock) on large processes, where status costs microseconds.
/// Needs ptrace read access to the process (same user or CAP_SYS_PTRACE).
public struct SmapsRollup: Sendable, Equatable, Codable {
    public var rssKiB: UInt64?
    public var pssKiB: UInt64?
    public var pssAnonKiB: UInt64?
    public var pssFileKiB: UInt64?
    public var pssShmemKiB: UInt64?
    public var swapKiB: UInt64?
    public var swapPssKiB: UInt64?

    public init() {}

    /// Parses the bytes of an smaps_rollup file.
    /// - Throws: `.malformed` when there is no `Pss:` line.
    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String = "smaps_rollup") throws(SamplingError) -> SmapsRollup {
        var r = SmapsRollup()
        Bytes.forEachLine(bytes) { line in
            if Bytes.hasPrefix(line, "Rss:") { r.rssKiB = Bytes.unsigned(line, skip: 4) }
            else if Bytes.hasPrefix(line, "Pss:") { r.pssKiB = Bytes.unsigned(line, skip: 4) }
            else if Bytes.hasPrefix(line, "Pss_Anon:") { r.pssAnonKiB = Bytes.unsigned(line, skip: 9) }
            else if Bytes.hasPrefix(line, "Pss_File:") { r.pssFileKiB = Bytes.unsigned(line, skip: 9) }
            else if Bytes.hasPrefix(line, "Pss_Shmem:") { r.pssShmemKiB = Bytes.unsigned(line, skip: 10) }
            else if Bytes.hasPrefix(line, "Swap:") { r.swapKiB = Bytes.unsigned(line, skip: 5) }
            else if Bytes.hasPrefix(line, "SwapPss:") { r.swapPssKiB = Bytes.unsigned(line, skip: 8) }
        }
        guard r.pssKiB != nil else { throw SamplingError(.malformed, file: file, "no 'Pss' field") }
        return r
    }
}

/// `/proc/meminfo`.
public enum Meminfo {
    /// `MemTotal:` in KiB.
    /// - Throws: `.malformed` when the field is missing.
    public static func memTotalKiB(_ bytes: UnsafeRawBufferPointer, file: String = "/proc/meminfo") throws(SamplingError) -> UInt64 {
        var total: UInt64?
        Bytes.forEachLine(bytes) { line in
            if total == nil, Bytes.hasPrefix(line, "MemTotal:") { total = Bytes.unsigned(line, skip: 9) }
        }
        guard let total else { throw SamplingError(.malformed, file: file, "no 'MemTotal' field") }
        return total
    }

    /// Reads MemTotal from `/proc/meminfo` (or `path`).
    public static func memTotalKiB(reader: ProcFileReader = ProcFileReader(), path: String = "/proc/meminfo") throws(SamplingError) -> UInt64 {
        try memTotalKiB(reader.read(path), file: path)
    }
}

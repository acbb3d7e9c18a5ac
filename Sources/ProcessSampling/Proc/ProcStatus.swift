/// The memory fields of `/proc/PID/status`, in KiB.
///
/// ```
/// Name:	python3
/// State:	S (sleeping)
/// VmHWM:	   10560 kB
/// VmRSS:	   10560 kB
/// RssAnon:	    4224 kB
/// RssFile:	    6336 kB
/// RssShmem:	       0 kB
/// VmSwap:	       0 kB
/// Threads:	1
/// ```
/// Kernel threads and zombies have no Vm*/Rss* lines: those fields are `nil`.
/// Reading status costs microseconds even for huge processes (the kernel keeps the counters), which
/// is why the sampler reads it every sample and `smaps_rollup` only on request.
public struct ProcStatus: Sendable, Equatable, Codable {
    /// `Name:` (the comm, at most 15 bytes, escaped by the kernel).
    public var name: String
    /// The state letter: R, S, D, Z (zombie), X (dead), T, t, I.
    public var state: Character
    public var vmRSSKiB: UInt64?
    public var rssAnonKiB: UInt64?
    public var rssFileKiB: UInt64?
    public var rssShmemKiB: UInt64?
    public var vmHWMKiB: UInt64?
    public var vmSwapKiB: UInt64?
    public var threads: Int?

    /// Whether the process has exited and only its entry remains (zombie or dead).
    public var isGone: Bool { state == "Z" || state == "X" }

    private enum CodingKeys: String, CodingKey {
        case name, vmRSSKiB, rssAnonKiB, rssFileKiB, rssShmemKiB, vmHWMKiB, vmSwapKiB, threads
    }

    public init(name: String, state: Character, vmRSSKiB: UInt64? = nil, rssAnonKiB: UInt64? = nil,
                rssFileKiB: UInt64? = nil, rssShmemKiB: UInt64? = nil, vmHWMKiB: UInt64? = nil,
                vmSwapKiB: UInt64? = nil, threads: Int? = nil) {
        self.name = name
        self.state = state
        self.vmRSSKiB = vmRSSKiB
        self.rssAnonKiB = rssAnonKiB
        self.rssFileKiB = rssFileKiB
        self.rssShmemKiB = rssShmemKiB
        self.vmHWMKiB = vmHWMKiB
        self.vmSwapKiB = vmSwapKiB
        self.threads = threads
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), state: "?",
                  vmRSSKiB: try c.decodeIfPresent(UInt64.self, forKey: .vmRSSKiB),
                  rssAnonKiB: try c.decodeIfPresent(UInt64.self, forKey: .rssAnonKiB),
                  rssFileKiB: try c.decodeIfPresent(UInt64.self, forKey: .rssFileKiB),
                  rssShmemKiB: try c.decodeIfPresent(UInt64.self, forKey: .rssShmemKiB),
                  vmHWMKiB: try c.decodeIfPresent(UInt64.self, forKey: .vmHWMKiB),
                  vmSwapKiB: try c.decodeIfPresent(UInt64.self, forKey: .vmSwapKiB),
                  threads: try c.decodeIfPresent(Int.self, forKey: .threads))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(vmRSSKiB, forKey: .vmRSSKiB)
        try c.encode(rssAnonKiB, forKey: .rssAnonKiB)
        try c.encode(rssFileKiB, forKey: .rssFileKiB)
        try c.encode(rssShmemKiB, forKey: .rssShmemKiB)
        try c.encode(vmHWMKiB, forKey: .vmHWMKiB)
        try c.encode(vmSwapKiB, forKey: .vmSwapKiB)
        try c.encode(threads, forKey: .threads)
    }

    /// Parses the bytes of a status file.
    /// - Parameters:
    ///   - file: the path, for errors.
    ///   - includeName: false leaves `name` empty, so the per-sample path allocates nothing.
    /// - Throws: `.malformed` when `Name:` or `State:` is missing or a memory field is not a number.
    /// - Complexity: O(size); one String (the name) unless `includeName` is false.
    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String = "status", includeName: Bool = true) throws(SamplingError) -> ProcStatus {
        var name: String?
        var state: Character?
        var status = ProcStatus(name: "", state: "?")
        var failure: SamplingError?
        func kib(_ line: Bytes.View, _ key: StaticString, _ skip: Int) -> UInt64? {
            if let v = Bytes.unsigned(line, skip: skip) { return v }
            failure = SamplingError(.malformed, file: file, "field '\(key)' is not a number")
            return nil
        }
        Bytes.forEachLine(bytes) { line in
            guard let first = line.first else { return }
            switch first {
            case UInt8(ascii: "N") where Bytes.hasPrefix(line, "Name:"):
                name = includeName ? Bytes.string(line, skip: 5) : ""
            case UInt8(ascii: "S") where Bytes.hasPrefix(line, "State:"):
                var i = line.startIndex + 6
                while i < line.endIndex && (line[i] == 0x20 || line[i] == 0x09) { i += 1 }
                if i < line.endIndex { state = Character(Unicode.Scalar(line[i])) }
            case UInt8(ascii: "V"):
                if Bytes.hasPrefix(line, "VmRSS:") { status.vmRSSKiB = kib(line, "VmRSS", 6) }
                else if Bytes.hasPrefix(line, "VmHWM:") { status.vmHWMKiB = kib(line, "VmHWM", 6) }
                else if Bytes.hasPrefix(line, "VmSwap:") { status.vmSwapKiB = kib(line, "VmSwap", 7) }
            case UInt8(ascii: "R"):
                if Bytes.hasPrefix(line, "RssAnon:") { status.rssAnonKiB = kib(line, "RssAnon", 8) }
                else if Bytes.hasPrefix(line, "RssFile:") { status.rssFileKiB = kib(line, "RssFile", 8) }
                else if Bytes.hasPrefix(line, "RssShmem:") { status.rssShmemKiB = kib(line, "RssShmem", 9) }
            case UInt8(ascii: "T") where Bytes.hasPrefix(line, "Threads:"):
                status.threads = Bytes.unsigned(line, skip: 8).flatMap { Int(exactly: $0) }
            default:
                break
            }
        }
        if let failure { throw failure }
        guard let name else { throw SamplingError(.malformed, file: file, "no 'Name' field") }
        guard let state else { throw SamplingError(.malformed, file: file, "no 'State' field") }
        status.name = name
        status.state = state
        return status
    }
}

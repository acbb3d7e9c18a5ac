/// A log line that looks like an OOM kill but is not a kernel OOM kill. Listed, never counted as one.
public struct Lookalike: Codable, Sendable, Equatable, Hashable {
    public enum Kind: String, Codable, Sendable, Equatable, Hashable {
        /// `java: page allocation failure: order:0, mode:0x2084120(GFP_ATOMIC|__GFP_COLD|__GFP_COMP)`
        case pageAllocationFailure
        /// `vmalloc error: size 8192, ...` / `modprobe: vmalloc: allocation failure: 3760332 bytes`
        case vmallocFailure
        /// `systemd-oomd[840]: Killed /user.slice/... due to memory pressure for ...`
        case systemdOomd
        /// `earlyoom[26328]: sending SIGTERM to process 57834 uid 1000 "code": badness 866, VmRSS 5 MiB`
        case earlyoom
    }

    public var kind: Kind
    public var time: EventTime
    /// The message text (without the timestamp prefix).
    public var text: String
    public var line: Int
    public var source: String

    public init(kind: Kind, time: EventTime, text: String, line: Int, source: String) {
        self.kind = kind
        self.time = time
        self.text = text
        self.line = line
        self.source = source
    }
}

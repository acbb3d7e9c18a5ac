/// When a kernel log line was written, as far as its rendering tells.
///
/// `text` is the timestamp as printed (without brackets); `uptimeSeconds` is the kernel-relative time
/// (seconds since boot) when the rendering carries it (`[  123.456789]`, raw kmsg, journal monotonic);
/// `wallClock` is an ISO-8601 string when the rendering carries a wall-clock time whose month is
/// recognised and whose year is known (or assumed through `KernelLogScanner.Options.assumedYear`).
/// Renderings without a UTC offset give a local time without offset (`2017-12-07T00:05:15`).
public struct EventTime: Codable, Sendable, Equatable, Hashable {
    public var text: String?
    public var uptimeSeconds: Double?
    public var wallClock: String?

    public init(text: String? = nil, uptimeSeconds: Double? = nil, wallClock: String? = nil) {
        self.text = text
        self.uptimeSeconds = uptimeSeconds
        self.wallClock = wallClock
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(text, forKey: .text)
        try c.encodeOrNull(uptimeSeconds, forKey: .uptimeSeconds)
        try c.encodeOrNull(wallClock, forKey: .wallClock)
    }

    private enum CodingKeys: String, CodingKey { case text, uptimeSeconds, wallClock }
}

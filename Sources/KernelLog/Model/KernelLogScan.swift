/// The result of scanning one or more kernel logs: `{"events": [...], "lookalikes": [...]}`.
public struct KernelLogScan: Codable, Sendable, Equatable {
    public var events: [OOMEvent]
    public var lookalikes: [Lookalike]

    public init(events: [OOMEvent] = [], lookalikes: [Lookalike] = []) {
        self.events = events
        self.lookalikes = lookalikes
    }
}

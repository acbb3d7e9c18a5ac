/// Kills of tasks with the same name, gathered across events: "java was killed 14 times".
public struct RepeatedKill: Codable, Sendable, Equatable {
    public var name: String
    public var count: Int
    public var pids: [Int]
    /// The cgroups the limit was hit in (`oomMemcg`), in order of first appearance.
    public var cgroups: [String]
    public var first: EventTime
    public var last: EventTime

    /// Groups `events` by victim name and returns the names killed at least `minimumCount` times,
    /// most often killed first.
    public static func find(in events: [OOMEvent], minimumCount: Int = 2) -> [RepeatedKill] {
        var order: [String] = []
        var groups: [String: RepeatedKill] = [:]
        for event in events {
            guard let name = event.victim?.name else { continue }
            if var g = groups[name] {
                g.count += 1
                if let pid = event.victim?.pid { g.pids.append(pid) }
                if let cg = event.oomMemcg, !g.cgroups.contains(cg) { g.cgroups.append(cg) }
                g.last = event.time
                groups[name] = g
            } else {
                order.append(name)
                groups[name] = RepeatedKill(name: name, count: 1, pids: event.victim?.pid.map { [$0] } ?? [],
                                            cgroups: event.oomMemcg.map { [$0] } ?? [], first: event.time,
                                            last: event.time)
            }
        }
        return order.compactMap { groups[$0] }
            .filter { $0.count >= minimumCount }
            .enumerated()
            .sorted { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }
            .map(\.element)
    }

    /// `'java' was killed 3 times (pids 28438, 14881, 15002), in /kubepods/pod95…, from [Thu Dec  7 00:05:15 2017] to [...]`.
    public var summary: String {
        var s = "'\(name)' was killed \(count) times"
        if !pids.isEmpty { s += " (pids " + pids.map(String.init).joined(separator: ", ") + ")" }
        if !cgroups.isEmpty { s += ", in " + cgroups.joined(separator: ", ") }
        let from = first.wallClock ?? first.text
        let to = last.wallClock ?? last.text
        if let from, let to { s += ", from \(from) to \(to)" }
        return s + "."
    }
}

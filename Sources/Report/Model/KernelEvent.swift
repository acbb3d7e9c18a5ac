import Notebook

/// A kernel OOM event read leniently from the `events` of a stored `dmesg` result.
struct KernelEvent {
    /// The entries whose results reported this event (the same kill read by two `dmesg` runs is one event).
    var entryIds: [Int64]
    /// When the first reporting command ran: the kill happened before then.
    var reportedAt: Double
    var scope: String?
    var complete: Bool?
    var timeText: String?
    var uptimeSeconds: Double?
    var wallClockText: String?
    var wallClock: WallClockTime?
    var triggerName: String?
    var triggerPid: Int?
    var constraint: String?
    var oomMemcg: String?
    var taskMemcg: String?
    var usageKiB: Double?
    var limitKiB: Double?
    var failcnt: Double?
    var victimPid: Int?
    var victimName: String?
    var totalVmKiB: Double?
    var anonRssKiB: Double?
    var fileRssKiB: Double?
    var shmemRssKiB: Double?
    var noKillableProcesses: Bool
    var taskColumns: [String]
    var taskRows: [JSONValue]

    init(_ e: JSONValue, entry: Entry) {
        entryIds = entry.id.map { [$0] } ?? []
        reportedAt = entry.startedAt
        scope = e.string("scope")
        complete = e.bool("complete")
        timeText = e.string("time.text")
        uptimeSeconds = e.number("time.uptimeSeconds")
        wallClockText = e.string("time.wallClock")
        wallClock = wallClockText.flatMap(WallClockTime.init(iso:))
        triggerName = e.string("trigger.name")
        triggerPid = e.int("trigger.pid")
        constraint = e.string("constraint")
        oomMemcg = e.string("oomMemcg")
        taskMemcg = e.string("taskMemcg")
        usageKiB = e.number("memory.usageKiB")
        limitKiB = e.number("memory.limitKiB")
        failcnt = e.number("memory.failcnt")
        victimPid = e.int("victim.pid")
        victimName = e.string("victim.name")
        totalVmKiB = e.number("victim.totalVmKiB")
        anonRssKiB = e.number("victim.anonRssKiB")
        fileRssKiB = e.number("victim.fileRssKiB")
        shmemRssKiB = e.number("victim.shmemRssKiB")
        noKillableProcesses = e.bool("noKillableProcesses") ?? false
        taskColumns = e.array("tasks.columns").compactMap(\.stringValue)
        taskRows = e.array("tasks.rows")
    }

    /// What identifies the kill across `dmesg` runs: its time as logged and its victim.
    var identity: String {
        [wallClockText ?? "", uptimeSeconds.map(Format.number) ?? "", timeText ?? "",
         victimPid.map(String.init) ?? "", victimName ?? ""].joined(separator: "\u{1F}")
    }

    /// `api (pid 5120)`, `api`, `pid 5120`, or a description of a kill without a victim.
    var victimLabel: String {
        switch (victimName, victimPid) {
        case let (n?, p?): return "\(n) (pid \(p))"
        case let (n?, nil): return n
        case let (nil, p?): return "pid \(p)"
        default: return noKillableProcesses ? "no killable process" : "unknown victim"
        }
    }

    /// The best epoch for the timeline; `exact` is false when only "before the command that read it" is known.
    var epoch: (value: Double, exact: Bool) {
        if let w = wallClock { return (w.epoch, true) }
        return (reportedAt, false)
    }

    /// The time as the report prints it, on the UTC clock when the log gave a wall-clock time.
    var timeLabel: String {
        if let w = wallClock {
            return Format.utc(w.epoch) + (w.offsetUnknown ? " (log local time, offset unknown)" : "")
        }
        var s = "before " + Format.utc(reportedAt)
        if let u = uptimeSeconds { s += " (\(Format.fixed(u, 3)) s after boot)" }
        else if let t = timeText { s += " (logged as \(t))" }
        return s
    }

    /// The value of `column` in a task-table row, whatever its JSON type.
    func task(_ row: JSONValue, _ column: String) -> String {
        row[column]?.scalarText ?? "-"
    }

    /// Task rows sorted by resident pages, largest first (the kernel lists them by pid).
    var tasksByRSS: [JSONValue] {
        taskRows.enumerated().sorted { a, b in
            let x = a.element["rss"]?.numberValue ?? -1, y = b.element["rss"]?.numberValue ?? -1
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    /// All kernel events of the notebook, in the order first reported, each once.
    static func collect(_ entries: [(Entry, JSONValue)]) -> [KernelEvent] {
        var events: [KernelEvent] = []
        var index: [String: Int] = [:]
        for (entry, result) in entries where entry.command == "dmesg" && entry.status == .ok {
            for e in result.array("events") where e.isObject {
                let event = KernelEvent(e, entry: entry)
                if let i = index[event.identity] {
                    if let id = entry.id, !events[i].entryIds.contains(id) { events[i].entryIds.append(id) }
                } else {
                    index[event.identity] = events.count
                    events.append(event)
                }
            }
        }
        return events
    }
}

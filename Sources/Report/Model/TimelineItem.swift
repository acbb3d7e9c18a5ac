import Notebook

/// One line of the timeline: kernel kills, sampling runs, profiles and commands on one clock (UTC).
struct TimelineItem {
    enum Kind: String {
        case oomKill = "OOM kill"
        case sampling = "sampling"
        case profile = "profile"
        case command = "command"
    }
    var epoch: Double
    /// False when only a bound is known (a kill without a wall-clock time happened before the command
    /// that read it).
    var exact: Bool
    var kind: Kind
    var text: String
    var entryId: Int64?

    var timeLabel: String { (exact ? "" : "≤ ") + Format.utcDate(epoch) + " " + Format.utcTime(epoch) }

    static func build(entries: [Entry], results: [Int64: JSONValue], kernelEvents: [KernelEvent],
                      series: [Int64: MemorySeries]) -> [TimelineItem] {
        var items: [TimelineItem] = []
        for e in kernelEvents {
            let (epoch, exact) = e.epoch
            var text = "kernel killed " + e.victimLabel
            if let scope = e.scope { text += ", \(scope) OOM" }
            if let cg = e.oomMemcg ?? e.taskMemcg { text += " in \(cg)" }
            if let u = e.usageKiB, let l = e.limitKiB { text += " (usage \(Format.kib(u)) of \(Format.kib(l)))" }
            if e.wallClock?.offsetUnknown == true { text += "; log time without UTC offset, read as UTC" }
            text += "; read by " + e.entryIds.map { "#\($0)" }.joined(separator: ", ")
            items.append(TimelineItem(epoch: epoch, exact: exact, kind: .oomKill, text: text, entryId: e.entryIds.first))
        }
        for s in series.values.sorted(by: { $0.entryId < $1.entryId }) {
            items.append(TimelineItem(epoch: s.startEpoch, exact: true, kind: .sampling,
                                      text: "sampling of \(s.targetLabel) starts (#\(s.entryId))", entryId: s.entryId))
            if let last = s.lastT {
                var text = "sampling of \(s.targetLabel) ends after \(s.points.count) samples"
                if let r = s.endReason { text += ": \(r)" }
                if let v = s.verdict { text += "; verdict \(v)" }
                items.append(TimelineItem(epoch: s.startEpoch + last, exact: true, kind: .sampling, text: text,
                                          entryId: s.entryId))
            }
        }
        var seenProfiles: Set<Double> = []
        for e in entries {
            guard let id = e.id, e.command.hasPrefix("heap") || e.command == "goroutines",
                  let r = results[id] else { continue }
            // Profiles carry their own time (pprof time_nanos): when the heap was measured, not read.
            var times = r.array("timesNanos").compactMap(\.numberValue)
            if let t = r.number("header.timeNanos") ?? r.number("timeNanos") { times.append(t) }
            // A profile read twice (load, then top) is one event: the first command that read it names it.
            for (n, t) in times.enumerated() where t > 0 && seenProfiles.insert(t).inserted {
                let label = times.count > 1 ? "profile \(n + 1) of \(times.count)" : "profile"
                items.append(TimelineItem(epoch: t / 1e9, exact: true, kind: .profile,
                                          text: "\(label) taken (read by #\(id) \(e.command))", entryId: id))
            }
        }
        for e in entries {
            var text = "#\(e.id ?? 0) " + e.line
            if e.status == .failed { text += " (failed)" }
            items.append(TimelineItem(epoch: e.startedAt, exact: true, kind: .command, text: text, entryId: e.id))
        }
        // Stable: items at the same second keep the order above (kills, sampling, profiles, commands).
        return items.enumerated().sorted { a, b in
            a.element.epoch != b.element.epoch ? a.element.epoch < b.element.epoch : a.offset < b.offset
        }.map(\.element)
    }
}

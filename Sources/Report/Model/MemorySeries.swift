import Notebook

/// A memory series read leniently from a stored `sample` or `trend` result, with its analysis.
struct MemorySeries {
    struct Point {
        var t: Double
        var rss: Double?
        var anon: Double?
        var file: Double?
        var cgroupUsage: Double?
        var cgroupLimit: Double?
        var work: Double?
    }

    var entryId: Int64
    /// Wall-clock time of `t = 0`: the result's `startedAt`, else the entry's.
    var startEpoch: Double
    var targetPid: Int?
    var targetName: String?
    var cgroup: String?
    var points: [Point]
    var endReason: String?

    var verdict: String?
    var slopeKiBPerSecond: Double?
    var slopeInterval: (Double?, Double?)?
    var mannKendallP: Double?
    var cycles: Int?
    var troughs: [(t: Double, kib: Double)]
    var troughFit: (slope: Double, intercept: Double)?
    var limitKiB: Double?
    var limitSource: String?
    var secondsToLimit: Double?
    var secondsInterval: (Double?, Double?)?
    var workCorrelation: Double?
    var kibPerUnit: Double?
    var reason: String?

    init?(_ r: JSONValue, entry: Entry) {
        guard let id = entry.id, r.isObject else { return nil }
        entryId = id
        startEpoch = r.number("startedAt") ?? entry.startedAt
        targetPid = r.int("target.pid") ?? r.int("target.process.pid")
        targetName = r.string("target.name")
        cgroup = r.string("target.cgroup") ?? r.string("target.cgroup.path")
        endReason = r.string("end.reason") ?? r.string("endReason")
        points = r.array("samples").compactMap { s in
            guard let t = s.number("t") else { return nil }
            return Point(t: t, rss: s.number("rssKiB"), anon: s.number("anonKiB"), file: s.number("fileKiB"),
                         cgroupUsage: s.number("cgroupUsageKiB"), cgroupLimit: s.number("cgroupLimitKiB"),
                         work: s.number("work"))
        }.sorted { $0.t < $1.t }
        verdict = r.string("analysis.verdict")
        slopeKiBPerSecond = r.number("analysis.slopeKiBPerSecond")
        slopeInterval = r.interval("analysis.slopeInterval")
        mannKendallP = r.number("analysis.mannKendallP")
        cycles = r.int("analysis.cycles")
        troughs = r.array("analysis.troughs").compactMap { p in
            guard let t = p.number("t"), let k = p.number("kib") else { return nil }
            return (t, k)
        }
        if let s = r.number("analysis.troughFit.slopeKiBPerSecond"), let i = r.number("analysis.troughFit.interceptKiB") {
            troughFit = (s, i)
        }
        limitKiB = r.number("analysis.forecast.limitKiB")
        limitSource = r.string("analysis.forecast.limitSource")
        secondsToLimit = r.number("analysis.forecast.secondsToLimit")
        secondsInterval = r.interval("analysis.forecast.secondsInterval")
        workCorrelation = r.number("analysis.work.correlation")
        kibPerUnit = r.number("analysis.work.kibPerUnit")
        reason = r.string("analysis.reason")
    }

    var lastT: Double? { points.last?.t }
    var span: Double { (points.last?.t ?? 0) - (points.first?.t ?? 0) }

    /// The cgroup limit the samples saw (the last one known), else the forecast's limit.
    var effectiveLimit: Double? {
        points.last(where: { $0.cgroupLimit != nil })?.cgroupLimit ?? limitKiB
    }

    var hasWork: Bool { points.contains { $0.work != nil } }

    /// `api (pid 5120)` or the cgroup.
    var targetLabel: String {
        switch (targetName, targetPid) {
        case let (n?, p?): return "\(n) (pid \(p))"
        case let (n?, nil): return n
        case let (nil, p?): return "pid \(p)"
        default: return cgroup ?? "the target"
        }
    }

    /// Kernel kills that belong on this series' chart: the sampled pid was the victim, or the kill
    /// happened while the series was being taken.
    func kills(in events: [KernelEvent]) -> [(t: Double?, event: KernelEvent)] {
        var out: [(Double?, KernelEvent)] = []
        let end = startEpoch + (lastT ?? 0)
        for e in events {
            let t = e.wallClock.map { $0.epoch - startEpoch }
            // The same pid counts only from the start until a while after the end: a pid is reused.
            let horizon = (lastT ?? 0) + max(2 * span, 3600)
            let samePid = targetPid != nil && e.victimPid == targetPid && t.map { $0 >= -1 && $0 <= horizon } ?? true
            let inWindow = e.wallClock.map { $0.epoch >= startEpoch - 1 && $0.epoch <= end + 1 } ?? false
            if samePid || inWindow { out.append((t, e)) }
        }
        return out
    }
}

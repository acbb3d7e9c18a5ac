import Notebook

/// What the report shows of one experiment: its key figures, tables and charts, then its text.
struct ExperimentView {
    let entry: Entry
    var figures: [(String, String)] = []
    var tables: [ReportTable] = []
    var charts: [ChartKind] = []

    var id: Int64 { entry.id ?? 0 }

    init(_ entry: Entry, model: ReportModel) {
        self.entry = entry
        let r = model.result(entry)
        figures.append(("ran", Format.utc(entry.startedAt) + " for " + Format.duration(entry.endedAt - entry.startedAt)))
        switch entry.command {
        case "dmesg": dmesg(r, model: model)
        case "sample", "trend": sample(r, model: model)
        case "heap top", "heap diff": heapTable(r)
        case "heap growth", "heap watch": heapGrowth(r)
        default: break
        }
        if entry.command.hasPrefix("heap") { heapCommon(r) }
        if figures.count == 1 && tables.isEmpty && charts.isEmpty { generic(r) }
    }

    // MARK: Kernel log

    private mutating func dmesg(_ r: JSONValue, model: ReportModel) {
        let sources = r.array("sources").compactMap(\.stringValue)
        if !sources.isEmpty { figures.append(("sources", sources.joined(separator: ", "))) }
        let events = r.array("events").filter(\.isObject).map { KernelEvent($0, entry: entry) }
        figures.append(("OOM kills", "\(events.count)"))
        let lookalikes = r.array("lookalikes").count
        if lookalikes > 0 { figures.append(("look-alikes", "\(lookalikes) (allocation failures, userspace killers)")) }
        guard !events.isEmpty else { return }
        tables.append(ReportTable(
            caption: "OOM kills",
            headers: ["#", "time (UTC)", "scope", "victim", "pid", "anon-rss", "total-vm", "cgroup", "usage", "limit", "failcnt", "trigger"],
            numeric: [0, 4, 5, 6, 8, 9, 10],
            rows: events.enumerated().map { i, e in
                ["\(i + 1)", e.timeLabel, e.scope ?? "-", e.victimName ?? (e.noKillableProcesses ? "(none killable)" : "-"),
                 e.victimPid.map(String.init) ?? "-", Format.kib(e.anonRssKiB), Format.kib(e.totalVmKiB),
                 e.oomMemcg ?? e.taskMemcg ?? "-", Format.kib(e.usageKiB), Format.kib(e.limitKiB),
                 e.failcnt.map(Format.number) ?? "-",
                 e.triggerName.map { n in n + (e.triggerPid.map { " (\($0))" } ?? "") } ?? "-"]
            }))
        // The task tables of the first kills only: a log with hundreds of kills would drown the report.
        for (i, e) in events.enumerated() where i < 5 && !e.taskRows.isEmpty {
            let wanted = ["pid", "uid", "tgid", "total_vm", "rss", "rss_anon", "rss_file", "swapents", "oom_score_adj", "name"]
            var columns = wanted.filter { e.taskColumns.contains($0) }
            if columns.isEmpty { columns = Array(e.taskColumns.prefix(10)) }
            let rows = e.tasksByRSS
            let shown = Array(rows.prefix(10))
            tables.append(ReportTable(
                caption: "Tasks at kill \(i + 1), largest RSS first (memory in pages)"
                    + (rows.count > shown.count ? "; \(shown.count) of \(rows.count)" : ""),
                headers: columns, numeric: Set(columns.indices.filter { columns[$0] != "name" }),
                rows: shown.map { row in columns.map { e.task(row, $0) } }))
        }
    }

    // MARK: Memory series

    private mutating func sample(_ r: JSONValue, model: ReportModel) {
        guard let s = model.series[id] else {
            if let v = r.string("analysis.verdict") { figures.append(("verdict", v)) }
            return
        }
        figures.append(("target", s.targetLabel + (s.cgroup.map { ", cgroup \($0)" } ?? "")))
        figures.append(("samples", "\(s.points.count) over \(Format.duration(s.span)) from \(Format.utc(s.startEpoch))"))
        if let e = s.endReason { figures.append(("ended", e)) }
        let peak = s.points.compactMap(\.rss).max()
        if let peak { figures.append(("peak RSS", Format.kib(peak))) }
        if let u = s.points.compactMap(\.cgroupUsage).max() { figures.append(("peak cgroup usage", Format.kib(u))) }
        if let l = s.effectiveLimit { figures.append(("limit", Format.kib(l) + (s.limitSource.map { " (\($0))" } ?? ""))) }
        if let v = s.verdict { figures.append(("verdict", v)) }
        if let slope = s.slopeKiBPerSecond {
            var text = Format.rate(slope)
            if let (lo, hi) = s.slopeInterval {
                text += ", interval " + (lo.map(Format.number) ?? "?") + " to " + (hi.map(Format.number) ?? "?") + " KiB/s"
            }
            figures.append(("slope", text))
        }
        if let p = s.mannKendallP { figures.append(("Mann–Kendall p", p < 0.001 ? "< 0.001" : Format.number(p))) }
        if let c = s.cycles, c > 0 { figures.append(("GC cycles", "\(c)")) }
        if let f = s.troughFit {
            figures.append(("trough fit", Format.kib(f.intercept) + " + " + Format.number(f.slope) + " KiB/s × t"))
        }
        if let t = s.secondsToLimit {
            var text = Format.duration(t) + " after the last sample"
            if let (lo, hi) = s.secondsInterval {
                text += " (" + (lo.map(Format.duration) ?? "?") + " to " + (hi.map(Format.duration) ?? "never") + ")"
            }
            figures.append(("limit reached in", text))
        }
        if let c = s.workCorrelation { figures.append(("work correlation", Format.fixed(c, 2))) }
        if let k = s.kibPerUnit { figures.append(("retained per unit of work", Format.number(k) + " KiB")) }
        if let reason = s.reason { figures.append(("reason", reason)) }
        charts.append(.memory(MemoryChart(series: s, kills: s.kills(in: model.kernelEvents))))
    }

    // MARK: Heap profiles

    private mutating func heapTable(_ r: JSONValue) {
        guard let t = HeapTable(r) else { return }
        if let i = t.sampleIndex { figures.append(("sample index", i + (t.unit.map { " (\($0))" } ?? ""))) }
        if let total = t.total { figures.append(("total", Format.profileValue(total, unit: t.unit))) }
        let shown = Array(t.rows.prefix(20))
        tables.append(ReportTable(
            caption: (entry.command == "heap diff" ? "Change per function (later − earlier)" : "Top functions by flat value")
                + (t.rows.count > shown.count ? "; \(shown.count) of \(t.rows.count)" : ""),
            headers: ["flat", "flat%", "cum", "cum%", "function"], numeric: [0, 1, 2, 3],
            rows: shown.map { row in
                [Format.profileValue(row.flat, unit: t.unit), Format.percent(row.flatPercent),
                 Format.profileValue(row.cum, unit: t.unit), Format.percent(row.cumPercent), row.name]
            }))
    }

    private mutating func heapGrowth(_ r: JSONValue) {
        guard let g = HeapGrowth(r) else { return }
        if let i = g.sampleIndex { figures.append(("sample index", i + (g.unit.map { " (\($0))" } ?? ""))) }
        let profiles = g.sites.map(\.values.count).max() ?? 0
        figures.append(("profiles", "\(profiles)"))
        let suspects = g.sites.filter(\.suspect)
        figures.append(("leak suspects", suspects.isEmpty ? "none" : suspects.map(\.name).joined(separator: ", ")))
        let shown = Array(g.sites.prefix(20))
        tables.append(ReportTable(
            caption: "Allocation sites across the profiles" + (g.sites.count > shown.count ? "; \(shown.count) of \(g.sites.count)" : ""),
            headers: ["site", "location", "first", "last", "slope/min", "monotonic", "verdict"],
            numeric: [2, 3, 4],
            rows: shown.map { s in
                [s.name, s.location ?? "-", Format.profileValue(s.values.first ?? nil, unit: g.unit),
                 Format.profileValue(s.values.last ?? nil, unit: g.unit),
                 Format.profileValue(s.slopePerMinute, unit: g.unit),
                 s.monotonic.map { $0 ? "yes" : "no" } ?? "-", s.verdict ?? "-"]
            },
            marked: Set(shown.indices.filter { shown[$0].suspect })))
        if profiles >= 2 {
            charts.append(.growth(GrowthChart(growth: g, title: "Growth of the leading sites, #\(id)")))
        }
    }

    private mutating func heapCommon(_ r: JSONValue) {
        if let name = r.string("name") { figures.append(("profile", name)) }
        let types = r.array("sampleTypes").compactMap { $0.stringValue ?? $0.string("type") }
        if !types.isEmpty { figures.append(("sample types", types.joined(separator: ", "))) }
        if let flame = r.object("flame"), let root = FlameNode(flame) {
            let unit = r.string("flameUnit") ?? r.string("unit")
            charts.append(.flame(FlameGraph(root: root, title: "Flame graph, #\(id) \(entry.command)", unit: unit)))
        }
    }

    // MARK: Anything else

    /// Top-level scalars as figures, and the first array of objects as a table (ps, goroutines, …).
    private mutating func generic(_ r: JSONValue) {
        for (key, value) in r.members {
            if let text = value.scalarText { figures.append((key, text)) }
        }
        for (key, value) in r.members {
            guard let list = value.arrayValue, let first = list.first, first.isObject else { continue }
            let columns = first.members.filter { $0.value.scalarText != nil || $0.value == .null }.map(\.key).prefix(8)
            guard !columns.isEmpty else { continue }
            let shown = list.prefix(20)
            tables.append(ReportTable(
                caption: key + (list.count > shown.count ? "; \(shown.count) of \(list.count)" : ""),
                headers: Array(columns),
                numeric: Set(columns.indices.filter { first[columns[$0]]?.numberValue != nil }),
                rows: shown.map { row in columns.map { row[$0]?.scalarText ?? "-" } }))
            break
        }
    }
}

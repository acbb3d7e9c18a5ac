/// The result of `top`: per-node flat and cum values, sorted, with what pprof's header says.
public struct TopReport: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        /// pprof's printable name: `main.f`, or `main.f pkg/file.go:12` with lines granularity.
        public var name: String
        public var flat: Int64
        public var flatPercent: Double
        public var cum: Int64
        public var cumPercent: Double
        /// "(inline)" or "(partial-inline)" when the frame was inlined into its callers, else nil.
        public var inline: String?

        enum CodingKeys: String, CodingKey { case name, flat, flatPercent, cum, cumPercent, inline }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(flat, forKey: .flat)
            try c.encode(flatPercent, forKey: .flatPercent)
            try c.encode(cum, forKey: .cum)
            try c.encode(cumPercent, forKey: .cumPercent)
            try c.encode(inline, forKey: .inline)  // explicit null
        }
    }

    /// The sample type shown (`inuse_space`).
    public var sampleIndex: String
    /// Its unit (`bytes`, `count`).
    public var unit: String
    /// pprof's total: the sum of |value| over all samples, before focus/ignore.
    public var total: Int64
    public var rows: [Row]

    /// The unit pprof chose for display (`kB`, `MB`, or the sample unit).
    public var outputUnit: String
    /// Sum of the shown rows' flat values.
    public var shownFlat: Int64
    /// Nodes dropped by the node fraction, and the cut-off pprof prints for them.
    public var droppedNodes: Int
    public var dropCutoff: Int64
    /// Nodes left after the node fraction (before the node count limit).
    public var nodesBeforeLimit: Int
    /// The profile facts pprof prints first.
    public var header: ProfileHeader
    /// Active filters as pprof lists them (`focus=retain`).
    public var activeFilters: [String]

    enum CodingKeys: String, CodingKey {
        case sampleIndex, unit, total, rows, outputUnit, shownFlat, droppedNodes, dropCutoff, nodesBeforeLimit,
            header, activeFilters
    }
}

/// What pprof prints about a profile before a report: `File:`, `Build ID:`, comments, `Type:`,
/// `Time:`, `Duration:`.
public struct ProfileHeader: Sendable, Codable, Equatable {
    public var file: String?
    public var buildID: String?
    public var comments: [String]
    public var sampleType: String
    public var timeNanos: Int64
    public var durationNanos: Int64
    /// "Total samples = X (P%)" part of the Duration line, preformatted.
    public var durationTotal: String

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(buildID, forKey: .buildID)
        try c.encode(comments, forKey: .comments)
        try c.encode(sampleType, forKey: .sampleType)
        try c.encode(timeNanos, forKey: .timeNanos)
        try c.encode(durationNanos, forKey: .durationNanos)
        try c.encode(durationTotal, forKey: .durationTotal)
    }
}

extension Profile {
    /// pprof's `top`: nodes (functions, or lines) with flat and cum values, trimmed and sorted as
    /// `go tool pprof -top` does.
    ///
    /// Drops nodes whose |cum| is below `nodeFraction` of the summed flat values, keeps the first
    /// `nodeCount` after sorting (by flat, or cum), labels inlined frames from the remaining edges.
    /// Percentages are of the total before focus/ignore, as pprof's are.
    /// - Throws: `HeapProfileError` for an unknown sample index or an invalid regex.
    /// - Complexity: O(frames + nodes log nodes).
    public func top(_ options: QueryOptions = QueryOptions()) throws -> TopReport {
        let index = try sampleIndex(named: options.sampleIndex)
        let graph = try ProfileGraph(
            self, valueIndex: index, granularity: options.granularity, focus: options.focus, ignore: options.ignore)
        let total = graph.total()
        let (flat, cum) = graph.weights()
        let present = (0..<graph.nodeCount).filter { flat[$0] != 0 || cum[$0] != 0 }
        let flatSum = present.reduce(Int64(0)) { $0 &+ flat[$1] }
        let nodeCutoff = abs(Int64(Double(flatSum) * options.nodeFraction))
        let edgeCutoff = abs(Int64(Double(flatSum) * options.edgeFraction))
        var kept = nodeCutoff > 0 ? present.filter { abs(cum[$0]) >= nodeCutoff } : present
        let dropped = present.count - kept.count
        let beforeLimit = kept.count
        let names = graph.names
        func less(_ a: Int, _ b: Int) -> Bool {
            let (pa, pb) = options.sortByCum ? (abs(cum[a]), abs(cum[b])) : (abs(flat[a]), abs(flat[b]))
            if pa != pb { return pa > pb }
            if names[a] != names[b] { return names[a].utf8.lexicographicallyPrecedes(names[b].utf8) }
            let (sa, sb) = options.sortByCum ? (abs(flat[a]), abs(flat[b])) : (abs(cum[a]), abs(cum[b]))
            if sa != sb { return sa > sb }
            return graph.infos[a].goString.utf8.lexicographicallyPrecedes(graph.infos[b].goString.utf8)
        }
        kept.sort(by: less)
        var limited = false
        if options.nodeCount > 0 && kept.count > options.nodeCount {
            kept = Array(kept.prefix(options.nodeCount))
            limited = true
        }

        // Inline labels come from the in-edges that survive trimming.
        var inlineLabel = [String?](repeating: nil, count: graph.nodeCount)
        if kept.contains(where: { graph.inlineCapable[$0] }) {
            var keptMask = [Bool](repeating: false, count: graph.nodeCount)
            if dropped == 0 && !limited {
                for n in 0..<graph.nodeCount { keptMask[n] = true }
            } else {
                for n in kept { keptMask[n] = true }
            }
            var wanted = [Bool](repeating: false, count: graph.nodeCount)
            for n in kept where graph.inlineCapable[n] { wanted[n] = true }
            var inline = [Bool](repeating: false, count: graph.nodeCount)
            var noInline = inline
            for (key, e) in graph.edges(kept: keptMask, wanted: wanted) where abs(e.weight) >= edgeCutoff {
                let dest = Int(UInt32(truncatingIfNeeded: key))
                if e.inline { inline[dest] = true } else { noInline[dest] = true }
            }
            for n in kept where inline[n] { inlineLabel[n] = noInline[n] ? "(partial-inline)" : "(inline)" }
        }

        let sampleType = sampleTypes[index]
        let outputUnit = Self.outputUnit(kept.map { flat[$0] }, kept.map { cum[$0] }, total: total, unit: sampleType.unit.lowercased())
        func percent(_ v: Int64) -> Double { total == 0 ? 0 : Double(v) / Double(total) * 100 }
        let rows = kept.map { n in
            TopReport.Row(
                name: names[n], flat: flat[n], flatPercent: percent(flat[n]), cum: cum[n], cumPercent: percent(cum[n]),
                inline: inlineLabel[n])
        }
        var filters: [String] = []
        if let f = options.focus, !f.isEmpty { filters.append("focus=" + f) }
        if let i = options.ignore, !i.isEmpty { filters.append("ignore=" + i) }
        return TopReport(
            sampleIndex: sampleType.type, unit: sampleType.unit, total: total, rows: rows, outputUnit: outputUnit,
            shownFlat: kept.reduce(Int64(0)) { $0 &+ flat[$1] }, droppedNodes: dropped,
            dropCutoff: abs(Int64(Double(total) * options.nodeFraction)), nodesBeforeLimit: beforeLimit,
            header: header(sampleIndex: index, total: total, outputUnit: outputUnit), activeFilters: filters)
    }

    /// pprof's `selectOutputUnit` ("minimum"): the unit of the smallest nonzero value, or a larger
    /// one when that value is under 1% of the total.
    static func outputUnit(_ flat: [Int64], _ cum: [Int64], total: Int64, unit: String) -> String {
        guard !flat.isEmpty else { return unit }
        var minValue: Int64 = 0
        for i in flat.indices {
            var v = abs(flat[i])
            if v == 0 { v = abs(cum[i]) }
            if v > 0 && (minValue == 0 || v < minValue) { minValue = v }
        }
        let maxValue = total
        if minValue == 0 { minValue = maxValue }
        let (_, minUnit) = Measurement.scale(minValue, from: unit, to: "minimum")
        let (_, maxUnit) = Measurement.scale(maxValue, from: unit, to: "minimum")
        var chosen = minUnit
        if minUnit != maxUnit && minValue &* 100 < maxValue {
            chosen = Measurement.scale(100 &* minValue, from: unit, to: "minimum").1
        }
        return chosen.isEmpty ? unit : chosen
    }

    /// The facts pprof prints above a report for sample type `index`.
    func header(sampleIndex index: Int, total: Int64, outputUnit: String) -> ProfileHeader {
        let unit = sampleTypes[index].unit.lowercased()
        var file: String?, buildID: String?
        if let m = mappings.first {
            if !m.file.isEmpty { file = m.file.split(separator: "/").last.map(String.init) ?? m.file }
            if !m.buildID.isEmpty { buildID = m.buildID }
        }
        var durationTotal = ""
        if durationNanos != 0 {
            let (totalNanos, totalUnit) = Measurement.scale(total, from: unit, to: "nanoseconds")
            var ratio = ""
            if totalUnit == "ns" && totalNanos != 0 {
                ratio = "(" + Measurement.percentage(Int64(totalNanos), of: durationNanos) + ")"
            }
            durationTotal = "Total samples = \(Measurement.scaledLabel(total, from: unit, to: outputUnit)) \(ratio)"
        }
        return ProfileHeader(
            file: file, buildID: buildID, comments: comments.filter { !$0.hasPrefix("#") },
            sampleType: sampleTypes[index].type, timeNanos: timeNanos, durationNanos: durationNanos,
            durationTotal: durationTotal)
    }
}

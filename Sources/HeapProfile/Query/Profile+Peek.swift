/// Callers and callees of the functions matching a regex, with edge weights (pprof's `peek`).
public struct PeekReport: Sendable, Codable, Equatable {
    public struct Edge: Sendable, Codable, Equatable {
        public var name: String
        public var weight: Int64
        public var inline: Bool
    }

    public struct Entry: Sendable, Codable, Equatable {
        public var name: String
        public var flat: Int64
        public var cum: Int64
        /// Who calls it, heaviest first.
        public var callers: [Edge]
        /// What it calls, heaviest first.
        public var callees: [Edge]
    }

    public var sampleIndex: String
    public var unit: String
    public var total: Int64
    public var entries: [Entry]
}

extension Profile {
    /// Callers and callees of every node whose name matches `pattern`, untrimmed as pprof's
    /// `peek` is, sorted by cum (then name).
    /// - Throws: `HeapProfileError` for an invalid regex or unknown sample index.
    public func peek(_ pattern: String, _ options: QueryOptions = QueryOptions()) throws -> PeekReport {
        let rx = try ProfileGraph.compile(pattern, "peek")
        let index = try sampleIndex(named: options.sampleIndex)
        let graph = try ProfileGraph(self, valueIndex: index, granularity: options.granularity, focus: options.focus, ignore: options.ignore)
        let (flat, cum) = graph.weights()
        let matched = (0..<graph.nodeCount).filter {
            (flat[$0] != 0 || cum[$0] != 0) && (try? rx.firstMatch(in: graph.names[$0])) != nil
        }
        let all = [Bool](repeating: true, count: graph.nodeCount)
        let edges = graph.edges(kept: all, wanted: all)
        var isMatched = [Bool](repeating: false, count: graph.nodeCount)
        for m in matched { isMatched[m] = true }
        var callers: [Int: [PeekReport.Edge]] = [:], callees: [Int: [PeekReport.Edge]] = [:]
        for (key, e) in edges {
            let src = Int(key >> 32), dst = Int(UInt32(truncatingIfNeeded: key))
            if isMatched[dst] { callers[dst, default: []].append(.init(name: graph.names[src], weight: e.weight, inline: e.inline)) }
            if isMatched[src] { callees[src, default: []].append(.init(name: graph.names[dst], weight: e.weight, inline: e.inline)) }
        }
        func order(_ a: PeekReport.Edge, _ b: PeekReport.Edge) -> Bool {
            abs(a.weight) != abs(b.weight) ? abs(a.weight) > abs(b.weight) : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        let entries = matched.sorted {
            abs(cum[$0]) != abs(cum[$1]) ? abs(cum[$0]) > abs(cum[$1]) : graph.names[$0].utf8.lexicographicallyPrecedes(graph.names[$1].utf8)
        }.map { n in
            PeekReport.Entry(
                name: graph.names[n], flat: flat[n], cum: cum[n], callers: (callers[n] ?? []).sorted(by: order),
                callees: (callees[n] ?? []).sorted(by: order))
        }
        return PeekReport(sampleIndex: sampleTypes[index].type, unit: sampleTypes[index].unit, total: graph.total(), entries: entries)
    }
}

extension PeekReport {
    /// A compact text rendering: each entry with its callers above and callees below.
    public func text() -> String {
        let unit = self.unit.lowercased()
        let outputUnit = Profile.outputUnit(entries.map(\.flat), entries.map(\.cum), total: total, unit: unit)
        func f(_ v: Int64) -> String { Measurement.pad(Measurement.scaledLabel(v, from: unit, to: outputUnit), 10) }
        var out = "Type: \(sampleIndex)\nTotal: \(Measurement.scaledLabel(total, from: unit, to: outputUnit))\n"
        for e in entries {
            out += "----------------------------------------------------------+-------------\n"
            for c in e.callers {
                out += String(repeating: " ", count: 38) + f(c.weight) + " " + Measurement.percentage(c.weight, of: e.cum)
                    + " |   " + Terminal.safe(c.name) + (c.inline ? " (inline)" : "") + "\n"
            }
            out += f(e.flat) + " " + Measurement.percentage(e.flat, of: total) + " " + f(e.cum) + " "
                + Measurement.percentage(e.cum, of: total) + "                | " + Terminal.safe(e.name) + "\n"
            for c in e.callees {
                out += String(repeating: " ", count: 38) + f(c.weight) + " " + Measurement.percentage(c.weight, of: e.cum)
                    + " |   " + Terminal.safe(c.name) + (c.inline ? " (inline)" : "") + "\n"
            }
        }
        return out + "----------------------------------------------------------+-------------\n"
    }
}

/// One distinct stack and its value.
public struct Trace: Sendable, Codable, Equatable {
    /// Frames leaf first (inlined frames included), pprof's printable names.
    public var frames: [String]
    /// Whether each frame was inlined into the next.
    public var inlined: [Bool]
    public var value: Int64
    /// `key: value` labels (numeric ones formatted with their unit), sorted.
    public var labels: [String]
}

extension Profile {
    /// Every sample's stack and value, in profile order, as `go tool pprof -traces` lists them.
    /// - Complexity: O(frames).
    public func traces(_ options: QueryOptions = QueryOptions()) throws -> [Trace] {
        // pprof merges every profile it reads: all-zero samples vanish, identical ones combine.
        let merged = try Profile.merge([self])
        return try merged.tracesOfMerged(options)
    }

    private func tracesOfMerged(_ options: QueryOptions) throws -> [Trace] {
        let index = try sampleIndex(named: options.sampleIndex)
        let graph = try ProfileGraph(self, valueIndex: index, granularity: options.granularity, focus: options.focus, ignore: options.ignore)
        var units: [String: String] = [:]
        for l in labels where l.str < 0 {
            let key = string(l.key), unit = string(l.numUnit)
            if units[key] == nil || units[key] == "" { units[key] = unit }
        }
        var out: [Trace] = []
        for s in 0..<sampleCount {
            if let kept = graph.sampleKept, !kept[s] { continue }
            var frames: [String] = [], inlined: [Bool] = []
            for k in graph.stackRange(s) {
                let loc = Int(stackLocations[k])
                let lo = Int(graph.locNodeStart[loc]), hi = Int(graph.locNodeStart[loc + 1])
                for j in lo..<hi {
                    frames.append(graph.names[Int(graph.locNodes[j])])
                    inlined.append(j != hi - 1)
                }
            }
            if frames.isEmpty { continue }
            var strs: [String: [String]] = [:], nums: [String: [String]] = [:]
            var keyOrder: [String] = []
            for l in sampleLabels(s) {
                let key = string(l.key)
                if !keyOrder.contains(key) { keyOrder.append(key) }
                if l.str >= 0 {
                    strs[key, default: []].append(string(l.str))
                } else {
                    var unit = units[key] ?? ""
                    if unit.isEmpty { unit = (key == "alignment" || key == "request") ? "bytes" : key }
                    nums[key, default: []].append(Measurement.label(l.num, unit: unit))
                }
            }
            let labelLines = strs.map { Measurement.pad($0.key, 10) + ":  " + $0.value.joined(separator: " ") }.sorted()
                + nums.map { Measurement.pad($0.key, 10) + ":  " + $0.value.joined(separator: " ") }.sorted()
            out.append(Trace(frames: frames, inlined: inlined, value: value(s, index), labels: labelLines))
        }
        return out
    }

    /// The traces as `go tool pprof -traces` prints them.
    public func tracesText(_ options: QueryOptions = QueryOptions(), timeZone: TimeZoneStyle = .local) throws -> String {
        let index = try sampleIndex(named: options.sampleIndex)
        let unit = sampleTypes[index].unit.lowercased()
        let separator = "-----------+-------------------------------------------------------"
        var out = header(sampleIndex: index, total: 0, outputUnit: "minimum").lines(timeZone: timeZone).joined(separator: "\n") + "\n"
        for t in try traces(options) {
            out += separator + "\n"
            for l in t.labels { out += Terminal.safe(l) + "\n" }
            for (i, f) in t.frames.enumerated() {
                let v = i == 0 ? Measurement.scaledLabel(t.value, from: unit, to: "minimum") : ""
                out += Measurement.pad(v, 10) + "   " + Terminal.safe(f) + (t.inlined[i] ? " (inline)" : "") + "\n"
            }
        }
        return out + separator + "\n"
    }
}

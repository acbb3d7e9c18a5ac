extension Profile {
    /// pprof's `-base`: this profile minus `base`, merged sample by sample (same stack, same
    /// labels) so growth is positive and shrinkage negative; samples that cancel out vanish.
    ///
    /// Locations, functions and mappings are merged by content as pprof's `Merge` does (address
    /// relative to its mapping, function name/system name/file/start line), so profiles of the
    /// same binary line up even when their ids differ.
    /// - Throws: `HeapProfileError` when the sample types differ.
    /// - Complexity: O(frames of both profiles).
    public func diff(base: Profile) throws -> Profile {
        guard sampleTypes.map(\.type) == base.sampleTypes.map(\.type) else {
            throw HeapProfileError(
                "cannot diff profiles with different sample types: [\(base.sampleTypes.map(\.type).joined(separator: " "))] and [\(sampleTypes.map(\.type).joined(separator: " "))]",
                source: "diff")
        }
        return try Profile.merge([self, base], scales: [1, -1])
    }

    /// `diff` of two profile files, holding at most one decoded input besides the result.
    /// - Throws: `HeapProfileError` naming the file for unreadable or malformed input.
    public static func diff(baseFile: String, newFile: String, limits: Limits = .default) throws -> Profile {
        let new = try Profile(contentsOfFile: newFile, limits: limits)
        var m = Merger(template: new, expectedSamples: new.sampleCount)
        m.add(new, scale: 1)
        let types = new.sampleTypes.map(\.type)
        let base = try Profile(contentsOfFile: baseFile, limits: limits)
        guard base.sampleTypes.map(\.type) == types else {
            throw HeapProfileError(
                "cannot diff profiles with different sample types: [\(base.sampleTypes.map(\.type).joined(separator: " "))] and [\(types.joined(separator: " "))]",
                source: "diff")
        }
        m.add(base, scale: -1)
        return m.finish()
    }

    /// Merges profiles of the same kind, multiplying each one's values by its scale.
    /// - Complexity: O(total frames).
    public static func merge(_ profiles: [Profile], scales: [Int64]? = nil) throws -> Profile {
        guard let first = profiles.first else { throw HeapProfileError("nothing to merge", source: "merge") }
        var m = Merger(template: first, expectedSamples: profiles.reduce(0) { $0 + $1.sampleCount })
        for (i, p) in profiles.enumerated() {
            guard p.sampleTypes.count == first.sampleTypes.count else {
                throw HeapProfileError("cannot merge profiles with \(first.sampleTypes.count) and \(p.sampleTypes.count) sample types", source: "merge")
            }
            m.add(p, scale: scales?[i] ?? 1)
        }
        return m.finish()
    }
}

/// pprof's `profileMerger`, on the flat representation.
private struct Merger {
    var out: Profile
    var stringIndex: [String: Int32] = [:]
    var mappingIndex: [MappingKey: Int32] = [:]
    var functionIndex: [FunctionKey: Int32] = [:]
    var locationIndex: [LocationKey: Int32] = [:]
    /// Open-addressing table of merged samples (index into `out`'s samples, -1 empty).
    var slots: [Int32]
    var scratchStack: [Int32] = []
    var scratchLabels: [Profile.Label] = []

    struct MappingKey: Hashable { var size: UInt64; var offset: UInt64; var buildIDOrFile: String }
    struct FunctionKey: Hashable { var startLine: Int64; var name: String; var systemName: String; var file: String }
    struct LocationKey: Hashable { var address: UInt64; var mapping: Int32; var lines: [Int64]; var isFolded: Bool }
    init(template: Profile, expectedSamples: Int) {
        var capacity = 16
        while capacity < expectedSamples * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        out = Profile(format: template.format, sampleTypes: template.sampleTypes)
        out.periodType = template.periodType
        out.dropFrames = template.dropFrames
        out.keepFrames = template.keepFrames
    }

    mutating func str(_ s: String) -> Int32 { out.intern(s, &stringIndex) }

    mutating func add(_ p: Profile, scale: Int64) {
        if out.timeNanos == 0 || (p.timeNanos != 0 && p.timeNanos < out.timeNanos) { out.timeNanos = p.timeNanos }
        out.durationNanos &+= p.durationNanos
        if out.period == 0 || out.period < p.period { out.period = p.period }
        for c in p.comments where !out.comments.contains(c) { out.comments.append(c) }
        if out.defaultSampleType == nil { out.defaultSampleType = p.defaultSampleType }
        if out.memStats == nil { out.memStats = p.memStats }

        var mappingMap = [Int32](repeating: -1, count: p.mappings.count)
        for (i, m) in p.mappings.enumerated() {
            var size = m.limit &- m.start
            size = size &+ 0xfff
            size -= size % 0x1000
            let key = MappingKey(size: size, offset: m.offset, buildIDOrFile: m.buildID.isEmpty ? m.file : m.buildID)
            if let existing = mappingIndex[key] {
                mappingMap[i] = existing
            } else {
                mappingMap[i] = Int32(out.mappings.count)
                var copy = m
                copy.id = UInt64(out.mappings.count + 1)
                out.mappings.append(copy)
                mappingIndex[key] = mappingMap[i]
            }
        }
        var functionMap = [Int32](repeating: -1, count: p.functions.count)
        for (i, f) in p.functions.enumerated() {
            let key = FunctionKey(
                startLine: f.startLine, name: p.string(f.name), systemName: p.string(f.systemName), file: p.string(f.filename))
            if let existing = functionIndex[key] {
                functionMap[i] = existing
            } else {
                let n = Int32(out.functions.count)
                out.functions.append(Profile.Function(
                    id: UInt64(n) + 1, name: str(key.name), systemName: str(key.systemName), filename: str(key.file),
                    startLine: f.startLine))
                functionIndex[key] = n
                functionMap[i] = n
            }
        }
        var locationMap = [Int32](repeating: -1, count: p.locations.count)
        for (i, l) in p.locations.enumerated() {
            let mapping = l.mapping >= 0 ? mappingMap[Int(l.mapping)] : -1
            var address = l.address
            if l.mapping >= 0 { address = address &- p.mappings[Int(l.mapping)].start }
            var lineKey: [Int64] = []
            for line in p.locationLines(i) {
                lineKey.append(line.function >= 0 ? Int64(functionMap[Int(line.function)]) : -1)
                lineKey.append(line.line)
            }
            let key = LocationKey(address: address, mapping: mapping, lines: lineKey, isFolded: l.isFolded)
            if let existing = locationIndex[key] {
                locationMap[i] = existing
            } else {
                let n = Int32(out.locations.count)
                let firstLine = Int32(out.lines.count)
                for line in p.locationLines(i) {
                    out.lines.append(Profile.Line(
                        function: line.function >= 0 ? functionMap[Int(line.function)] : -1, line: line.line,
                        column: line.column))
                }
                out.locations.append(Profile.Location(
                    id: UInt64(n) + 1, mapping: mapping, address: l.address, firstLine: firstLine,
                    lineCount: l.lineCount, isFolded: l.isFolded))
                locationIndex[key] = n
                locationMap[i] = n
            }
        }
        let k = p.sampleTypes.count
        var labelMap: [Int32: Int32] = [:]  // string index in p → in out
        func mapString(_ i: Int32) -> Int32 {
            if i < 0 { return i }
            if let m = labelMap[i] { return m }
            let m = str(p.string(i))
            labelMap[i] = m
            return m
        }
        for s in 0..<p.sampleCount {
            var allZero = true
            for j in 0..<k where p.value(s, j) != 0 { allZero = false }
            if allZero { continue }
            scratchStack.removeAll(keepingCapacity: true)
            for l in p.stack(s) { scratchStack.append(locationMap[Int(l)]) }
            scratchLabels.removeAll(keepingCapacity: true)
            for l in p.sampleLabels(s) {
                scratchLabels.append(Profile.Label(key: mapString(l.key), str: mapString(l.str), num: l.num, numUnit: mapString(l.numUnit)))
            }
            if scratchLabels.count > 1 {
                scratchLabels.sort { ($0.key, $0.str, $0.num, $0.numUnit) < ($1.key, $1.str, $1.num, $1.numUnit) }
            }
            let target = findOrInsert()
            let base = target * k
            for j in 0..<k { out.values[base + j] &+= p.value(s, j) &* scale }
        }
    }

    /// The merged sample with the scratch stack and labels, appended (zero-valued) when new.
    /// - Complexity: O(stack depth) expected.
    mutating func findOrInsert() -> Int {
        var h = Hasher()
        h.combine(scratchStack.count)
        for l in scratchStack { h.combine(l) }
        for l in scratchLabels { h.combine(l) }
        let mask = slots.count - 1
        var i = h.finalize() & mask
        while true {
            let candidate = Int(slots[i])
            if candidate < 0 { break }
            if out.stack(candidate).elementsEqual(scratchStack) && out.sampleLabels(candidate).elementsEqual(scratchLabels) {
                return candidate
            }
            i = (i + 1) & mask
        }
        let n = out.sampleCount
        slots[i] = Int32(n)
        if (n + 1) * 2 > slots.count { rehash() }
        out.appendSample(values: [Int64](repeating: 0, count: out.sampleTypes.count), stack: scratchStack, labels: scratchLabels)
        return n
    }

    mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for s in 0..<out.sampleCount {
            var h = Hasher()
            let stack = out.stack(s)
            h.combine(stack.count)
            for l in stack { h.combine(l) }
            for l in out.sampleLabels(s) { h.combine(l) }
            var i = h.finalize() & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(s)
        }
    }

    mutating func finish() -> Profile {
        // Samples that cancel out (all values zero) vanish, as in pprof's Merge.
        let k = out.sampleTypes.count
        guard (0..<out.sampleCount).contains(where: { s in (0..<k).allSatisfy { out.value(s, $0) == 0 } }) else { return out }
        var kept = Profile(format: out.format, sampleTypes: out.sampleTypes)
        swap(&kept.values, &out.values)
        swap(&kept.stackStart, &out.stackStart)
        swap(&kept.stackLocations, &out.stackLocations)
        swap(&kept.labelStart, &out.labelStart)
        swap(&kept.labels, &out.labels)
        for s in 0..<kept.sampleCount where !(0..<k).allSatisfy({ kept.value(s, $0) == 0 }) {
            out.appendSample(values: Array(kept.values[s * k..<(s + 1) * k]), stack: Array(kept.stack(s)), labels: Array(kept.sampleLabels(s)))
        }
        return out
    }
}

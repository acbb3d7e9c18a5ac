/// pprof's call graph of a profile (internal/graph), specialised for text reports: nodes are
/// functions or source lines; each node has flat (value of samples where it is the leaf) and cum
/// (value of samples whose stack contains it, counted once per sample even under recursion).
///
/// Locations map to one node per line (inlined frames are separate nodes, innermost first), so
/// the per-sample loop is a walk over precomputed node ids with a generation stamp for "seen".
struct ProfileGraph {
    struct NodeInfo: Hashable {
        var name: String
        var file: String
        var line: Int64
        var objfile: String
        var startLine: Int64

        /// pprof's `PrintableName`.
        var printableName: String {
            var parts: [String] = []
            if !name.isEmpty { parts.append(name) }
            if line != 0 {
                parts.append("\(file):\(line)")
            } else if !file.isEmpty {
                parts.append(file)
            } else if !name.isEmpty {
            } else if !objfile.isEmpty {
                parts.append("[" + (objfile.split(separator: "/").last.map(String.init) ?? objfile) + "]")
            } else {
                parts.append("<unknown>")
            }
            return parts.joined(separator: " ")
        }

        /// Go's `fmt.Sprint(NodeInfo)`, pprof's last tie-breaker.
        var goString: String { "{\(name)  0 \(file) \(startLine) \(line) \(objfile)}" }
    }

    let profile: Profile
    let valueIndex: Int
    /// Node of each (location, line), innermost line first; `locNodeStart[l]..<locNodeStart[l+1]`.
    private(set) var locNodeStart: [Int32] = [0]
    private(set) var locNodes: [Int32] = []
    private(set) var infos: [NodeInfo] = []
    private(set) var names: [String] = []
    /// Whether the node ever appears inlined (not the last line of its location).
    private(set) var inlineCapable: [Bool] = []
    /// Effective stack start per sample after drop_frames pruning (nil: no pruning).
    private var prunedStart: [Int32]?
    /// Per sample: kept by focus/ignore (nil: all kept).
    private(set) var sampleKept: [Bool]?

    var nodeCount: Int { infos.count }

    init(_ profile: Profile, valueIndex: Int, granularity: QueryOptions.Granularity, focus: String?, ignore: String?) throws {
        self.profile = profile
        self.valueIndex = valueIndex
        try prune()
        buildNodes(granularity)
        try filter(focus: focus, ignore: ignore)
    }

    // MARK: Nodes

    private mutating func buildNodes(_ granularity: QueryOptions.Granularity) {
        var index: [NodeInfo: Int32] = [:]
        func node(_ info: NodeInfo) -> Int32 {
            if let n = index[info] { return n }
            let n = Int32(infos.count)
            infos.append(info)
            inlineCapable.append(false)
            index[info] = n
            return n
        }
        locNodeStart.reserveCapacity(profile.locations.count + 1)
        for (li, loc) in profile.locations.enumerated() {
            let objfile = loc.mapping >= 0 ? profile.mappings[Int(loc.mapping)].file : ""
            let skip = lineSkip?[li] ?? 0
            let first = Int(loc.firstLine) + Int(skip)
            let end = Int(loc.firstLine) + Int(loc.lineCount)
            if first >= end {
                locNodes.append(node(NodeInfo(name: "", file: "", line: 0, objfile: objfile, startLine: 0)))
            } else {
                for j in first..<end {
                    let line = profile.lines[j]
                    var info: NodeInfo
                    if line.function < 0 {
                        info = NodeInfo(name: "", file: "", line: 0, objfile: objfile, startLine: 0)
                    } else {
                        let f = profile.functions[Int(line.function)]
                        let name = profile.string(f.name)
                        info = NodeInfo(name: name, file: "", line: 0, objfile: "", startLine: 0)
                        if granularity == .lines {
                            info.line = line.line
                            let file = profile.string(f.filename)
                            if !file.isEmpty { info.file = Self.cleanPath(file) }
                        }
                        if name.isEmpty {
                            info.objfile = objfile
                            info.startLine = f.startLine
                        }
                    }
                    let n = node(info)
                    if j != end - 1 { inlineCapable[Int(n)] = true }
                    locNodes.append(n)
                }
            }
            locNodeStart.append(Int32(locNodes.count))
        }
        names = infos.map(\.printableName)
    }

    /// Go's `filepath.Clean` for the paths that occur in profiles.
    static func cleanPath(_ path: String) -> String {
        if !path.contains("//") && !path.contains("/.") && !path.hasPrefix("./") && !path.hasSuffix("/") { return path }
        let rooted = path.hasPrefix("/")
        var out: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = out.last, last != ".." { out.removeLast(); continue }
            if part == "..", rooted { continue }
            out.append(part)
        }
        let joined = out.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    // MARK: drop_frames / keep_frames

    private var lineSkip: [Int32]?

    /// pprof's `Prune` with the profile's drop_frames/keep_frames (`RemoveUninteresting`).
    private mutating func prune() throws {
        guard !profile.dropFrames.isEmpty else { return }
        let drop: Regex<AnyRegexOutput>, keep: Regex<AnyRegexOutput>?
        do {
            drop = try Regex("(?:" + profile.dropFrames + ")")
            keep = profile.keepFrames.isEmpty ? nil : try Regex("(?:" + profile.keepFrames + ")")
        } catch {
            throw HeapProfileError("drop_frames/keep_frames: invalid regular expression (\(error))", source: "profile")
        }
        var functionDropped = [Bool?](repeating: nil, count: profile.functions.count)
        func dropped(_ f: Int32) -> Bool {
            if let d = functionDropped[Int(f)] { return d }
            let name = Self.simplifyFunc(profile.string(profile.functions[Int(f)].name))
            var d = false
            if !name.isEmpty, (try? drop.wholeMatch(in: name)) != nil {
                d = keep.map { (try? $0.wholeMatch(in: name)) == nil } ?? true
            }
            functionDropped[Int(f)] = d
            return d
        }
        var pruneWhole = [Bool](repeating: false, count: profile.locations.count)
        var pruneBeneath = pruneWhole
        var skip = [Int32](repeating: 0, count: profile.locations.count)
        for (li, loc) in profile.locations.enumerated() {
            var i = Int(loc.lineCount) - 1
            while i >= 0 {
                let f = profile.lines[Int(loc.firstLine) + i].function
                if f >= 0 && dropped(f) { break }
                i -= 1
            }
            if i >= 0 {
                pruneBeneath[li] = true
                if i == Int(loc.lineCount) - 1 { pruneWhole[li] = true } else { skip[li] = Int32(i + 1) }
            }
        }
        lineSkip = skip
        var starts = [Int32](repeating: 0, count: profile.sampleCount)
        for s in 0..<profile.sampleCount {
            let lo = Int(profile.stackStart[s]), hi = Int(profile.stackStart[s + 1])
            var start = lo
            var foundUser = false
            var k = hi - 1
            while k >= lo {
                let l = Int(profile.stackLocations[k])
                if !pruneWhole[l] && !pruneBeneath[l] {
                    foundUser = true
                } else if foundUser {
                    start = pruneWhole[l] ? k + 1 : k
                    break
                }
                k -= 1
            }
            starts[s] = Int32(start)
        }
        prunedStart = starts
    }

    /// pprof's `simplifyFunc`: drops a leading "." and an argument list.
    static func simplifyFunc(_ f: String) -> String {
        var name = Substring(f)
        if name.hasPrefix(".") { name = name.dropFirst() }
        var i = name.startIndex
        while i < name.endIndex {
            if name[i...].hasPrefix("(anonymous namespace)") {
                i = name.index(i, offsetBy: "(anonymous namespace)".count)
                continue
            }
            if name[i...].hasPrefix("operator()") {
                i = name.index(i, offsetBy: "operator()".count)
                continue
            }
            if name[i] == "(" { return String(name[..<i]) }
            i = name.index(after: i)
        }
        return String(name)
    }

    // MARK: focus / ignore

    /// pprof's `FilterSamplesByName` for focus and ignore: a sample is kept when one of its
    /// frames matches focus (or there is no focus) and none matches ignore.
    private mutating func filter(focus: String?, ignore: String?) throws {
        let focusRx = try focus.map { try Self.compile($0, "focus") }
        let ignoreRx = try ignore.map { try Self.compile($0, "ignore") }
        // Matching is per function name/file and mapping file, cached.
        var fnMatch: [UInt8] = Array(repeating: 0, count: profile.functions.count)  // bit0 computed, bit1 focus, bit2 ignore
        func matches(_ rx: Regex<AnyRegexOutput>, _ s: String) -> Bool { (try? rx.firstMatch(in: s)) != nil }
        var locState = [UInt8](repeating: 0, count: profile.locations.count)  // 1 focus, 2 ignore
        for (li, loc) in profile.locations.enumerated() {
            var isFocus = false, isIgnore = false
            let first = Int(loc.firstLine) + Int(lineSkip?[li] ?? 0)
            for j in first..<Int(loc.firstLine) + Int(loc.lineCount) {
                let f = Int(profile.lines[j].function)
                guard f >= 0 else { continue }
                if fnMatch[f] & 1 == 0 {
                    let fn = profile.functions[f]
                    let name = profile.string(fn.name), file = profile.string(fn.filename)
                    var bits: UInt8 = 1
                    if let rx = focusRx, matches(rx, name) || matches(rx, file) { bits |= 2 }
                    if let rx = ignoreRx, matches(rx, name) || matches(rx, file) { bits |= 4 }
                    fnMatch[f] = bits
                }
                if fnMatch[f] & 2 != 0 { isFocus = true }
                if fnMatch[f] & 4 != 0 { isIgnore = true }
            }
            if loc.mapping >= 0 {
                let file = profile.mappings[Int(loc.mapping)].file
                if let rx = focusRx, matches(rx, file) { isFocus = true }
                if let rx = ignoreRx, matches(rx, file) { isIgnore = true }
            }
            if ignoreRx != nil && isIgnore {
                locState[li] = 2
            } else if focusRx == nil || isFocus {
                locState[li] = 1
            }
        }
        var kept = [Bool](repeating: false, count: profile.sampleCount)
        for s in 0..<profile.sampleCount {
            var f = false
            for k in stackRange(s) {
                let st = locState[Int(profile.stackLocations[k])]
                if st == 2 { f = false; break }
                if st == 1 { f = true }
            }
            kept[s] = f
        }
        sampleKept = kept
    }

    static func compile(_ pattern: String, _ what: String) throws -> Regex<AnyRegexOutput> {
        do { return try Regex(pattern) } catch {
            throw HeapProfileError("invalid regular expression '\(pattern)': \(error)", source: what)
        }
    }

    // MARK: Weights

    /// The stack of sample `s` after pruning, as a range of `profile.stackLocations`.
    @inline(__always)
    func stackRange(_ s: Int) -> Range<Int> {
        let lo = prunedStart.map { Int($0[s]) } ?? Int(profile.stackStart[s])
        return lo..<Int(profile.stackStart[s + 1])
    }

    /// Sum of |value| over all samples (pprof's report total, computed before focus).
    func total() -> Int64 {
        var t: Int64 = 0
        let k = profile.sampleTypes.count
        profile.values.withUnsafeBufferPointer { v in
            var i = valueIndex
            while i < v.count {
                t &+= abs(v[i])
                i += k
            }
        }
        return t
    }

    /// Flat and cum per node.
    /// - Complexity: O(total frames); one pass over the stacks with a per-sample "seen" stamp.
    func weights() -> (flat: [Int64], cum: [Int64]) {
        var flat = [Int64](repeating: 0, count: nodeCount)
        var cum = flat
        var seen = [Int32](repeating: -1, count: nodeCount)
        let k = profile.sampleTypes.count
        profile.stackLocations.withUnsafeBufferPointer { stacks in
            locNodes.withUnsafeBufferPointer { nodes in
                locNodeStart.withUnsafeBufferPointer { nodeStart in
                    for s in 0..<profile.sampleCount {
                        let v = profile.values[s &* k &+ valueIndex]
                        if v == 0 { continue }
                        if let kept = sampleKept, !kept[s] { continue }
                        let stamp = Int32(truncatingIfNeeded: s)
                        var leaf: Int32 = -1
                        let range = stackRange(s)
                        var i = range.upperBound - 1
                        while i >= range.lowerBound {
                            let loc = Int(stacks[i])
                            var j = Int(nodeStart[loc + 1]) - 1
                            let lo = Int(nodeStart[loc])
                            while j >= lo {
                                let n = nodes[j]
                                if seen[Int(n)] != stamp {
                                    seen[Int(n)] = stamp
                                    cum[Int(n)] &+= v
                                }
                                leaf = n
                                j -= 1
                            }
                            i -= 1
                        }
                        if leaf >= 0 { flat[Int(leaf)] &+= v }
                    }
                }
            }
        }
        return (flat, cum)
    }

    struct Edge {
        var weight: Int64
        var inline: Bool
    }

    /// Edges between kept nodes (the caller is the nearest kept ancestor, as when pprof rebuilds
    /// a graph from kept nodes), for callees in `wanted` only.
    func edges(kept: [Bool], wanted: [Bool]) -> [UInt64: Edge] {
        var edges: [UInt64: Edge] = [:]
        var sampleEdges: [UInt64] = []
        let k = profile.sampleTypes.count
        for s in 0..<profile.sampleCount {
            let v = profile.values[s &* k &+ valueIndex]
            if v == 0 { continue }
            if let keptSamples = sampleKept, !keptSamples[s] { continue }
            sampleEdges.removeAll(keepingCapacity: true)
            var parent: Int32 = -1
            let range = stackRange(s)
            var i = range.upperBound - 1
            while i >= range.lowerBound {
                let loc = Int(profile.stackLocations[i])
                let lo = Int(locNodeStart[loc]), hi = Int(locNodeStart[loc + 1])
                var j = hi - 1
                while j >= lo {
                    let n = locNodes[j]
                    if kept[Int(n)] {
                        if wanted[Int(n)] && parent >= 0 && n != parent {
                            let key = UInt64(UInt32(bitPattern: parent)) << 32 | UInt64(UInt32(bitPattern: n))
                            if !sampleEdges.contains(key) {
                                sampleEdges.append(key)
                                let inline = j != hi - 1
                                if var e = edges[key] {
                                    e.weight &+= v
                                    if !inline { e.inline = false }
                                    edges[key] = e
                                } else {
                                    edges[key] = Edge(weight: v, inline: inline)
                                }
                            }
                        }
                        parent = n
                    }
                    j -= 1
                }
                i -= 1
            }
        }
        return edges
    }
}

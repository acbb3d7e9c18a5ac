/// The leak finder: how each allocation site's retained memory moves across N ≥ 2 profiles of
/// the same process, and which sites are leak suspects.
public struct GrowthReport: Sendable, Codable, Equatable {
    public struct Site: Sendable, Codable, Equatable {
        /// The function (pprof's printable name; with lines granularity, `main.f file.go:12`).
        public var name: String
        /// The source file and line, with lines granularity; nil otherwise.
        public var file: String?
        public var line: Int64?
        /// The site's flat value (e.g. inuse_space) in each profile, oldest first.
        public var values: [Int64]
        /// Theil–Sen slope of `values` over the profiles' timestamps, per minute.
        public var slopePerMinute: Double
        /// Never decreases and ends higher than it started.
        public var monotonic: Bool
        public var suspect: Bool
        /// "leak-suspect", "growing", "steady", "shrinking" or "transient" (allocates a lot, keeps nothing).
        public var verdict: String
        /// last − first of `values`.
        public var growth: Int64
        /// last − first of the allocation counterpart (alloc_space for inuse_space), or nil.
        public var allocGrowth: Int64?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(values, forKey: .values)
            try c.encode(slopePerMinute, forKey: .slopePerMinute)
            try c.encode(monotonic, forKey: .monotonic)
            try c.encode(suspect, forKey: .suspect)
            try c.encode(verdict, forKey: .verdict)
            try c.encode(growth, forKey: .growth)
            try c.encode(allocGrowth, forKey: .allocGrowth)
        }
    }

    public var sampleIndex: String
    public var unit: String
    /// Profile timestamps (`time_nanos`), oldest first.
    public var timesNanos: [Int64]
    /// Each profile's total of the sample index.
    public var totals: [Int64]
    /// Suspects first, then by growth, largest first.
    public var sites: [Site]

    public var suspects: [Site] { sites.filter(\.suspect) }
}

/// Thresholds of the suspect verdict.
public struct GrowthOptions: Sendable, Codable, Equatable {
    /// `inuse_space` by default (or the profile's default index when it has no such type).
    public var sampleIndex: String?
    public var granularity: QueryOptions.Granularity
    /// A suspect's growth must be at least this share of the summed growth of all growing sites.
    public var minShareOfGrowth: Double
    /// ... and at least this share of the last profile's total.
    public var minShareOfHeap: Double

    public init(
        sampleIndex: String? = nil, granularity: QueryOptions.Granularity = .functions, minShareOfGrowth: Double = 0.2,
        minShareOfHeap: Double = 0.02
    ) {
        self.sampleIndex = sampleIndex
        self.granularity = granularity
        self.minShareOfGrowth = minShareOfGrowth
        self.minShareOfHeap = minShareOfHeap
    }
}

extension Profile {
    /// Ranks allocation sites by growth across `profiles` (oldest first; sorted by `time_nanos`
    /// when all have one).
    ///
    /// A site is a leak suspect when its retained value rises monotonically, its growth is at
    /// least `minShareOfGrowth` of all sites' growth and `minShareOfHeap` of the last heap: a
    /// consistent, dominant rise, not noise. Sites that allocate much (alloc_space grows) but
    /// retain nothing are "transient", never suspects.
    /// - Throws: `HeapProfileError` for fewer than 2 profiles or an unknown sample index.
    /// - Complexity: O(frames of all profiles + sites × profiles log profiles).
    public static func growth(_ profiles: [Profile], _ options: GrowthOptions = GrowthOptions()) throws -> GrowthReport {
        guard profiles.count >= 2 else {
            throw HeapProfileError("growth needs at least 2 profiles, got \(profiles.count)", source: "growth")
        }
        var ordered = profiles
        if ordered.allSatisfy({ $0.timeNanos != 0 }) { ordered.sort { $0.timeNanos < $1.timeNanos } }
        let first = ordered[0]
        let name = options.sampleIndex
            ?? (first.sampleTypes.contains { $0.type == "inuse_space" } ? "inuse_space" : nil)
        let index = try first.sampleIndex(named: name)
        let type = first.sampleTypes[index]
        let allocName = type.type.hasPrefix("inuse_") ? "alloc_" + type.type.dropFirst("inuse_".count) : nil

        var siteIndex: [String: Int] = [:]
        var siteInfo: [(name: String, file: String?, line: Int64?)] = []
        var values: [[Int64]] = []
        var allocs: [[Int64]] = []
        var totals: [Int64] = []
        for (pi, p) in ordered.enumerated() {
            let i = try p.sampleIndex(named: type.type)
            let graph = try ProfileGraph(p, valueIndex: i, granularity: options.granularity, focus: nil, ignore: nil)
            totals.append(graph.total())
            let flat = graph.weights().flat
            var allocFlat: [Int64]?
            if let a = allocName, let ai = p.sampleTypes.firstIndex(where: { $0.type == a }) {
                allocFlat = try ProfileGraph(p, valueIndex: ai, granularity: options.granularity, focus: nil, ignore: nil)
                    .weights().flat
            }
            for n in 0..<graph.nodeCount where flat[n] != 0 || (allocFlat?[n] ?? 0) != 0 {
                let key = graph.names[n]
                let s: Int
                if let existing = siteIndex[key] {
                    s = existing
                } else {
                    s = siteInfo.count
                    siteIndex[key] = s
                    let info = graph.infos[n]
                    siteInfo.append((key, options.granularity == .lines ? info.file : nil, options.granularity == .lines ? info.line : nil))
                    values.append([Int64](repeating: 0, count: ordered.count))
                    allocs.append([Int64](repeating: 0, count: ordered.count))
                }
                values[s][pi] &+= flat[n]
                if let af = allocFlat { allocs[s][pi] &+= af[n] }
            }
        }
        let hasAlloc = allocName.map { a in ordered.allSatisfy { $0.sampleTypes.contains { $0.type == a } } } ?? false
        let minutes = Trend.minutes(ordered.map(\.timeNanos))
        let growths = values.map { $0[$0.count - 1] &- $0[0] }
        let positiveGrowth = growths.reduce(Int64(0)) { $0 &+ max(0, $1) }
        let allocGrowths = allocs.map { $0[$0.count - 1] &- $0[0] }
        let positiveAlloc = allocGrowths.reduce(Int64(0)) { $0 &+ max(0, $1) }
        let lastTotal = totals.last ?? 0

        var sites: [GrowthReport.Site] = []
        for s in siteInfo.indices {
            let v = values[s]
            let growth = growths[s]
            let monotonic = growth > 0 && zip(v, v.dropFirst()).allSatisfy { $0 <= $1 }
            let suspect = monotonic && Double(growth) >= options.minShareOfGrowth * Double(positiveGrowth)
                && Double(growth) >= options.minShareOfHeap * Double(lastTotal)
            let allocGrowth = hasAlloc ? allocGrowths[s] : nil
            var verdict: String
            if suspect {
                verdict = "leak-suspect"
            } else if let ag = allocGrowth, ag > 0, Double(ag) >= 0.05 * Double(positiveAlloc),
                Double(max(growth, 0)) < 0.1 * Double(ag)
            {
                verdict = "transient"
            } else if monotonic {
                verdict = "growing"
            } else if growth < 0 && zip(v, v.dropFirst()).allSatisfy({ $0 >= $1 }) {
                verdict = "shrinking"
            } else {
                verdict = "steady"
            }
            sites.append(GrowthReport.Site(
                name: siteInfo[s].name, file: siteInfo[s].file, line: siteInfo[s].line, values: v,
                slopePerMinute: Trend.theilSen(minutes, v.map(Double.init)), monotonic: monotonic, suspect: suspect,
                verdict: verdict, growth: growth, allocGrowth: allocGrowth))
        }
        sites.sort {
            if $0.suspect != $1.suspect { return $0.suspect }
            if $0.growth != $1.growth { return $0.growth > $1.growth }
            return $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
        }
        return GrowthReport(sampleIndex: type.type, unit: type.unit, timesNanos: ordered.map(\.timeNanos), totals: totals, sites: sites)
    }
}

/// Small robust statistics for series of a few points.
public enum Trend {
    /// Minutes since the first timestamp; evenly spaced minutes when timestamps are missing or equal.
    public static func minutes(_ nanos: [Int64]) -> [Double] {
        guard let first = nanos.first, nanos.allSatisfy({ $0 != 0 }), Set(nanos).count == nanos.count else {
            return nanos.indices.map(Double.init)
        }
        return nanos.map { Double($0 &- first) / 60e9 }
    }

    /// Theil–Sen slope: the median of pairwise slopes (0 for fewer than 2 distinct x).
    public static func theilSen(_ x: [Double], _ y: [Double]) -> Double {
        var slopes: [Double] = []
        for i in x.indices {
            for j in (i + 1)..<x.count where x[j] != x[i] {
                slopes.append((y[j] - y[i]) / (x[j] - x[i]))
            }
        }
        guard !slopes.isEmpty else { return 0 }
        slopes.sort()
        let m = slopes.count / 2
        return slopes.count % 2 == 1 ? slopes[m] : (slopes[m - 1] + slopes[m]) / 2
    }
}

/// Whether the Go heap stays flat while the process RSS grows (memory outside the Go heap:
/// cgo, mmap, fragmentation, goroutine stacks), from two time series.
public struct HeapVersusRSS: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var timeNanos: Int64
        public var bytes: Int64
        public init(timeNanos: Int64, bytes: Int64) {
            self.timeNanos = timeNanos
            self.bytes = bytes
        }
    }

    public var heapSlopePerMinute: Double
    public var rssSlopePerMinute: Double
    /// Fitted growth over the observed span (slope × span), in bytes.
    public var heapGrowth: Double
    public var rssGrowth: Double
    /// RSS grows (by ≥ 5% of its first value) while the heap accounts for less than a fifth of that growth.
    public var heapFlatWhileRSSGrows: Bool
    /// "heap-flat-rss-growing", "heap-growing", "both-flat" or "rss-shrinking".
    public var verdict: String

    /// Compares heap totals (inuse_space or MemStats HeapAlloc/HeapInuse) with RSS samples.
    public static func compare(heap: [Point], rss: [Point]) throws -> HeapVersusRSS {
        guard heap.count >= 2, rss.count >= 2 else {
            throw HeapProfileError("heap-vs-rss needs at least 2 heap and 2 RSS points", source: "heap-vs-rss")
        }
        func fit(_ points: [Point]) -> (slope: Double, growth: Double) {
            let t0 = points[0].timeNanos
            let x = points.map { Double($0.timeNanos &- t0) / 60e9 }
            let slope = Trend.theilSen(x, points.map { Double($0.bytes) })
            return (slope, slope * ((x.max() ?? 0) - (x.min() ?? 0)))
        }
        let h = fit(heap), r = fit(rss)
        let rssGrows = r.growth > 0.05 * Double(max(rss[0].bytes, 1))
        let heapFlat = h.growth < 0.2 * r.growth
        let verdict: String
        if rssGrows && heapFlat {
            verdict = "heap-flat-rss-growing"
        } else if h.growth > 0.05 * Double(max(heap[0].bytes, 1)) {
            verdict = "heap-growing"
        } else if r.growth < -0.05 * Double(max(rss[0].bytes, 1)) {
            verdict = "rss-shrinking"
        } else {
            verdict = "both-flat"
        }
        return HeapVersusRSS(
            heapSlopePerMinute: h.slope, rssSlopePerMinute: r.slope, heapGrowth: h.growth, rssGrowth: r.growth,
            heapFlatWhileRSSGrows: rssGrows && heapFlat, verdict: verdict)
    }
}

/// How a query reads a profile: which value, at which granularity, filtered how.
///
/// The defaults are `go tool pprof -top`'s: the default sample index, function granularity,
/// nodes whose cum is below 0.5% of the total dropped, no node limit, sorted by flat.
public struct QueryOptions: Sendable, Codable, Equatable {
    /// Nodes are functions (`main.f`) or source lines (`main.f main.go:12`, pprof's `-lines`).
    public enum Granularity: String, Sendable, Codable { case functions, lines }

    /// A sample type name (`inuse_space`, `alloc_objects`, ...) or nil for the default.
    public var sampleIndex: String?
    public var granularity: Granularity
    /// Keep only samples with a frame matching this regex (function name, file or mapping).
    public var focus: String?
    /// Drop samples with a frame matching this regex.
    public var ignore: String?
    /// Show at most this many nodes (0: all), pprof's `-nodecount`.
    public var nodeCount: Int
    /// Drop nodes whose |cum| is below this fraction of the total, pprof's `-nodefraction`.
    public var nodeFraction: Double
    /// Edge cut-off fraction (affects only which frames are labelled inline), pprof's `-edgefraction`.
    public var edgeFraction: Double
    /// Sort by cum rather than flat, pprof's `-cum`.
    public var sortByCum: Bool

    public init(
        sampleIndex: String? = nil, granularity: Granularity = .functions, focus: String? = nil,
        ignore: String? = nil, nodeCount: Int = 0, nodeFraction: Double = 0.005, edgeFraction: Double = 0.001,
        sortByCum: Bool = false
    ) {
        self.sampleIndex = sampleIndex
        self.granularity = granularity
        self.focus = focus
        self.ignore = ignore
        self.nodeCount = nodeCount
        self.nodeFraction = nodeFraction
        self.edgeFraction = edgeFraction
        self.sortByCum = sortByCum
    }
}

extension Profile {
    /// The sample index pprof uses by default: `default_sample_type` when set, else the last type.
    public var defaultSampleIndex: Int {
        if let d = defaultSampleType, let i = sampleTypes.firstIndex(where: { $0.type == d }) { return i }
        return max(0, sampleTypes.count - 1)
    }

    /// Resolves a sample type name (nil: the default) to its index.
    /// - Throws: `HeapProfileError` for an unknown name, suggesting the nearest one.
    public func sampleIndex(named name: String?) throws -> Int {
        guard !sampleTypes.isEmpty else { throw HeapProfileError("profile has no sample types", source: "profile") }
        guard let name, !name.isEmpty else { return defaultSampleIndex }
        if let i = sampleTypes.firstIndex(where: { $0.type == name }) { return i }
        if let n = Int(name), n >= 0, n < sampleTypes.count { return n }
        let names = sampleTypes.map(\.type)
        var message = "unknown sample index '\(name)'"
        if let best = Suggest.nearest(name, in: names) { message += "; did you mean '\(best)'?" }
        message += " (available: \(names.joined(separator: ", ")))"
        throw HeapProfileError(message, source: "sample_index")
    }
}

/// Nearest-name suggestions for did-you-mean hints.
enum Suggest {
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(Array(word.lowercased()), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, best.0.count / 2) ? best.0 : nil
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

import Notebook

/// A `heap growth` or `heap watch` result read leniently: each allocation site's values across profiles.
struct HeapGrowth {
    struct Site {
        var name: String
        var file: String?
        var line: Int?
        var values: [Double?]
        var slopePerMinute: Double?
        var monotonic: Bool?
        var suspect: Bool
        var verdict: String?

        var location: String? {
            guard let file else { return nil }
            return line.map { "\(file):\($0)" } ?? file
        }
    }
    var sampleIndex: String?
    var unit: String?
    var timesNanos: [Double]
    var sites: [Site]

    init?(_ r: JSONValue) {
        let list = r.array("sites")
        guard !list.isEmpty else { return nil }
        sampleIndex = r.string("sampleIndex")
        unit = r.string("unit")
        timesNanos = r.array("timesNanos").compactMap(\.numberValue)
        sites = list.compactMap { s in
            guard s.isObject else { return nil }
            return Site(name: s.string("name") ?? "?", file: s.string("file"), line: s.int("line"),
                        values: s.array("values").map(\.numberValue), slopePerMinute: s.number("slopePerMinute"),
                        monotonic: s.bool("monotonic"), suspect: s.bool("suspect") ?? false, verdict: s.string("verdict"))
        }
    }
}

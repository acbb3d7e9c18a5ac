import Notebook

/// A `heap top` or `heap diff` table read leniently.
struct HeapTable {
    struct Row {
        var name: String
        var flat: Double?
        var flatPercent: Double?
        var cum: Double?
        var cumPercent: Double?
    }
    var sampleIndex: String?
    var unit: String?
    var total: Double?
    var rows: [Row]

    init?(_ r: JSONValue) {
        let list = r.array("rows")
        guard !list.isEmpty else { return nil }
        sampleIndex = r.string("sampleIndex")
        unit = r.string("unit")
        total = r.number("total")
        rows = list.compactMap { row in
            guard row.isObject else { return nil }
            return Row(name: row.string("name") ?? "?", flat: row.number("flat"), flatPercent: row.number("flatPercent"),
                       cum: row.number("cum"), cumPercent: row.number("cumPercent"))
        }
    }
}

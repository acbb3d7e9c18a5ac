/// A table in a neutral form, rendered by each output in its own syntax. Cells are plain text.
struct ReportTable {
    var caption: String?
    var headers: [String]
    /// Which columns are numbers (right-aligned).
    var numeric: Set<Int>
    var rows: [[String]]
    /// Rows to emphasise (leak suspects).
    var marked: Set<Int> = []
}

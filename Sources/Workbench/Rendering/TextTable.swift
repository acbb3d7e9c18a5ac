/// A plain-text table: left-aligned text columns, right-aligned number columns, two spaces between.
struct TextTable {
    enum Align { case left, right }
    var headers: [String]
    var align: [Align]
    var rows: [[String]] = []

    init(_ headers: [String], align: [Align]) {
        self.headers = headers
        self.align = align
    }

    /// The widest a cell is shown; longer text (a garbage line taken for a name) is cut with `…`.
    static let maxCellWidth = 160

    mutating func add(_ row: [String]) {
        rows.append(row.map { $0.count > Self.maxCellWidth ? String($0.prefix(Self.maxCellWidth - 1)) + "…" : $0 })
    }

    var text: String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let last = i == cells.count - 1
                if align[i] == .right { parts.append(cell.leftPadding(to: widths[i])) }
                else { parts.append(last ? cell : cell.padding(to: widths[i])) }
            }
            return parts.joined(separator: "  ")
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

/// Sizes as people read them: KiB, MiB, GiB with one decimal.
enum Size {
    static func kib(_ value: Int?) -> String {
        guard let value else { return "-" }
        let v = Double(value)
        if abs(v) >= 1024 * 1024 { return Format.fixed(v / 1024 / 1024, 1) + " GiB" }
        if abs(v) >= 1024 { return Format.fixed(v / 1024, 1) + " MiB" }
        return "\(value) KiB"
    }
}

/// Terminal charts for memory series: block characters, the limit drawn as a line.
enum Chart {
    static let bars: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A one-line sparkline of the last values.
    static func sparkline(_ values: [Double]) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        let span = hi - lo
        return String(values.map { v in span <= 0 ? bars[4] : bars[1 + Int(((v - lo) / span * 7).rounded())] })
    }

    /// A block chart `height` rows tall: each column the maximum of its bucket of samples; the limit, when
    /// it is in range, drawn as a row of `─`. Labels on the left in MiB.
    static func blocks(_ values: [Double], limit: Double?, width: Int, height: Int = 8) -> String {
        let points = values.filter { $0.isFinite }
        guard !points.isEmpty else { return "" }
        let columns = min(max(10, width - 12), points.count)
        var buckets: [Double] = []
        for c in 0..<columns {
            let a = c * points.count / columns, b = max(a + 1, (c + 1) * points.count / columns)
            buckets.append(points[a..<b].max()!)
        }
        var top = buckets.max()!
        let showLimit = limit.map { $0 > 0 && $0 <= top * 3 } ?? false
        if showLimit, let limit { top = max(top, limit) }
        let bottom = min(buckets.min()!, top) * 0.9
        let span = max(top - bottom, 1)
        let limitRow = showLimit ? Int(((limit! - bottom) / span * Double(height)).rounded(.up)) - 1 : -1
        var out = ""
        for row in stride(from: height - 1, through: 0, by: -1) {
            let rowValue = bottom + span * Double(row + 1) / Double(height)
            let label = row == height - 1 || row == 0 || row == limitRow ? Size.kib(Int(rowValue)) : ""
            out += label.leftPadding(to: 10) + " │"
            for v in buckets {
                let level = (v - bottom) / span * Double(height) - Double(row)
                if level >= 1 { out += "█" }
                else if level > 0 { out.append(bars[max(1, Int((level * 8).rounded(.down)))]) }
                else { out += row == limitRow ? "─" : " " }
            }
            if row == limitRow { out += " limit" }
            out += "\n"
        }
        return out
    }
}

/// Small multiples of `heap growth`: each leading site's value across the profiles.
struct GrowthChart {
    let growth: HeapGrowth
    let title: String

    static let width = 920.0
    static let height = 300.0
    static let left = 80.0, right = 24.0, top = 34.0, bottom = 70.0
    static let classes = ["s-rss", "s-anon", "s-usage", "s-work", "s-file", "s-fit"]

    func svg(standalone: Bool) -> String {
        let sites = Array(growth.sites.prefix(Self.classes.count))
        let count = sites.map(\.values.count).max() ?? 0
        let plotW = Self.width - Self.left - Self.right, plotH = Self.height - Self.top - Self.bottom
        let yMax = max(sites.flatMap { $0.values.compactMap { $0 } }.max() ?? 1, 1) * 1.08
        let x = LinearScale(domain: (1, Double(max(count, 2))), range: (Self.left, Self.left + plotW))
        let y = LinearScale(domain: (0, yMax), range: (Self.top + plotH, Self.top))
        var c = SVGCanvas(width: Self.width, height: Self.height)
        c.text(title, Self.left, 20, "chart-title")
        // Bytes tick in binary units (0, 20, 40 MiB), anything else in round numbers.
        let (unitName, divisor) = growth.unit?.lowercased() == "bytes" ? Self.byteUnit(yMax) : ("", 1)
        for v in LinearScale.ticks(0, yMax / divisor, count: 5) {
            let py = y(v * divisor)
            c.line(Self.left, py, Self.left + plotW, py, "grid")
            c.text(Format.number(v) + (unitName.isEmpty ? "" : " " + unitName), Self.left - 6, py + 4, "tick", anchor: "end")
        }
        // Profiles are labelled with the time they were taken when every one has it.
        let times = growth.timesNanos.count == count ? growth.timesNanos : []
        for i in 1...max(count, 1) {
            let label = times.isEmpty ? "\(i)" : Format.utcTime(times[i - 1] / 1e9)
            c.text(label, x(Double(i)), Self.top + plotH + 16, "tick", anchor: "middle")
        }
        c.rect(Self.left, Self.top, plotW, plotH, "frame")
        c.text(times.isEmpty ? "profile (oldest first)" : "profile taken at (UTC, " + Format.utcDate(times[0] / 1e9) + ")",
               Self.left + plotW / 2, Self.top + plotH + 34, "axis-title", anchor: "middle")
        var lx = Self.left
        for (n, site) in sites.enumerated() {
            let cls = Self.classes[n]
            c.polyline(site.values.enumerated().map { i, v in v.map { (x(Double(i + 1)), y($0)) } }, cls)
            let name = ReportText.line(site.name)
            let label = (name.count > 40 ? String(name.prefix(39)) + "…" : name) + (site.suspect ? " (suspect)" : "")
            c.rect(lx, Self.height - 27, 14, 10, "swatch-" + cls.replacing("s-", with: ""))
            c.text(label, lx + 18, Self.height - 18, "legend")
            lx += 30 + Double(label.count) * 6.6
            if lx > Self.width - 120 { break }
        }
        return c.document(title: title, standalone: standalone)
    }

    static func byteUnit(_ maxBytes: Double) -> (String, Double) {
        if maxBytes >= 4 * 1024 * 1024 * 1024 { return ("GiB", 1024 * 1024 * 1024) }
        if maxBytes >= 4 * 1024 * 1024 { return ("MiB", 1024 * 1024) }
        if maxBytes >= 4 * 1024 { return ("KiB", 1024) }
        return ("B", 1)
    }
}

/// An icicle flame graph of a call tree: the root on top, callees below, widths proportional to value.
/// Every frame is a rect with a `<title>` tooltip (name, value, share); names are labelled where they fit.
struct FlameGraph {
    let root: FlameNode
    let title: String
    let unit: String?

    static let width = 920.0
    static let rowHeight = 18.0
    static let top = 30.0
    static let maxRows = 40

    func svg(standalone: Bool) -> String {
        let depth = min(Self.depth(root), Self.maxRows)
        let height = Self.top + Double(depth) * Self.rowHeight + 10
        var c = SVGCanvas(width: Self.width, height: height)
        c.text(title, 4, 20, "chart-title")
        let total = root.value
        var nodes = 0
        func draw(_ node: FlameNode, x: Double, width: Double, level: Int) {
            guard level < Self.maxRows, width >= 0.3, nodes < 4000 else { return }
            nodes += 1
            let y = Self.top + Double(level) * Self.rowHeight
            let share = total > 0 ? node.value / total * 100 : 0
            let tip = "\(node.name)\n\(Format.profileValue(node.value, unit: unit)) (\(Format.fixed(share, 2))%)"
            c.rect(x, y, width, Self.rowHeight - 1, "flame", fill: Self.colour(node.name), title: tip)
            let chars = Int((width - 6) / 6.6)
            if chars >= 3 {
                let name = ReportText.line(node.name)
                let label = name.count <= chars ? name : String(name.prefix(chars - 1)) + "…"
                c.text(label, x + 3, y + Self.rowHeight - 5, "flame-label")
            }
            var cx = x
            for child in node.children {
                let w = node.value > 0 ? width * child.value / node.value : 0
                draw(child, x: cx, width: w, level: level + 1)
                cx += w
            }
        }
        draw(root, x: 0, width: Self.width, level: 0)
        return c.document(title: title, standalone: standalone)
    }

    static func depth(_ n: FlameNode) -> Int { 1 + (n.children.map(depth).max() ?? 0) }

    /// A warm colour from the name, stable across runs (FNV-1a, not Swift's seeded hash).
    static func colour(_ name: String) -> String {
        var h: UInt32 = 2_166_136_261
        for b in name.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        let hue = Int(h % 50) + 5
        let light = 58 + Int((h >> 8) % 14)
        return "hsl(\(hue),85%,\(light)%)"
    }
}

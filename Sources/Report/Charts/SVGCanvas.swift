/// A small SVG writer: every string it is given is escaped; coordinates are printed with one decimal.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func n(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : Format.fixed(r, 1)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ cls: String) {
        body += "<line class=\"\(cls)\" x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\"/>\n"
    }

    /// A polyline through the points; a nil point breaks it into separate runs.
    mutating func polyline(_ points: [(Double, Double)?], _ cls: String) {
        var run: [(Double, Double)] = []
        func flush(_ body: inout String) {
            if run.count == 1 {
                body += "<circle class=\"\(cls) dot\" cx=\"\(Self.n(run[0].0))\" cy=\"\(Self.n(run[0].1))\" r=\"1.5\"/>\n"
            } else if run.count > 1 {
                body += "<polyline class=\"\(cls)\" fill=\"none\" points=\""
                body += run.map { Self.n($0.0) + "," + Self.n($0.1) }.joined(separator: " ")
                body += "\"/>\n"
            }
            run = []
        }
        for p in points {
            if let p { run.append(p) } else { flush(&body) }
        }
        flush(&body)
    }

    mutating func text(_ s: String, _ x: Double, _ y: Double, _ cls: String, anchor: String = "start",
                       rotate: Double? = nil) {
        var attrs = "class=\"\(cls)\" x=\"\(Self.n(x))\" y=\"\(Self.n(y))\""
        if anchor != "start" { attrs += " text-anchor=\"\(anchor)\"" }
        if let rotate { attrs += " transform=\"rotate(\(Self.n(rotate)) \(Self.n(x)) \(Self.n(y)))\"" }
        body += "<text \(attrs)>\(ReportText.html(s, keepNewlines: false))</text>\n"
    }

    /// A rectangle; `title` becomes its tooltip.
    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ cls: String, fill: String? = nil,
                       title: String? = nil) {
        var s = "<rect class=\"\(cls)\" x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(w))\" height=\"\(Self.n(h))\""
        if let fill { s += " style=\"fill:\(fill)\"" }
        if let title {
            s += "><title>\(ReportText.html(title))</title></rect>\n"
        } else {
            s += "/>\n"
        }
        body += s
    }

    mutating func circle(_ x: Double, _ y: Double, _ r: Double, _ cls: String, title: String? = nil) {
        body += "<circle class=\"\(cls)\" cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r))\""
        body += title.map { "><title>\(ReportText.html($0))</title></circle>\n" } ?? "/>\n"
    }

    mutating func path(_ d: String, _ cls: String) {
        body += "<path class=\"\(cls)\" d=\"\(d)\"/>\n"
    }

    mutating func raw(_ s: String) { body += s }

    /// The SVG element. Standalone documents (chart files) carry their own stylesheet and namespace; an
    /// inline chart relies on the page's stylesheet.
    func document(title: String, standalone: Bool) -> String {
        var s = ""
        if standalone {
            s += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" role=\"img\">\n"
            s += "<title>\(ReportText.html(title))</title>\n"
            s += "<style>\n" + ChartStyle.css + "</style>\n"
        } else {
            s += "<svg class=\"chart\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" aria-label=\"\(ReportText.html(title))\">\n"
            s += "<title>\(ReportText.html(title))</title>\n"
        }
        s += "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\"/>\n"
        s += body
        s += "</svg>\n"
        return s
    }
}

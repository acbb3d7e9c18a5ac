/// The chart of a memory series: RSS, anon and cgroup usage over time, the cgroup limit dashed, OOM kills
/// as vertical markers, the work counter on a second axis, and the trough fit extended dashed to the
/// limit when the analysis forecasts one.
struct MemoryChart {
    let series: MemorySeries
    let kills: [(t: Double?, event: KernelEvent)]

    static let width = 920.0
    static let height = 400.0
    static let left = 72.0, right = 78.0, top = 34.0, bottom = 84.0

    var title: String {
        "Memory of \(series.targetLabel), #\(series.entryId)"
    }

    /// The largest value of every memory line drawn, KiB.
    private var dataMax: Double {
        series.points.flatMap { [$0.rss, $0.anon, $0.cgroupUsage, $0.rss == nil && $0.cgroupUsage == nil ? $0.file : nil] }
            .compactMap { $0 }.max() ?? 0
    }

    /// The point where the trend line meets the limit, seconds since the start.
    private var fitHit: Double? {
        guard let fit = series.troughFit ?? theilSenFit, fit.slope > 0, let limit = series.effectiveLimit else { return nil }
        let t = (limit - fit.intercept) / fit.slope
        return t.isFinite && t > (series.lastT ?? 0) ? t : nil
    }

    /// Without a stored trough fit: the growing series' slope through the median of the primary line
    /// (Theil–Sen's intercept), so the trend and its forecast can still be drawn.
    private var theilSenFit: (slope: Double, intercept: Double)? {
        guard series.verdict == "growing", let slope = series.slopeKiBPerSecond else { return nil }
        let residuals = series.points.compactMap { p in (p.rss ?? p.cgroupUsage).map { $0 - slope * p.t } }.sorted()
        guard !residuals.isEmpty else { return nil }
        let mid = residuals.count / 2
        let median = residuals.count % 2 == 1 ? residuals[mid] : (residuals[mid - 1] + residuals[mid]) / 2
        return (slope, median)
    }

    func svg(standalone: Bool) -> String {
        let s = series
        let plotW = Self.width - Self.left - Self.right, plotH = Self.height - Self.top - Self.bottom
        let x0 = s.points.first?.t ?? 0
        let lastT = s.lastT ?? 0
        let span = max(lastT - x0, 1)
        // The x axis reaches the kills and the forecast hit, but never more than twice the window past the end.
        let reach = lastT + 2 * span
        var xMax = lastT
        for k in kills { if let t = k.t, t > xMax { xMax = min(t, reach) } }
        if let hit = fitHit { xMax = max(xMax, min(hit * 1.03, reach)) }
        if let f = s.secondsToLimit, f > 0 { xMax = max(xMax, min((lastT + f) * 1.03, reach)) }
        if xMax <= x0 { xMax = x0 + 1 }

        let limit = s.effectiveLimit
        var yMax = dataMax
        // The limit sets the scale when it is near enough to matter or when the trend is drawn to it.
        let showLimit = limit.map { $0 <= yMax * 4 || fitHit != nil || s.secondsToLimit != nil } ?? false
        if showLimit, let limit { yMax = max(yMax, limit) }
        yMax = yMax > 0 ? yMax * 1.08 : 1024
        let (unit, divisor) = Self.memoryUnit(yMax)

        let x = LinearScale(domain: (x0, xMax), range: (Self.left, Self.left + plotW))
        let y = LinearScale(domain: (0, yMax), range: (Self.top + plotH, Self.top))
        var c = SVGCanvas(width: Self.width, height: Self.height)
        c.text(title, Self.left, 20, "chart-title")

        // Grid and axes.
        for v in LinearScale.ticks(0, yMax / divisor, count: 6) {
            let py = y(v * divisor)
            c.line(Self.left, py, Self.left + plotW, py, "grid")
            c.text(Format.number(v), Self.left - 6, py + 4, "tick", anchor: "end")
        }
        let minutes = xMax - x0 >= 180
        for t in LinearScale.timeTicks(x0, xMax) {
            let px = x(t)
            c.line(px, Self.top, px, Self.top + plotH, "grid")
            c.text(minutes ? Format.number(t / 60) : Format.number(t), px, Self.top + plotH + 16, "tick", anchor: "middle")
        }
        c.rect(Self.left, Self.top, plotW, plotH, "frame")
        c.text("memory (\(unit))", 18, Self.top + plotH / 2, "axis-title", anchor: "middle", rotate: -90)
        c.text((minutes ? "minutes" : "seconds") + " since " + Format.utc(s.startEpoch), Self.left + plotW / 2,
               Self.top + plotH + 34, "axis-title", anchor: "middle")

        var legend: [(String, String)] = []
        func draw(_ key: KeyPath<MemorySeries.Point, Double?>, _ cls: String, _ label: String) {
            let pts = s.points.map { p in p[keyPath: key].map { (x(p.t), y($0)) } }
            guard pts.contains(where: { $0 != nil }) else { return }
            c.polyline(pts, cls)
            legend.append((cls, label))
        }

        // Limit: per sample, then carried to the right edge.
        if showLimit, let limit {
            var pts = s.points.map { p in p.cgroupLimit.map { (x(p.t), y($0)) } }
            if !pts.contains(where: { $0 != nil }) { pts = [(x(x0), y(limit))] }
            pts.append((x(xMax), y(limit)))
            c.polyline(pts, "s-limit")
            let source = s.points.contains { $0.cgroupLimit != nil } ? "cgroup limit" : "limit (\(s.limitSource ?? "forecast"))"
            legend.append(("s-limit", source + " " + Format.kib(limit)))
        } else if let limit {
            c.text("limit \(Format.kib(limit)) is off the scale", Self.left + plotW - 4, Self.top + 14, "note", anchor: "end")
        }

        draw(\.cgroupUsage, "s-usage", "cgroup usage")
        draw(\.anon, "s-anon", "anon")
        if !s.points.contains(where: { $0.rss != nil || $0.cgroupUsage != nil }) { draw(\.file, "s-file", "file") }
        draw(\.rss, "s-rss", "RSS")

        // Trend: the fit over the window, dashed beyond it to the limit (or the edge).
        if let fit = s.troughFit ?? theilSenFit {
            let f = { (t: Double) in fit.intercept + fit.slope * t }
            c.polyline([(x(x0), y(f(x0))), (x(lastT), y(f(lastT)))], "s-fit")
            if fit.slope > 0 {
                let end = min(fitHit ?? xMax, xMax)
                if end > lastT { c.polyline([(x(lastT), y(f(lastT))), (x(end), y(f(end)))], "s-fit-ext") }
            }
            legend.append(("s-fit", s.troughFit != nil ? "trough fit" : "trend (Theil–Sen)"))
        }
        for p in s.troughs where p.t >= x0 && p.t <= xMax {
            c.circle(x(p.t), y(p.kib), 3, "trough", title: "GC trough at \(Format.number(p.t)) s: \(Format.kib(p.kib))")
        }

        // Forecast: where the analysis expects the limit to be reached, with its interval.
        if let f = s.secondsToLimit, let limit, showLimit {
            let tHit = lastT + f
            if let (lo, hi) = s.secondsInterval {
                let a = lastT + (lo ?? f), b = min(lastT + (hi ?? (xMax - lastT)), xMax)
                if b > a { c.line(x(a), y(limit), x(b), y(limit), "forecast-range") }
            }
            if tHit <= xMax {
                let px = x(tHit), py = y(limit)
                c.path("M\(SVGCanvas.n(px)) \(SVGCanvas.n(py - 6))L\(SVGCanvas.n(px + 6)) \(SVGCanvas.n(py))L\(SVGCanvas.n(px)) \(SVGCanvas.n(py + 6))L\(SVGCanvas.n(px - 6)) \(SVGCanvas.n(py))Z", "forecast")
                c.text("forecast: limit in \(Format.duration(f))", px - 8, py + 16, "note", anchor: "end")
            } else {
                c.text("forecast: limit in \(Format.duration(f))", Self.left + plotW - 4, y(limit) + 16, "note", anchor: "end")
            }
        }

        // Work counter on the right axis.
        if s.hasWork {
            let values = s.points.compactMap(\.work)
            let wMin = min(0, values.min() ?? 0), wMax = max(values.max() ?? 1, wMin + 1) * 1.08
            let w = LinearScale(domain: (wMin, wMax), range: (Self.top + plotH, Self.top))
            c.polyline(s.points.map { p in p.work.map { (x(p.t), w($0)) } }, "s-work")
            for v in LinearScale.ticks(wMin, wMax, count: 6) {
                c.text(Self.compact(v), Self.left + plotW + 6, w(v) + 4, "tick")
            }
            c.text("work counter", Self.width - 14, Self.top + plotH / 2, "axis-title", anchor: "middle", rotate: 90)
            legend.append(("s-work", "work (right axis)"))
        }

        // OOM kills: a vertical marker with its victim.
        var labelRow = 0
        for k in kills {
            let t: Double
            var label = "OOM kill: " + k.event.victimLabel
            if let kt = k.t {
                t = kt
            } else if s.endReason == "oom-killed" {
                t = lastT
                label += " (time not logged)"
            } else {
                continue
            }
            guard t >= x0, t <= xMax else { continue }
            let px = x(t)
            c.line(px, Self.top, px, Self.top + plotH, "oom")
            c.text(label, px - 4, Self.top + 14 + Double(labelRow % 3) * 13, "oom-label", anchor: "end")
            labelRow += 1
        }
        if labelRow > 0 { legend.append(("oom", "OOM kill")) }
        if labelRow == 0, s.endReason == "oom-killed" {
            c.line(x(lastT), Self.top, x(lastT), Self.top + plotH, "oom")
            c.text("sampling ended: oom-killed", x(lastT) - 4, Self.top + 14, "oom-label", anchor: "end")
            legend.append(("oom", "OOM kill"))
        }

        // Legend, below the axis title.
        var lx = Self.left
        let ly = Self.height - 18
        for (cls, label) in legend {
            let swatch = "swatch-" + cls.replacing("s-", with: "")
            c.rect(lx, ly - 9, 14, cls == "s-limit" || cls == "s-fit" || cls == "s-work" ? 3 : 10, swatch)
            c.text(label, lx + 18, ly, "legend")
            lx += 26 + Double(label.count) * 6.6
        }
        return c.document(title: title, standalone: standalone)
    }

    static func memoryUnit(_ maxKiB: Double) -> (String, Double) {
        if maxKiB >= 4 * 1024 * 1024 { return ("GiB", 1024 * 1024) }
        if maxKiB >= 2 * 1024 { return ("MiB", 1024) }
        return ("KiB", 1)
    }

    /// `950`, `12k`, `3.4M`: tick labels of the work axis.
    static func compact(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return Format.number((v / 1e8).rounded() / 10) + "G" }
        if a >= 1e6 { return Format.number((v / 1e5).rounded() / 10) + "M" }
        if a >= 1e4 { return Format.number((v / 1e2).rounded() / 10) + "k" }
        return Format.number(v)
    }
}

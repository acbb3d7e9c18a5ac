import Notebook

extension Report {
    /// The notebook as one self-contained HTML page: the Markdown report's content with inline SVG charts
    /// (memory series, heap growth, flame graphs), light and dark colour schemes, and a print layout.
    ///
    /// The page loads nothing: no script, no external stylesheet, font or image. Every string from the
    /// notebook is HTML-escaped (`& < > " '`) in text, attributes and SVG alike.
    public func html() -> String {
        let model = ReportModel(self)
        let summary = SummaryView(model)
        var h = HTMLWriter()
        let e = { (s: String) in ReportText.html(s) }

        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        h.raw("<meta name=\"color-scheme\" content=\"light dark\">\n")
        h.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
        h.raw("<meta name=\"generator\" content=\"\(e(generator))\">\n")
        h.raw("<title>Postmortem: \(e(ReportText.line(model.title)))</title>\n")
        h.raw("<style>\n" + HTMLStyle.css + ChartStyle.css + HTMLStyle.printCharts + "</style>\n</head>\n<body>\n<main>\n")

        h.raw("<header>\n<h1>Postmortem: \(e(ReportText.line(model.title)))</h1>\n")
        h.raw("<p class=\"meta\">Notebook <code>\(e(notebookPath))</code> · \(e(summary.extent)) · exported by \(e(generator))</p>\n</header>\n")

        // Summary
        h.raw("<section id=\"summary\">\n<h2>Summary</h2>\n")
        if summary.causes.isEmpty { h.raw("<p>No root cause recorded yet.</p>\n") }
        for c in summary.causes {
            h.raw("<div class=\"cause\"><strong>Root cause</strong> <span class=\"muted\">(\(c.question.label) \(e(c.question.text)))</span><br>")
            h.raw(e(c.finding.text))
            if let at = c.finding.location { h.raw(" — at <code>\(e(at))</code>") }
            if !c.finding.evidenceIds.isEmpty { h.raw(" <span class=\"muted\">(evidence \(HTMLWriter.links(c.finding.evidenceIds)))</span>") }
            h.raw("</div>\n")
        }
        if !summary.hypotheses.isEmpty {
            h.raw("<h3>Hypotheses</h3>\n<ul class=\"verdicts\">\n")
            for j in summary.hypotheses {
                h.raw("<li><b>\(j.hypothesis.label)</b> \(e(j.hypothesis.text)) ")
                if let v = j.verdict {
                    h.raw(HTMLWriter.badge(v.outcome.rawValue))
                    if let r = v.reason { h.raw(" \(e(r))") }
                    if !v.evidenceIds.isEmpty { h.raw(" <span class=\"muted\">(\(HTMLWriter.links(v.evidenceIds)))</span>") }
                } else {
                    h.raw(HTMLWriter.badge("open"))
                }
                h.raw("</li>\n")
            }
            h.raw("</ul>\n")
        }
        if !summary.kills.isEmpty {
            h.raw("<h3>Kernel OOM kills: \(summary.kills.count)</h3>\n<ul>\n")
            for k in summary.kills { h.raw("<li>\(e(SummaryView.sentence(k)))</li>\n") }
            h.raw("</ul>\n")
        }
        h.raw("</section>\n")

        // Timeline
        h.raw("<section id=\"timeline\">\n<h2>Timeline</h2>\n")
        h.raw("<p class=\"muted\">All times UTC. Kernel kills are placed at the wall-clock time their log line carries; “≤” marks a kill known only to precede the command that read it.</p>\n")
        h.raw("<table class=\"timeline\">\n<thead><tr><th>time (UTC)</th><th>what</th><th>event</th></tr></thead>\n<tbody>\n")
        for item in model.timeline {
            let cls = item.kind == .oomKill ? "kill" : item.kind.rawValue
            var text = e(item.text)
            if item.kind == .command, let id = item.entryId { text = "<a href=\"#t\(id)\">\(text)</a>" }
            h.raw("<tr class=\"\(cls)\"><td class=\"nowrap\">\(e(item.timeLabel))</td><td>\(e(item.kind.rawValue))</td><td>\(text)</td></tr>\n")
        }
        h.raw("</tbody>\n</table>\n</section>\n")

        // Investigation
        h.raw("<section id=\"investigation\">\n<h2>Investigation</h2>\n")
        if model.investigation.questions.isEmpty {
            h.raw("<p>No question was asked in this notebook.</p>\n")
        } else {
            h.raw("<ul class=\"tree\">\n")
            for q in model.rootQuestions { h.question(q, model: model) }
            for n in model.investigation.notes where n.questionId == nil && n.hypothesisId == nil {
                h.raw("<li>note N\(n.id ?? 0): \(e(n.text))</li>\n")
            }
            h.raw("</ul>\n")
        }
        h.raw("</section>\n")

        // Experiments
        h.raw("<section id=\"experiments\">\n<h2>Experiments</h2>\n")
        if model.experiments.isEmpty { h.raw("<p>No experiment was run.</p>\n") }
        for entry in model.experiments {
            let view = ExperimentView(entry, model: model)
            h.raw("<article class=\"experiment\" id=\"e\(view.id)\">\n<h3>#\(view.id) <code>\(e(ReportText.line(entry.line)))</code></h3>\n")
            if let hid = entry.hypothesisId, let hyp = model.investigation.hypothesis(hid) {
                h.raw("<p class=\"muted\">Testing \(hyp.label) \(e(hyp.text)).</p>\n")
            }
            h.raw("<dl class=\"figures\">\n")
            for (k, v) in view.figures { h.raw("<dt>\(e(k))</dt><dd>\(e(v))</dd>\n") }
            h.raw("</dl>\n")
            for chart in view.charts {
                h.raw("<figure>\n" + chart.svg(standalone: false) + "</figure>\n")
            }
            for t in view.tables { h.table(t) }
            h.raw("<details class=\"output\" open><summary>output</summary>\n<pre>\(e(entry.text))</pre>\n</details>\n</article>\n")
        }
        h.raw("</section>\n")

        // Transcript
        h.raw("<section id=\"transcript\">\n<h2>Transcript</h2>\n")
        var session: Int64?
        for entry in entries {
            if entry.sessionId != session {
                session = entry.sessionId
                if let s = sessions.first(where: { $0.id == entry.sessionId }) {
                    h.raw("<h3>Session \(s.id ?? 0) <span class=\"muted\">sleuth \(e(s.sleuthVersion)) on \(e(s.host)), pid \(s.pid), started \(e(Format.utc(s.startedAt)))</span></h3>\n")
                } else {
                    h.raw("<h3>Session \(entry.sessionId)</h3>\n")
                }
            }
            let failed = entry.status == .failed
            h.raw("<div class=\"cmd\(failed ? " failed" : "")\" id=\"t\(entry.id ?? 0)\">\n")
            h.raw("<div class=\"cmd-head\"><span class=\"id\">#\(entry.id ?? 0)</span> <span class=\"muted\">\(e(Format.utc(entry.startedAt))) · \(e(Format.duration(entry.endedAt - entry.startedAt)))</span>\(failed ? " " + HTMLWriter.badge("failed") : "")</div>\n")
            h.raw("<pre><span class=\"prompt\">sleuth&gt; </span><b>\(e(ReportText.line(entry.line)))</b>\n\(e(entry.text))</pre>\n</div>\n")
        }
        h.raw("</section>\n")
        h.raw("<footer class=\"muted\">Exported by \(e(generator)) from <code>\(e(notebookPath))</code>. This page loads nothing from the network.</footer>\n")
        h.raw("</main>\n</body>\n</html>\n")
        return h.text
    }
}

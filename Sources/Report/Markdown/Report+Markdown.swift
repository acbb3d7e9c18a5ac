import Notebook

extension Report {
    /// The notebook as a Markdown postmortem: title, summary, timeline, investigation tree, experiments
    /// with their key figures, charts and output, then the full transcript.
    ///
    /// Every string from the notebook is escaped: names cannot open links, emphasis, HTML or table
    /// cells, and output sits in fences longer than any backtick run it contains.
    /// - Parameter chartFilePrefix: the charts are returned as files `PREFIX-N-KIND.svg` and linked by
    ///   that name; nil leaves charts out.
    public func markdown(chartFilePrefix: String?) -> RenderedReport {
        let model = ReportModel(self)
        var md = MarkdownWriter()
        var charts: [ReportChart] = []
        let summary = SummaryView(model)

        md.line("# Postmortem: " + ReportText.markdown(model.title))
        md.blank()
        md.line("Notebook " + ReportText.code(notebookPath) + " · " + ReportText.markdown(summary.extent)
                + " · exported by " + ReportText.markdown(generator))
        md.blank()

        // Summary
        md.line("## Summary")
        md.blank()
        if summary.causes.isEmpty {
            md.line("No root cause recorded yet.")
            md.blank()
        }
        for c in summary.causes {
            var s = "**Root cause** (" + c.question.label + " " + ReportText.markdown(c.question.text) + "): "
                + ReportText.markdown(c.finding.text)
            if let at = c.finding.location { s += " — at " + ReportText.code(at) }
            if !c.finding.evidenceIds.isEmpty { s += " (evidence " + SummaryView.entries(c.finding.evidenceIds) + ")" }
            md.line(s)
            md.blank()
        }
        if !summary.hypotheses.isEmpty {
            md.line("**Hypotheses**")
            md.blank()
            for j in summary.hypotheses {
                var s = "- " + j.hypothesis.label + " " + ReportText.markdown(j.hypothesis.text) + " — "
                if let v = j.verdict {
                    s += "**" + v.outcome.rawValue + "**"
                    if let r = v.reason { s += ": " + ReportText.markdown(r) }
                    if !v.evidenceIds.isEmpty { s += " (" + SummaryView.entries(v.evidenceIds) + ")" }
                } else {
                    s += "no verdict yet"
                }
                md.line(s)
            }
            md.blank()
        }
        if !summary.kills.isEmpty {
            md.line("**Kernel OOM kills**: \(summary.kills.count)")
            md.blank()
            for e in summary.kills { md.line("- " + ReportText.markdown(SummaryView.sentence(e))) }
            md.blank()
        }

        // Timeline
        md.line("## Timeline")
        md.blank()
        md.line("All times UTC. Kernel kills are placed at the wall-clock time their log line carries; "
                + "\"≤\" marks a kill known only to precede the command that read it.")
        md.blank()
        md.table(ReportTable(caption: nil, headers: ["time (UTC)", "what", "event"], numeric: [],
                             rows: model.timeline.map { [$0.timeLabel, $0.kind.rawValue, $0.text] }))

        // Investigation
        md.line("## Investigation")
        md.blank()
        if model.investigation.questions.isEmpty {
            md.line("No question was asked in this notebook.")
            md.blank()
        } else {
            for q in model.rootQuestions { md.question(q, model: model, depth: 0) }
            let loose = model.investigation.notes.filter { $0.questionId == nil && $0.hypothesisId == nil }
            for n in loose { md.line("- note N\(n.id ?? 0): " + ReportText.markdown(n.text)) }
            md.blank()
        }

        // Experiments
        md.line("## Experiments")
        md.blank()
        if model.experiments.isEmpty {
            md.line("No experiment was run.")
            md.blank()
        }
        for entry in model.experiments {
            let view = ExperimentView(entry, model: model)
            md.line("### #\(view.id) " + ReportText.markdown(entry.line))
            md.blank()
            if let h = entry.hypothesisId, let hyp = model.investigation.hypothesis(h) {
                md.line("Testing " + hyp.label + " " + ReportText.markdown(hyp.text) + ".")
                md.blank()
            }
            for (k, v) in view.figures { md.line("- **" + ReportText.markdown(k) + "**: " + ReportText.markdown(v)) }
            md.blank()
            for t in view.tables { md.table(t) }
            if let prefix = chartFilePrefix {
                for chart in view.charts {
                    let name = prefix + "-\(view.id)-" + chart.fileSuffix + ".svg"
                    charts.append(ReportChart(fileName: name, svg: chart.svg(standalone: true)))
                    md.line("![" + ReportText.markdown(chart.title) + "](" + MarkdownWriter.link(name) + ")")
                    md.blank()
                }
            }
            md.raw(ReportText.fenced(entry.text))
            md.blank()
        }

        // Transcript
        md.line("## Transcript")
        md.blank()
        md.line("Every command in order, with the output as it was shown.")
        md.blank()
        var session: Int64?
        for entry in entries {
            if entry.sessionId != session {
                session = entry.sessionId
                if let s = sessions.first(where: { $0.id == entry.sessionId }) {
                    md.line("**Session \(s.id ?? 0)** — " + ReportText.markdown("sleuth \(s.sleuthVersion) on \(s.host), pid \(s.pid), started \(Format.utc(s.startedAt))"))
                } else {
                    md.line("**Session \(entry.sessionId)**")
                }
                md.blank()
            }
            var head = "#\(entry.id ?? 0) · " + Format.utc(entry.startedAt) + " · " + Format.duration(entry.endedAt - entry.startedAt)
            if entry.status == .failed { head += " · **failed**" }
            md.line(head)
            md.blank()
            md.raw(ReportText.fenced("sleuth> " + ReportText.line(entry.line) + "\n" + entry.text))
            md.blank()
        }
        return RenderedReport(text: md.text, charts: charts)
    }
}

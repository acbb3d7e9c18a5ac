import Notebook

/// Markdown under construction.
struct MarkdownWriter {
    private(set) var text = ""

    mutating func line(_ s: String) { text += s + "\n" }
    mutating func blank() { text += "\n" }
    mutating func raw(_ s: String) { text += s }

    /// A GFM table; cells are escaped here.
    mutating func table(_ t: ReportTable) {
        if let c = t.caption { line("*" + ReportText.markdown(c) + "*"); blank() }
        line("| " + t.headers.map(ReportText.markdown).joined(separator: " | ") + " |")
        line("|" + t.headers.indices.map { t.numeric.contains($0) ? " ---: |" : " --- |" }.joined())
        for (i, row) in t.rows.enumerated() {
            let cells = row.map { ReportText.markdown($0) }
            line("| " + (t.marked.contains(i) ? cells.map { $0.isEmpty ? $0 : "**" + $0 + "**" } : cells).joined(separator: " | ") + " |")
        }
        blank()
    }

    /// A question with its hypotheses, their predictions, evidence and verdicts, its sub-questions and
    /// its finding, as a nested list.
    mutating func question(_ q: Question, model: ReportModel, depth: Int) {
        let inv = model.investigation
        let pad = String(repeating: "  ", count: depth)
        let qid = q.id ?? -1
        line(pad + "- **" + q.label + "** " + ReportText.markdown(q.text) + (inv.isAnswered(qid) ? " — answered" : " — open"))
        for a in inv.amendments where a.subject == "question" && a.subjectId == qid {
            line(pad + "  - earlier wording, until " + Format.utc(a.replacedAt) + ": " + ReportText.markdown(a.previousText))
        }
        for h in inv.hypotheses(of: qid) {
            let hid = h.id ?? -1
            let verdict = inv.verdict(of: hid)
            line(pad + "  - **" + h.label + "** " + ReportText.markdown(h.text) + " — "
                 + (verdict.map { "**" + $0.outcome.rawValue + "**" } ?? "no verdict yet"))
            for a in inv.amendments where a.subject == "hypothesis" && a.subjectId == hid {
                line(pad + "    - earlier wording, until " + Format.utc(a.replacedAt) + ": " + ReportText.markdown(a.previousText))
            }
            for p in inv.predictions(of: hid) { line(pad + "    - predicts: " + ReportText.markdown(p.summary)) }
            for e in inv.evidence(of: hid) {
                var s = pad + "    - evidence: #\(e.entryId) " + e.relation.rawValue
                if let entry = model.entry(e.entryId) { s += " (" + ReportText.code(entry.line) + ")" }
                if let r = e.reason { s += " — " + ReportText.markdown(r) }
                line(s)
            }
            let verdicts = inv.verdicts.filter { $0.hypothesisId == hid }
            for (n, v) in verdicts.enumerated() {
                var s = pad + "    - " + (n == verdicts.count - 1 ? "verdict" : "earlier verdict (superseded)") + ": "
                    + v.outcome.rawValue + " at " + Format.utc(v.createdAt)
                if let r = v.reason { s += " — " + ReportText.markdown(r) }
                if !v.evidenceIds.isEmpty { s += " (rests on " + SummaryView.entries(v.evidenceIds) + ")" }
                line(s)
            }
            for n in inv.notes where n.hypothesisId == hid {
                line(pad + "    - note N\(n.id ?? 0): " + ReportText.markdown(n.text))
            }
            for sub in model.subQuestions(of: hid) { question(sub, model: model, depth: depth + 2) }
        }
        for f in inv.findings where f.questionId == qid {
            var s = pad + "  - finding: " + ReportText.markdown(f.text)
            if let at = f.location { s += " at " + ReportText.code(at) }
            if !f.evidenceIds.isEmpty { s += " (evidence " + SummaryView.entries(f.evidenceIds) + ")" }
            line(s)
        }
        for n in inv.notes where n.questionId == qid && n.hypothesisId == nil {
            line(pad + "  - note N\(n.id ?? 0): " + ReportText.markdown(n.text))
        }
        if depth == 0 { blank() }
    }

    /// A link target: spaces and parentheses percent-encoded so the link cannot end early.
    static func link(_ name: String) -> String {
        var out = ""
        for u in name.unicodeScalars {
            switch u {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

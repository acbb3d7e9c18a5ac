import Notebook

/// HTML under construction.
struct HTMLWriter {
    private(set) var text = ""

    mutating func raw(_ s: String) { text += s }

    static func badge(_ word: String) -> String {
        "<span class=\"badge \(ReportText.html(word))\">\(ReportText.html(word))</span>"
    }

    /// `#6, #7` as links to the transcript.
    static func links(_ ids: [Int64]) -> String {
        ids.map { "<a href=\"#t\($0)\">#\($0)</a>" }.joined(separator: ", ")
    }

    mutating func table(_ t: ReportTable) {
        raw("<table>\n")
        if let c = t.caption { raw("<caption>\(ReportText.html(c))</caption>\n") }
        raw("<thead><tr>")
        for (i, head) in t.headers.enumerated() {
            raw("<th\(t.numeric.contains(i) ? " class=\"num\"" : "")>\(ReportText.html(head))</th>")
        }
        raw("</tr></thead>\n<tbody>\n")
        for (r, row) in t.rows.enumerated() {
            raw(t.marked.contains(r) ? "<tr class=\"marked\">" : "<tr>")
            for (i, cell) in row.enumerated() {
                raw("<td\(t.numeric.contains(i) ? " class=\"num\"" : "")>\(ReportText.html(cell))</td>")
            }
            raw("</tr>\n")
        }
        raw("</tbody>\n</table>\n")
    }

    mutating func question(_ q: Question, model: ReportModel) {
        let inv = model.investigation
        let e = { (s: String) in ReportText.html(s) }
        let qid = q.id ?? -1
        raw("<li class=\"q\"><b>\(q.label)</b> \(e(q.text)) \(Self.badge(inv.isAnswered(qid) ? "answered" : "open"))\n<ul>\n")
        for a in inv.amendments where a.subject == "question" && a.subjectId == qid {
            raw("<li class=\"muted\">earlier wording, until \(e(Format.utc(a.replacedAt))): \(e(a.previousText))</li>\n")
        }
        for h in inv.hypotheses(of: qid) {
            let hid = h.id ?? -1
            let verdict = inv.verdict(of: hid)
            raw("<li class=\"h\"><b>\(h.label)</b> \(e(h.text)) \(Self.badge(verdict?.outcome.rawValue ?? "open"))\n<ul>\n")
            for a in inv.amendments where a.subject == "hypothesis" && a.subjectId == hid {
                raw("<li class=\"muted\">earlier wording, until \(e(Format.utc(a.replacedAt))): \(e(a.previousText))</li>\n")
            }
            for p in inv.predictions(of: hid) { raw("<li>predicts: \(e(p.summary))</li>\n") }
            for ev in inv.evidence(of: hid) {
                raw("<li>evidence: <a href=\"#t\(ev.entryId)\">#\(ev.entryId)</a> \(Self.badge(ev.relation.rawValue))")
                if let entry = model.entry(ev.entryId) { raw(" <code>\(e(ReportText.line(entry.line)))</code>") }
                if let r = ev.reason { raw(" — \(e(r))") }
                raw("</li>\n")
            }
            let verdicts = inv.verdicts.filter { $0.hypothesisId == hid }
            for (n, v) in verdicts.enumerated() {
                let latest = n == verdicts.count - 1
                raw("<li\(latest ? "" : " class=\"superseded\"")>\(latest ? "verdict" : "earlier verdict (superseded)"): \(Self.badge(v.outcome.rawValue)) at \(e(Format.utc(v.createdAt)))")
                if let r = v.reason { raw(" — \(e(r))") }
                if !v.evidenceIds.isEmpty { raw(" (rests on \(Self.links(v.evidenceIds)))") }
                raw("</li>\n")
            }
            for n in inv.notes where n.hypothesisId == hid { raw("<li>note N\(n.id ?? 0): \(e(n.text))</li>\n") }
            for sub in model.subQuestions(of: hid) { question(sub, model: model) }
            raw("</ul>\n</li>\n")
        }
        for f in inv.findings where f.questionId == qid {
            raw("<li class=\"finding\">finding: \(e(f.text))")
            if let at = f.location { raw(" at <code>\(e(at))</code>") }
            if !f.evidenceIds.isEmpty { raw(" (evidence \(Self.links(f.evidenceIds)))") }
            raw("</li>\n")
        }
        for n in inv.notes where n.questionId == qid && n.hypothesisId == nil { raw("<li>note N\(n.id ?? 0): \(e(n.text))</li>\n") }
        raw("</ul>\n</li>\n")
    }
}

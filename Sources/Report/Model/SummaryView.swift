import Notebook

/// The top of the postmortem: the root causes found, the verdicts, the kills; in plain text pieces that
/// each output marks up its own way.
struct SummaryView {
    struct Cause {
        var question: Question
        var finding: Finding
    }
    struct Judged {
        var hypothesis: Hypothesis
        var verdict: Verdict?
    }

    var causes: [Cause] = []
    var hypotheses: [Judged] = []
    var kills: [KernelEvent]
    /// `16 commands in 1 session, 2025-11-26 10:00:00 UTC to 10:19:30 UTC`
    var extent: String

    init(_ model: ReportModel) {
        let inv = model.investigation
        for q in inv.questions {
            if let f = inv.finding(of: q.id ?? -1) { causes.append(Cause(question: q, finding: f)) }
        }
        hypotheses = inv.hypotheses.map { Judged(hypothesis: $0, verdict: inv.verdict(of: $0.id ?? -1)) }
        kills = model.kernelEvents
        let n = model.report.entries.count, s = model.report.sessions.count
        var extent = "\(n) command\(n == 1 ? "" : "s") in \(s) session\(s == 1 ? "" : "s")"
        if let (a, b) = model.period {
            extent += ", " + Format.utc(a) + " to " + (Format.utcDate(a) == Format.utcDate(b) ? Format.utcTime(b) + " UTC" : Format.utc(b))
        }
        self.extent = extent
    }

    static func entries(_ ids: [Int64]) -> String { ids.map { "#\($0)" }.joined(separator: ", ") }

    /// One sentence per kill: who, when, where, how full.
    static func sentence(_ e: KernelEvent) -> String {
        var s = e.victimLabel + " at " + e.timeLabel
        if let cg = e.oomMemcg ?? e.taskMemcg { s += " in " + cg }
        if let u = e.usageKiB, let l = e.limitKiB { s += ", usage " + Format.kib(u) + " of " + Format.kib(l) }
        if let a = e.anonRssKiB { s += ", victim anon-rss " + Format.kib(a) }
        return s
    }
}

extension Prediction {
    /// `memory grows (trend: growing)`
    var summary: String {
        var s = text
        if let kind { s += " (" + kind + (expected.map { ": " + $0 } ?? "") + ")" }
        return s
    }
}

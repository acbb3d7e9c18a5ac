import Notebook

/// What every rendering shares, derived once from the report's values: parsed results, kernel events,
/// memory series, heap views and the timeline.
struct ReportModel {
    let report: Report
    let results: [Int64: JSONValue]
    let kernelEvents: [KernelEvent]
    let series: [Int64: MemorySeries]
    let experiments: [Entry]
    let timeline: [TimelineItem]

    init(_ report: Report) {
        self.report = report
        var results: [Int64: JSONValue] = [:]
        var pairs: [(Entry, JSONValue)] = []
        for e in report.entries {
            let v = JSONValue(lenient: e.result)
            if let id = e.id { results[id] = v }
            pairs.append((e, v))
        }
        self.results = results
        kernelEvents = KernelEvent.collect(pairs)
        var series: [Int64: MemorySeries] = [:]
        for (e, v) in pairs where e.status == .ok && (e.command == "sample" || e.command == "trend") {
            if let s = MemorySeries(v, entry: e), !s.points.isEmpty { series[s.entryId] = s }
        }
        self.series = series
        experiments = report.entries.filter { $0.status == .ok && CommandKind(command: $0.command) == .experiment }
        timeline = TimelineItem.build(entries: report.entries, results: results, kernelEvents: kernelEvents,
                                      series: series)
    }

    func result(_ entry: Entry) -> JSONValue { entry.id.flatMap { results[$0] } ?? .null }

    // MARK: The investigation, as the report reads it

    var investigation: Investigation { report.investigation }

    /// Questions that are not raised by a hypothesis (or whose hypothesis is gone), in order.
    var rootQuestions: [Question] {
        investigation.questions.filter { q in
            q.parentHypothesisId.map { investigation.hypothesis($0) == nil } ?? true
        }
    }

    func subQuestions(of hypothesisId: Int64) -> [Question] {
        investigation.questions.filter { $0.parentHypothesisId == hypothesisId }
    }

    /// The title: the first question, else the notebook's name.
    var title: String {
        if let q = investigation.questions.first { return q.text }
        return "Sleuth notebook " + report.notebookPath
    }

    /// The span of the notebook's commands.
    var period: (Double, Double)? {
        guard let first = report.entries.map(\.startedAt).min(),
              let last = report.entries.map(\.endedAt).max() else { return nil }
        return (first, last)
    }

    func entry(_ id: Int64) -> Entry? { report.entries.first { $0.id == id } }
}

extension Hypothesis {
    var label: String { "H\(id ?? 0)" }
}

extension Question {
    var label: String { "Q\(id ?? 0)" }
}

import Notebook

/// A prediction the workbench can check against a result by itself.
///
/// `growing`, `steady`, `warming-up`, `shrinking` → a trend verdict (`analysis.verdict`);
/// `oom-kill` → the kernel log shows a kill (`events`); `top-growth FUNC` → FUNC is the first growth suspect
/// (`sites`). Anything else is free text.
public struct StructuredPrediction: Equatable, Sendable {
    public var kind: String
    public var expected: String

    public static let trendVerdicts = ["growing", "steady", "warming-up", "shrinking"]

    public static func parse(_ text: String) -> StructuredPrediction? {
        let t = text.trimmingWhitespace()
        let lower = t.lowercased()
        if trendVerdicts.contains(lower) { return StructuredPrediction(kind: "trend", expected: lower) }
        if lower == "oom-kill" || lower == "oom-killed" { return StructuredPrediction(kind: "oom-kill", expected: "yes") }
        if lower.hasPrefix("top-growth ") {
            let fn = t.dropFirst("top-growth ".count).trimmingWhitespace()
            if !fn.isEmpty { return StructuredPrediction(kind: "top-growth", expected: fn) }
        }
        return nil
    }

    /// What a result says about this prediction, if it decides it.
    public struct Decision: Equatable, Sendable {
        public var holds: Bool
        /// The figures behind the decision, one phrase.
        public var figures: String
    }

    /// Decides the prediction from a stored result, or nil when the result does not bear on it.
    public func decide(_ result: JSONValue) -> Decision? {
        switch kind {
        case "trend":
            guard let verdict = result.value(at: "analysis.verdict")?.stringValue,
                  verdict != "insufficient-data" else { return nil }
            var figures = "verdict \(verdict)"
            if let slope = result.value(at: "analysis.slopeKiBPerSecond")?.numberValue {
                figures += ", slope \(Format.fixed(slope, 1)) KiB/s"
            }
            if let p = result.value(at: "analysis.mannKendallP")?.numberValue {
                figures += ", Mann–Kendall \(Format.p(p))"
            }
            return Decision(holds: verdict == expected, figures: figures)
        case "oom-kill":
            guard case .array(let events)? = result.value(at: "events") else { return nil }
            let victims = events.compactMap { $0.value(at: "victim.name")?.stringValue }
            let figures = events.isEmpty ? "no OOM kill in the kernel log"
                : "\(events.count) OOM kill(s)" + (victims.isEmpty ? "" : ": " + victims.prefix(3).joined(separator: ", "))
            return Decision(holds: !events.isEmpty, figures: figures)
        case "top-growth":
            guard case .array(let sites)? = result.value(at: "sites") else { return nil }
            let suspects = sites.filter { $0.value(at: "suspect") == .bool(true) }
            guard let first = suspects.first?.value(at: "name")?.stringValue else {
                return Decision(holds: false, figures: "no growth suspect among \(sites.count) sites")
            }
            return Decision(holds: first.contains(expected), figures: "first growth suspect is \(first)")
        default:
            return nil
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

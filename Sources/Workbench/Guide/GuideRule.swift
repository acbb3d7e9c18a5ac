import Notebook

/// One proposal of the guide: what to do next, why, and the exact command to type.
public struct Suggestion: Codable, Sendable, Equatable {
    /// The rule that made it.
    public var rule: String
    /// One sentence, citing the evidence ids it rests on.
    public var why: String
    public var command: String
}

/// A rule of the guide: a condition on the notebook's state and results, and the suggestions it makes.
///
/// Rules are data: `GuideRules.all` is an ordered table (earlier rules take precedence in the list shown),
/// and a later feature adds its rules by appending to it.
public struct GuideRule: Sendable {
    public let id: String
    public let summary: String
    public let suggest: @Sendable (GuideState) -> [Suggestion]

    public init(_ id: String, _ summary: String, suggest: @escaping @Sendable (GuideState) -> [Suggestion]) {
        self.id = id
        self.summary = summary
        self.suggest = suggest
    }
}

/// What the guide reads: the investigation and every stored result.
public struct GuideState: Sendable {
    public let investigation: Investigation
    public let entries: [Entry]
    /// Decoded results of successful entries, by `#N`.
    public let results: [Int64: JSONValue]

    public init(investigation: Investigation, entries: [Entry]) {
        self.investigation = investigation
        self.entries = entries
        var results: [Int64: JSONValue] = [:]
        for e in entries where e.status == .ok {
            if let id = e.id { results[id] = JSONValue(lenient: e.result) }
        }
        self.results = results
    }

    /// The question being worked on: the one in focus, else the latest that is not answered.
    public var currentQuestion: Question? {
        if let q = investigation.focusedQuestionId { return investigation.question(q) }
        return investigation.questions.last { !investigation.isAnswered($0.id!) }
    }

    /// The hypotheses still without a verdict under a question.
    public func openHypotheses(of q: Int64) -> [Hypothesis] {
        investigation.hypotheses(of: q).filter { investigation.verdict(of: $0.id!) == nil }
    }

    /// Entries run while the hypothesis was in focus.
    public func experiments(of h: Int64) -> [Entry] {
        entries.filter { $0.hypothesisId == h && $0.status == .ok }
    }

    /// Successful entries of a command, newest first.
    public func latest(_ commands: Set<String>) -> [(Entry, JSONValue)] {
        entries.reversed().compactMap { e in
            guard e.status == .ok, commands.contains(e.command), let id = e.id, let r = results[id] else { return nil }
            return (e, r)
        }
    }
}

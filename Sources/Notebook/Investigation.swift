/// A problem statement under investigation (`Q1`). A verdict can raise a sub-question.
public struct Question: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var text: String
    /// The hypothesis whose verdict raised this question, for a sub-question.
    public var parentHypothesisId: Int64?
    public var createdAt: Double
    public init(id: Int64? = nil, text: String, parentHypothesisId: Int64? = nil, createdAt: Double) {
        self.id = id; self.text = text; self.parentHypothesisId = parentHypothesisId; self.createdAt = createdAt
    }
}

/// A candidate explanation under a question (`H1`).
public struct Hypothesis: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var questionId: Int64
    public var text: String
    public var createdAt: Double
    public init(id: Int64? = nil, questionId: Int64, text: String, createdAt: Double) {
        self.id = id; self.questionId = questionId; self.text = text; self.createdAt = createdAt
    }
}

/// What we would observe if a hypothesis were true. `kind`/`expected` hold a prediction the workbench can
/// check itself (`trend`/`growing`, `oom-kill`, `top-growth`/`FUNC`); free text has neither.
public struct Prediction: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var hypothesisId: Int64
    public var text: String
    public var kind: String?
    public var expected: String?
    public var createdAt: Double
    public init(id: Int64? = nil, hypothesisId: Int64, text: String, kind: String? = nil, expected: String? = nil,
                createdAt: Double) {
        self.id = id; self.hypothesisId = hypothesisId; self.text = text; self.kind = kind
        self.expected = expected; self.createdAt = createdAt
    }
}

/// A stored result (`#N`) linked to a hypothesis.
public struct Evidence: Codable, Sendable, Equatable, Identifiable {
    public enum Relation: String, Codable, Sendable, CaseIterable {
        case supports, refutes, neutral
    }
    public var id: Int64?
    public var entryId: Int64
    public var hypothesisId: Int64
    public var relation: Relation
    public var reason: String?
    public var createdAt: Double
    public init(id: Int64? = nil, entryId: Int64, hypothesisId: Int64, relation: Relation, reason: String?,
                createdAt: Double) {
        self.id = id; self.entryId = entryId; self.hypothesisId = hypothesisId; self.relation = relation
        self.reason = reason; self.createdAt = createdAt
    }
}

/// The conclusion on a hypothesis. A later verdict supersedes an earlier one; both are kept.
public struct Verdict: Codable, Sendable, Equatable, Identifiable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case supported, refuted, inconclusive
    }
    public var id: Int64?
    public var hypothesisId: Int64
    public var outcome: Outcome
    public var reason: String?
    public var evidenceIds: [Int64]
    public var createdAt: Double
    public init(id: Int64? = nil, hypothesisId: Int64, outcome: Outcome, reason: String?, evidenceIds: [Int64],
                createdAt: Double) {
        self.id = id; self.hypothesisId = hypothesisId; self.outcome = outcome; self.reason = reason
        self.evidenceIds = evidenceIds; self.createdAt = createdAt
    }
}

/// The root cause of a question: it answers it.
public struct Finding: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var questionId: Int64
    public var text: String
    /// `FILE:LINE` when the cause is a place in the code.
    public var location: String?
    public var evidenceIds: [Int64]
    public var createdAt: Double
    public init(id: Int64? = nil, questionId: Int64, text: String, location: String?, evidenceIds: [Int64],
                createdAt: Double) {
        self.id = id; self.questionId = questionId; self.text = text; self.location = location
        self.evidenceIds = evidenceIds; self.createdAt = createdAt
    }
}

/// A free remark, attached to whatever was in focus.
public struct Note: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var text: String
    public var questionId: Int64?
    public var hypothesisId: Int64?
    public var createdAt: Double
    public init(id: Int64? = nil, text: String, questionId: Int64?, hypothesisId: Int64?, createdAt: Double) {
        self.id = id; self.text = text; self.questionId = questionId; self.hypothesisId = hypothesisId
        self.createdAt = createdAt
    }
}

/// An earlier text of a question, hypothesis, prediction, finding or note, kept when it was amended.
public struct Amendment: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var subject: String
    public var subjectId: Int64
    public var previousText: String
    public var replacedAt: Double
    public init(id: Int64? = nil, subject: String, subjectId: Int64, previousText: String, replacedAt: Double) {
        self.id = id; self.subject = subject; self.subjectId = subjectId; self.previousText = previousText
        self.replacedAt = replacedAt
    }
}

/// What the investigation is currently about: a question, or a hypothesis under it.
public enum Focus: Equatable, Sendable, Codable {
    case none
    case question(Int64)
    case hypothesis(Int64)
}

/// Everything recorded about the investigation, read in one transaction.
public struct Investigation: Sendable, Equatable {
    public var questions: [Question] = []
    public var hypotheses: [Hypothesis] = []
    public var predictions: [Prediction] = []
    public var evidence: [Evidence] = []
    public var verdicts: [Verdict] = []
    public var findings: [Finding] = []
    public var notes: [Note] = []
    public var amendments: [Amendment] = []
    public var focus: Focus = .none
    public init() {}

    public func question(_ id: Int64) -> Question? { questions.first { $0.id == id } }
    public func hypothesis(_ id: Int64) -> Hypothesis? { hypotheses.first { $0.id == id } }
    public func hypotheses(of questionId: Int64) -> [Hypothesis] { hypotheses.filter { $0.questionId == questionId } }
    public func predictions(of hypothesisId: Int64) -> [Prediction] { predictions.filter { $0.hypothesisId == hypothesisId } }
    public func evidence(of hypothesisId: Int64) -> [Evidence] { evidence.filter { $0.hypothesisId == hypothesisId } }
    /// The current verdict: the latest one recorded.
    public func verdict(of hypothesisId: Int64) -> Verdict? { verdicts.last { $0.hypothesisId == hypothesisId } }
    public func finding(of questionId: Int64) -> Finding? { findings.last { $0.questionId == questionId } }
    public func isAnswered(_ questionId: Int64) -> Bool { finding(of: questionId) != nil }

    /// The question in focus, directly or through its hypothesis.
    public var focusedQuestionId: Int64? {
        switch focus {
        case .none: return nil
        case .question(let q): return q
        case .hypothesis(let h): return hypothesis(h)?.questionId
        }
    }
    public var focusedHypothesisId: Int64? {
        if case .hypothesis(let h) = focus { return h }
        return nil
    }
}

import Notebook

/// `status`: the investigation as a tree.
struct StatusCommand: Command {
    static let spec = CommandSpec(
        "status", group: "Investigation",
        summary: "show the investigation: questions → hypotheses → predictions → evidence → verdicts → finding",
        examples: ["status", "status --json"], role: .investigation)

    init(_ arguments: ParsedArguments) throws {}

    func run(in context: CommandContext) throws -> CommandResult {
        let inv = try context.investigation()
        let entries = try context.store.entries()
        let tree = StatusTree(inv, entries: entries)
        return CommandResult(tree, text: tree.text)
    }
}

/// The documented shape of `status --json`.
public struct StatusTree: Codable, Sendable, Equatable {
    public struct PredictionNode: Codable, Sendable, Equatable {
        public var text: String
        public var kind: String?
        public var expected: String?
    }
    public struct EvidenceNode: Codable, Sendable, Equatable {
        public var entry: String
        public var relation: String
        public var reason: String?
        public var command: String?
    }
    public struct VerdictNode: Codable, Sendable, Equatable {
        public var outcome: String
        public var reason: String?
        public var evidence: [String]
    }
    public struct HypothesisNode: Codable, Sendable, Equatable {
        public var id: String
        public var text: String
        /// `testing` until a verdict, then the verdict's outcome.
        public var state: String
        public var predictions: [PredictionNode]
        public var experiments: [String]
        public var evidence: [EvidenceNode]
        public var verdict: VerdictNode?
        public var questions: [String]
    }
    public struct FindingNode: Codable, Sendable, Equatable {
        public var text: String
        public var location: String?
        public var evidence: [String]
    }
    public struct QuestionNode: Codable, Sendable, Equatable {
        public var id: String
        public var text: String
        public var answered: Bool
        public var raisedBy: String?
        public var hypotheses: [HypothesisNode]
        public var finding: FindingNode?
    }
    public struct NoteNode: Codable, Sendable, Equatable {
        public var id: String
        public var text: String
        public var attachedTo: String?
    }

    public var focus: String?
    public var questions: [QuestionNode]
    public var notes: [NoteNode]

    public init(_ inv: Investigation, entries: [Entry]) {
        switch inv.focus {
        case .none: focus = nil
        case .question(let q): focus = "Q\(q)"
        case .hypothesis(let h): focus = "H\(h)"
        }
        let commandOf = Dictionary(entries.compactMap { e in e.id.map { ($0, e.line) } }, uniquingKeysWith: { a, _ in a })
        questions = inv.questions.map { q in
            let qid = q.id!
            return QuestionNode(
                id: "Q\(qid)", text: q.text, answered: inv.isAnswered(qid),
                raisedBy: q.parentHypothesisId.map { "H\($0)" },
                hypotheses: inv.hypotheses(of: qid).map { h in
                    let hid = h.id!
                    let verdict = inv.verdict(of: hid)
                    return HypothesisNode(
                        id: "H\(hid)", text: h.text, state: verdict?.outcome.rawValue ?? "testing",
                        predictions: inv.predictions(of: hid).map { PredictionNode(text: $0.text, kind: $0.kind, expected: $0.expected) },
                        experiments: entries.filter { $0.hypothesisId == hid }.compactMap { $0.id.map { "#\($0)" } },
                        evidence: inv.evidence(of: hid).map {
                            EvidenceNode(entry: "#\($0.entryId)", relation: $0.relation.rawValue, reason: $0.reason,
                                         command: commandOf[$0.entryId])
                        },
                        verdict: verdict.map { VerdictNode(outcome: $0.outcome.rawValue, reason: $0.reason, evidence: $0.evidenceIds.map { "#\($0)" }) },
                        questions: inv.questions.filter { $0.parentHypothesisId == hid }.compactMap { $0.id.map { "Q\($0)" } })
                },
                finding: inv.finding(of: qid).map { FindingNode(text: $0.text, location: $0.location, evidence: $0.evidenceIds.map { "#\($0)" }) })
        }
        notes = inv.notes.map { n in
            NoteNode(id: "N\(n.id!)", text: n.text,
                     attachedTo: n.hypothesisId.map { "H\($0)" } ?? n.questionId.map { "Q\($0)" })
        }
    }

    /// The tree as text, with the focus marked.
    public var text: String {
        guard !questions.isEmpty else { return "no question yet: start with ask \"Why …?\"\n" }
        var out = ""
        let mark = { (id: String) in self.focus == id ? "  ◀ focus" : "" }
        for q in questions {
            out += "\(q.id) \(q.text)  [\(q.answered ? "answered" : "open")]"
                + (q.raisedBy.map { " (raised by \($0))" } ?? "") + mark(q.id) + "\n"
            var children: [(String, [String])] = q.hypotheses.map { h in
                var lines: [String] = []
                for p in h.predictions {
                    lines.append("predicts: \(p.text)" + (p.kind != nil ? " (checked)" : ""))
                }
                if !h.experiments.isEmpty { lines.append("experiments: " + h.experiments.joined(separator: " ")) }
                for e in h.evidence {
                    lines.append("evidence \(e.entry) \(e.relation)" + (e.reason.map { ": \($0)" } ?? "")
                                 + (e.command.map { "  [\($0)]" } ?? ""))
                }
                if let v = h.verdict {
                    lines.append("verdict: \(v.outcome)" + (v.reason.map { ": \($0)" } ?? "")
                                 + (v.evidence.isEmpty ? "" : " (" + v.evidence.joined(separator: " ") + ")"))
                }
                if !h.questions.isEmpty { lines.append("raised: " + h.questions.joined(separator: " ")) }
                return ("\(h.id) \(h.text)  \(h.state)" + mark(h.id), lines)
            }
            if let f = q.finding {
                children.append(("cause: \(f.text)" + (f.location.map { " at \($0)" } ?? "")
                                 + (f.evidence.isEmpty ? "" : " (" + f.evidence.joined(separator: " ") + ")"), []))
            }
            for (i, child) in children.enumerated() {
                let last = i == children.count - 1
                out += (last ? "└─ " : "├─ ") + child.0 + "\n"
                for (j, line) in child.1.enumerated() {
                    out += (last ? "   " : "│  ") + (j == child.1.count - 1 ? "└─ " : "├─ ") + line + "\n"
                }
            }
        }
        if !notes.isEmpty {
            out += "notes:\n"
            for n in notes { out += "  \(n.id) \(n.text)" + (n.attachedTo.map { " (\($0))" } ?? "") + "\n" }
        }
        return out
    }
}

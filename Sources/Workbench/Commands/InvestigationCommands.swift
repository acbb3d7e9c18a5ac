import Foundation
import Notebook

private func now() -> Double { Date().timeIntervalSince1970 }

/// `ask TEXT`
struct AskCommand: Command {
    static let spec = CommandSpec(
        "ask", group: "Investigation", summary: "state the question under investigation (Q1, Q2, …) and focus on it",
        discussion: "A question raised by a hypothesis's verdict is a sub-question: give that hypothesis with --under.",
        arguments: [ArgumentSpec("TEXT", help: "the question, e.g. why was api OOM-killed?", joinsRest: true)],
        flags: [FlagSpec("under", value: "H#", kind: .hypothesis, help: "the hypothesis whose verdict raised this question")],
        examples: ["ask \"Why was api OOM-killed?\"", "ask \"What retains the payloads?\" --under H1"],
        role: .investigation)

    let text: String
    let under: String?
    init(_ arguments: ParsedArguments) throws {
        text = arguments.argument("TEXT")!
        under = arguments.value("under")
    }

    func run(in context: CommandContext) throws -> CommandResult {
        var parent: Int64?
        if let under {
            let h = try NodeRef.hypothesis(under)
            guard try context.investigation().hypothesis(h) != nil else { throw WorkbenchError("ask: no hypothesis H\(h)") }
            parent = h
        }
        let q = try context.store.add(Question(text: text, parentHypothesisId: parent, createdAt: now()))
        try context.store.setFocus(.question(q.id!))
        return CommandResult(NodeResult(id: "Q\(q.id!)", text: text),
                             text: "Q\(q.id!) \(text)\nNext: form a hypothesis with a prediction, e.g. hyp \"api leaks memory\" --predict growing\n")
    }
}

/// The result of commands that create or change one node of the investigation.
struct NodeResult: Codable, Sendable {
    var id: String
    var text: String
    var predictions: [PredictionResult]?
}

struct PredictionResult: Codable, Sendable {
    var text: String
    var kind: String?
    var expected: String?
}

/// `hypothesize TEXT [--predict TEXT]...`
struct HypothesizeCommand: Command {
    static let spec = CommandSpec(
        "hypothesize", aliases: ["hyp"], group: "Investigation",
        summary: "form a hypothesis (H1, H2, …) under the question in focus, with what it predicts",
        discussion: """
            A prediction is what you would observe if the hypothesis were true. These are checked by Sleuth \
            itself when a result decides them: growing, steady, warming-up, shrinking (a memory trend), \
            oom-kill (the kernel killed a process), top-growth FUNC (FUNC grows most across heap profiles). \
            Anything else is kept as free text.
            """,
        arguments: [ArgumentSpec("TEXT", help: "the hypothesis", joinsRest: true)],
        flags: [FlagSpec("predict", short: "p", value: "TEXT", repeating: true, help: "a prediction"),
                FlagSpec("under", value: "Q#", kind: .question, help: "the question (default: the one in focus)")],
        examples: ["hyp \"api leaks memory\" --predict growing",
                   "hypothesize the cache never evicts --predict \"top-growth main.(*Cache).Put\""],
        role: .investigation)

    let text: String
    let predictions: [String]
    let under: String?
    init(_ arguments: ParsedArguments) throws {
        text = arguments.argument("TEXT")!
        predictions = arguments.values("predict")
        under = arguments.value("under")
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let inv = try context.investigation()
        let questionId: Int64
        if let under {
            guard case .question(let q) = try NodeRef.parse(under), inv.question(q) != nil else {
                throw WorkbenchError("hypothesize: no question \(under)")
            }
            questionId = q
        } else if let q = inv.focusedQuestionId {
            questionId = q
        } else {
            throw WorkbenchError("hypothesize: no question yet; ask one first: ask \"Why …?\"")
        }
        let created = now()
        let parsed = predictions.map { p -> Prediction in
            let s = StructuredPrediction.parse(p)
            return Prediction(hypothesisId: 0, text: p, kind: s?.kind, expected: s?.expected, createdAt: created)
        }
        let (h, saved) = try context.store.add(Hypothesis(questionId: questionId, text: text, createdAt: created),
                                               predictions: parsed)
        try context.store.setFocus(.hypothesis(h.id!))
        var out = "H\(h.id!) \(text) (under Q\(questionId))\n"
        for p in saved {
            out += "  predicts: \(p.text)" + (p.kind.map { _ in " — Sleuth checks this itself" } ?? "") + "\n"
        }
        if saved.isEmpty { out += "  no prediction yet: what would you observe if it were true? (--predict)\n" }
        return CommandResult(NodeResult(id: "H\(h.id!)", text: text,
                                        predictions: saved.map { PredictionResult(text: $0.text, kind: $0.kind, expected: $0.expected) }),
                             text: out)
    }
}

/// `focus Q#|H#`
struct FocusCommand: Command {
    static let spec = CommandSpec(
        "focus", group: "Investigation",
        summary: "choose the question or hypothesis to work on; commands run under a hypothesis become its experiments",
        arguments: [ArgumentSpec("ID", .node, help: "Q1, H2, …")],
        examples: ["focus H2", "focus Q1"], role: .investigation)

    let node: NodeRef
    init(_ arguments: ParsedArguments) throws { node = try NodeRef.parse(arguments.argument("ID")!) }

    func run(in context: CommandContext) throws -> CommandResult {
        let inv = try context.investigation()
        switch node {
        case .question(let q):
            guard let question = inv.question(q) else { throw WorkbenchError("focus: no question Q\(q)") }
            try context.store.setFocus(.question(q))
            return CommandResult(NodeResult(id: "Q\(q)", text: question.text), text: "focus: Q\(q) \(question.text)\n")
        case .hypothesis(let h):
            guard let hyp = inv.hypothesis(h) else { throw WorkbenchError("focus: no hypothesis H\(h)") }
            try context.store.setFocus(.hypothesis(h))
            return CommandResult(NodeResult(id: "H\(h)", text: hyp.text), text: "focus: H\(h) \(hyp.text)\n")
        }
    }
}

/// `evidence #N supports|refutes|neutral H#`
struct EvidenceCommand: Command {
    static let spec = CommandSpec(
        "evidence", group: "Investigation", summary: "link a stored result to a hypothesis as supporting, refuting or neutral",
        arguments: [ArgumentSpec("ENTRY", .entry, help: "the result, as #N"),
                    ArgumentSpec("RELATION", .choice(Evidence.Relation.allCases.map(\.rawValue)), help: "supports, refutes or neutral"),
                    ArgumentSpec("HYPOTHESIS", .hypothesis, help: "H# (default: the one in focus)", optional: true)],
        flags: [FlagSpec("why", value: "TEXT", help: "the reason, with the figures that matter")],
        examples: ["evidence #4 supports H1 --why \"RSS grows 2.1 MiB/min with requests\"", "evidence #6 refutes H2"],
        role: .investigation)

    let entry: Int64
    let relation: Evidence.Relation
    let hypothesis: String?
    let why: String?
    init(_ arguments: ParsedArguments) throws {
        entry = try EntryRef.parse(arguments.argument("ENTRY")!)
        relation = Evidence.Relation(rawValue: arguments.argument("RELATION")!)!
        hypothesis = arguments.argument("HYPOTHESIS")
        why = arguments.value("why")
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let inv = try context.investigation()
        let h = try hypothesis.map(NodeRef.hypothesis) ?? inv.focusedHypothesisId
        guard let h else { throw WorkbenchError("evidence: which hypothesis? give H# or focus one first") }
        guard inv.hypothesis(h) != nil else { throw WorkbenchError("evidence: no hypothesis H\(h)") }
        guard let stored = try context.store.entry(entry) else { throw WorkbenchError("evidence: no result #\(entry)") }
        guard stored.status == .ok else { throw WorkbenchError("evidence: #\(entry) failed; only results can be evidence") }
        _ = try context.store.add(Evidence(entryId: entry, hypothesisId: h, relation: relation, reason: why, createdAt: now()))
        struct Result: Codable, Sendable { var entry: String; var relation: String; var hypothesis: String; var reason: String? }
        return CommandResult(Result(entry: "#\(entry)", relation: relation.rawValue, hypothesis: "H\(h)", reason: why),
                             text: "#\(entry) \(relation.rawValue) H\(h)" + (why.map { ": \($0)" } ?? "") + "\n")
    }
}

/// `conclude H# supported|refuted|inconclusive`
struct ConcludeCommand: Command {
    static let spec = CommandSpec(
        "conclude", group: "Investigation", summary: "record the verdict on a hypothesis",
        discussion: "Concluding again later records a new verdict; the earlier one is kept in the notebook.",
        arguments: [ArgumentSpec("HYPOTHESIS", .hypothesis, help: "H#"),
                    ArgumentSpec("VERDICT", .choice(Verdict.Outcome.allCases.map(\.rawValue)), help: "supported, refuted or inconclusive")],
        flags: [FlagSpec("why", value: "TEXT", help: "the reason"),
                FlagSpec("evidence", value: "#N", kind: .entry, repeating: true, help: "the results it rests on (default: the hypothesis's evidence)")],
        examples: ["conclude H1 supported --why \"memory grows with requests; #7 names the retaining function\"",
                   "conclude H2 refuted --why \"troughs are flat (#5)\""],
        role: .investigation)

    let hypothesis: String
    let outcome: Verdict.Outcome
    let why: String?
    let evidence: [Int64]
    init(_ arguments: ParsedArguments) throws {
        hypothesis = arguments.argument("HYPOTHESIS")!
        outcome = Verdict.Outcome(rawValue: arguments.argument("VERDICT")!)!
        why = arguments.value("why")
        evidence = try arguments.values("evidence").map(EntryRef.parse)
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let h = try NodeRef.hypothesis(hypothesis)
        let inv = try context.investigation()
        guard let hyp = inv.hypothesis(h) else { throw WorkbenchError("conclude: no hypothesis H\(h)") }
        for e in evidence where try context.store.entry(e) == nil { throw WorkbenchError("conclude: no result #\(e)") }
        let ids = evidence.isEmpty ? inv.evidence(of: h).map(\.entryId) : evidence
        _ = try context.store.add(Verdict(hypothesisId: h, outcome: outcome, reason: why, evidenceIds: ids, createdAt: now()))
        if outcome != .supported { try context.store.setFocus(.question(hyp.questionId)) }
        struct Result: Codable, Sendable {
            var hypothesis: String; var verdict: String; var reason: String?; var evidence: [String]
        }
        var text = "H\(h) \(outcome.rawValue)" + (why.map { ": \($0)" } ?? "") + "\n"
        if outcome == .refuted { text += "Back to Q\(hyp.questionId): 'guide' proposes what to try next.\n" }
        return CommandResult(Result(hypothesis: "H\(h)", verdict: outcome.rawValue, reason: why, evidence: ids.map { "#\($0)" }),
                             text: text)
    }
}

/// `cause TEXT [--at FILE:LINE]`
struct CauseCommand: Command {
    static let spec = CommandSpec(
        "cause", group: "Investigation", summary: "record the root cause: it answers the question in focus",
        arguments: [ArgumentSpec("TEXT", help: "the cause", joinsRest: true)],
        flags: [FlagSpec("at", value: "FILE:LINE", help: "where in the code"),
                FlagSpec("evidence", value: "#N", kind: .entry, repeating: true, help: "the results that show it"),
                FlagSpec("question", value: "Q#", kind: .question, help: "the question it answers (default: the one in focus)")],
        examples: ["cause \"retainPayload appends every request body to a package-level slice\" --at main.go:42 --evidence #9"],
        role: .investigation)

    let text: String
    let location: String?
    let evidence: [Int64]
    let question: String?
    init(_ arguments: ParsedArguments) throws {
        text = arguments.argument("TEXT")!
        location = arguments.value("at")
        evidence = try arguments.values("evidence").map(EntryRef.parse)
        question = arguments.value("question")
    }

    func validate(in context: CommandContext) throws {
        if let location {
            let parts = location.split(separator: ":")
            guard parts.count >= 2, let line = Int(parts.last!), line > 0 else {
                throw WorkbenchError("cause: '\(location)' is not a location; use FILE:LINE, e.g. main.go:42")
            }
        }
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let inv = try context.investigation()
        let q: Int64
        if let question {
            guard case .question(let id) = try NodeRef.parse(question), inv.question(id) != nil else {
                throw WorkbenchError("cause: no question \(question)")
            }
            q = id
        } else if let focused = inv.focusedQuestionId {
            q = focused
        } else {
            throw WorkbenchError("cause: no question yet; ask one first")
        }
        for e in evidence where try context.store.entry(e) == nil { throw WorkbenchError("cause: no result #\(e)") }
        _ = try context.store.add(Finding(questionId: q, text: text, location: location, evidenceIds: evidence, createdAt: now()))
        struct Result: Codable, Sendable { var question: String; var cause: String; var location: String?; var evidence: [String] }
        return CommandResult(Result(question: "Q\(q)", cause: text, location: location, evidence: evidence.map { "#\($0)" }),
                             text: "Q\(q) answered: \(text)" + (location.map { " at \($0)" } ?? "") + "\n")
    }
}

/// `note TEXT`
struct NoteCommand: Command {
    static let spec = CommandSpec(
        "note", group: "Investigation", summary: "write a remark into the notebook, attached to what is in focus",
        arguments: [ArgumentSpec("TEXT", help: "the note", joinsRest: true)],
        examples: ["note \"deploy 4f2c at 10:02 added the payload cache\""], role: .investigation)

    let text: String
    init(_ arguments: ParsedArguments) throws { text = arguments.argument("TEXT")! }

    func run(in context: CommandContext) throws -> CommandResult {
        let inv = try context.investigation()
        let n = try context.store.add(Note(text: text, questionId: inv.focusedQuestionId,
                                           hypothesisId: inv.focusedHypothesisId, createdAt: now()))
        return CommandResult(NodeResult(id: "N\(n.id!)", text: text), text: "N\(n.id!) noted\n")
    }
}

/// `amend ID TEXT`
struct AmendCommand: Command {
    static let spec = CommandSpec(
        "amend", group: "Investigation", summary: "reword a question, hypothesis, finding or note; the earlier text is kept",
        arguments: [ArgumentSpec("ID", .node, help: "Q#, H#, F# (finding) or N# (note)"),
                    ArgumentSpec("TEXT", help: "the new text", joinsRest: true)],
        examples: ["amend H1 \"api retains request payloads\""], role: .investigation)

    let subject: String
    let id: Int64
    let text: String
    init(_ arguments: ParsedArguments) throws {
        let raw = arguments.argument("ID")!.uppercased()
        let kinds: [Character: String] = ["Q": "question", "H": "hypothesis", "F": "finding", "N": "note"]
        guard let k = raw.first, let subject = kinds[k], let n = Int64(raw.dropFirst()), n > 0 else {
            throw WorkbenchError("amend: '\(arguments.argument("ID")!)' is not an id (Q1, H2, F1, N3)")
        }
        self.subject = subject
        self.id = n
        text = arguments.argument("TEXT")!
    }

    func run(in context: CommandContext) throws -> CommandResult {
        do {
            try context.store.amend(subject: subject, id: id, newText: text)
        } catch let e as NotebookError where e.kind == .writeFailed && e.detail.hasPrefix("no ") {
            throw WorkbenchError("amend: \(e.detail)")
        }
        let label = String(subject.first!).uppercased() + "\(id)"
        return CommandResult(NodeResult(id: label, text: text), text: "\(label) now reads: \(text)\n")
    }
}

import Foundation
import GRDB

extension NotebookStore {
    /// Reads the whole investigation in one consistent snapshot.
    public func investigation() throws -> Investigation {
        try read { db in
            var inv = Investigation()
            inv.questions = try Question.order(Column("id")).fetchAll(db)
            inv.hypotheses = try Hypothesis.order(Column("id")).fetchAll(db)
            inv.predictions = try Prediction.order(Column("id")).fetchAll(db)
            inv.evidence = try Evidence.order(Column("id")).fetchAll(db)
            inv.verdicts = try Verdict.order(Column("id")).fetchAll(db)
            inv.findings = try Finding.order(Column("id")).fetchAll(db)
            inv.notes = try Note.order(Column("id")).fetchAll(db)
            inv.amendments = try Amendment.order(Column("id")).fetchAll(db)
            inv.focus = try Self.readFocus(db)
            return inv
        }
    }

    public func add(_ question: Question) throws -> Question {
        var q = question
        try write { db in try q.insert(db) }
        return q
    }

    /// Adds a hypothesis with its predictions in one transaction.
    public func add(_ hypothesis: Hypothesis, predictions: [Prediction]) throws -> (Hypothesis, [Prediction]) {
        try write { db in
            var h = hypothesis
            try h.insert(db)
            var saved: [Prediction] = []
            for var p in predictions {
                p.hypothesisId = h.id!
                try p.insert(db)
                saved.append(p)
            }
            return (h, saved)
        }
    }

    public func add(_ prediction: Prediction) throws -> Prediction {
        var p = prediction
        try write { db in try p.insert(db) }
        return p
    }

    public func add(_ evidence: Evidence) throws -> Evidence {
        var e = evidence
        try write { db in try e.insert(db) }
        return e
    }

    public func add(_ verdict: Verdict) throws -> Verdict {
        var v = verdict
        try write { db in try v.insert(db) }
        return v
    }

    public func add(_ finding: Finding) throws -> Finding {
        var f = finding
        try write { db in try f.insert(db) }
        return f
    }

    public func add(_ note: Note) throws -> Note {
        var n = note
        try write { db in try n.insert(db) }
        return n
    }

    /// Replaces the text of a question, hypothesis, prediction, finding or note, keeping the old text.
    public func amend(subject: String, id: Int64, newText: String) throws {
        let table: String
        switch subject {
        case "question", "hypothesis", "prediction", "finding", "note": table = subject
        default: throw NotebookError(.writeFailed, path: path, "cannot amend a '\(subject)'")
        }
        try write { db in
            guard let old = try String.fetchOne(db, sql: "SELECT text FROM \(table) WHERE id = ?", arguments: [id]) else {
                throw NotebookError(.writeFailed, path: path, "no \(subject) \(id) to amend")
            }
            var amendment = Amendment(subject: subject, subjectId: id, previousText: old,
                                      replacedAt: Date().timeIntervalSince1970)
            try amendment.insert(db)
            try db.execute(sql: "UPDATE \(table) SET text = ? WHERE id = ?", arguments: [newText, id])
        }
    }

    public func setFocus(_ focus: Focus) throws {
        let value: String
        switch focus {
        case .none: value = ""
        case .question(let q): value = "Q\(q)"
        case .hypothesis(let h): value = "H\(h)"
        }
        try write { db in
            try db.execute(sql: "INSERT INTO state(key, value) VALUES('focus', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [value])
        }
    }

    public func focus() throws -> Focus {
        try read { db in try Self.readFocus(db) }
    }

    static func readFocus(_ db: Database) throws -> Focus {
        guard let value = try String.fetchOne(db, sql: "SELECT value FROM state WHERE key = 'focus'"),
              let kind = value.first, let id = Int64(value.dropFirst()) else { return .none }
        return kind == "H" ? .hypothesis(id) : .question(id)
    }
}

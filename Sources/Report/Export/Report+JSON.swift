import Notebook

extension Report {
    /// The complete notebook as one self-describing JSON document, schema version `jsonSchemaVersion`
    /// (docs/json-export.md describes every key; `ExportedNotebook` decodes it).
    ///
    /// Keys are written in a fixed order and every optional is an explicit `null`, so the same notebook
    /// always exports to the same bytes. Each entry's stored result is embedded as JSON, not as a string.
    public func json() -> String {
        jsonValue().serialized(pretty: true) + "\n"
    }

    /// The export as a `JSONValue`.
    public func jsonValue() -> JSONValue {
        let notebook: JSONValue = .object([
            ("path", .string(notebookPath)),
            ("schemaVersion", notebookSchemaVersion.map { .int(Int64($0)) } ?? .null),
        ])
        return .object([
            ("schemaVersion", .int(Int64(Report.jsonSchemaVersion))),
            ("generator", .string(generator)),
            ("notebook", notebook),
            ("sessions", .array(sessions.map(ExportJSON.session))),
            ("entries", .array(entries.map(ExportJSON.entry))),
            ("investigation", ExportJSON.investigation(investigation)),
        ])
    }
}

/// The JSON of each notebook record in the export (small functions: one literal per record type).
enum ExportJSON {
    static func id(_ v: Int64?) -> JSONValue { v.map { .int($0) } ?? .null }
    static func str(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
    static func ids(_ v: [Int64]) -> JSONValue { .array(v.map { .int($0) }) }

    static func session(_ s: Session) -> JSONValue {
        .object([("id", id(s.id)), ("startedAt", .double(s.startedAt)), ("sleuthVersion", .string(s.sleuthVersion)),
                 ("pid", .int(Int64(s.pid))), ("host", .string(s.host))])
    }

    static func entry(_ e: Entry) -> JSONValue {
        // A result that is not JSON (never written by Sleuth) is kept as its text.
        let result: JSONValue = (try? JSONValue(parsing: e.result)) ?? .string(e.result)
        let status: JSONValue = .string(e.status == .ok ? "ok" : "failed")
        return .object([
            ("id", id(e.id)), ("session", .int(e.sessionId)), ("line", .string(e.line)),
            ("command", .string(e.command)), ("startedAt", .double(e.startedAt)), ("endedAt", .double(e.endedAt)),
            ("status", status), ("result", result), ("text", .string(e.text)),
            ("hypothesis", id(e.hypothesisId)), ("question", id(e.questionId)),
        ])
    }

    static func question(_ q: Question) -> JSONValue {
        .object([("id", id(q.id)), ("text", .string(q.text)), ("parentHypothesis", id(q.parentHypothesisId)),
                 ("createdAt", .double(q.createdAt))])
    }

    static func hypothesis(_ h: Hypothesis) -> JSONValue {
        .object([("id", id(h.id)), ("question", .int(h.questionId)), ("text", .string(h.text)),
                 ("createdAt", .double(h.createdAt))])
    }

    static func prediction(_ p: Prediction) -> JSONValue {
        .object([("id", id(p.id)), ("hypothesis", .int(p.hypothesisId)), ("text", .string(p.text)),
                 ("kind", str(p.kind)), ("expected", str(p.expected)), ("createdAt", .double(p.createdAt))])
    }

    static func evidence(_ e: Evidence) -> JSONValue {
        .object([("id", id(e.id)), ("entry", .int(e.entryId)), ("hypothesis", .int(e.hypothesisId)),
                 ("relation", .string(e.relation.rawValue)), ("reason", str(e.reason)),
                 ("createdAt", .double(e.createdAt))])
    }

    static func verdict(_ v: Verdict) -> JSONValue {
        .object([("id", id(v.id)), ("hypothesis", .int(v.hypothesisId)), ("outcome", .string(v.outcome.rawValue)),
                 ("reason", str(v.reason)), ("entries", ids(v.evidenceIds)), ("createdAt", .double(v.createdAt))])
    }

    static func finding(_ f: Finding) -> JSONValue {
        .object([("id", id(f.id)), ("question", .int(f.questionId)), ("text", .string(f.text)),
                 ("location", str(f.location)), ("entries", ids(f.evidenceIds)), ("createdAt", .double(f.createdAt))])
    }

    static func note(_ n: Note) -> JSONValue {
        .object([("id", id(n.id)), ("text", .string(n.text)), ("question", id(n.questionId)),
                 ("hypothesis", id(n.hypothesisId)), ("createdAt", .double(n.createdAt))])
    }

    static func amendment(_ a: Amendment) -> JSONValue {
        .object([("id", id(a.id)), ("subject", .string(a.subject)), ("subjectId", .int(a.subjectId)),
                 ("previousText", .string(a.previousText)), ("replacedAt", .double(a.replacedAt))])
    }

    static func focus(_ f: Focus) -> JSONValue {
        switch f {
        case .none: return .object([("kind", .string("none")), ("id", .null)])
        case .question(let q): return .object([("kind", .string("question")), ("id", .int(q))])
        case .hypothesis(let h): return .object([("kind", .string("hypothesis")), ("id", .int(h))])
        }
    }

    static func investigation(_ inv: Investigation) -> JSONValue {
        .object([
            ("questions", .array(inv.questions.map(question))),
            ("hypotheses", .array(inv.hypotheses.map(hypothesis))),
            ("predictions", .array(inv.predictions.map(prediction))),
            ("evidence", .array(inv.evidence.map(evidence))),
            ("verdicts", .array(inv.verdicts.map(verdict))),
            ("findings", .array(inv.findings.map(finding))),
            ("notes", .array(inv.notes.map(note))),
            ("amendments", .array(inv.amendments.map(amendment))),
            ("focus", focus(inv.focus)),
        ])
    }
}

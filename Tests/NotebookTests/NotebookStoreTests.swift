import Foundation
import GRDB
import Testing
@testable import Notebook

func temporaryDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "sleuth-nb-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func entry(_ session: Int64, _ line: String) -> Entry {
    Entry(sessionId: session, line: line, command: line, startedAt: 1, endedAt: 2, status: .ok, result: "{}", text: line)
}

@Suite struct NotebookStoreTests {
    @Test func createsAPrivateWALNotebookAtTheCurrentSchema() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/n.sleuth"
        let store = try NotebookStore(path: path)
        let s = try store.beginSession(version: "test")
        _ = try store.record(entry(s.id!, "help"))
        #expect(try store.schemaVersion() == NotebookSchema.currentVersion)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let journal = try store.dbQueue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            let m = try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? Int
            #expect(m == 0o600, "\(suffix) is \(String(m ?? 0, radix: 8))")
        }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func migratesAnEmptyFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/empty.sleuth"
        FileManager.default.createFile(atPath: path, contents: Data())
        let store = try NotebookStore(path: path)
        #expect(try store.schemaVersion() == NotebookSchema.currentVersion)
        #expect(try store.entries().isEmpty)
    }

    @Test func resumingContinuesIds() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/n.sleuth"
        do {
            let store = try NotebookStore(path: path)
            let s = try store.beginSession(version: "t")
            _ = try store.record(entry(s.id!, "a"))
            _ = try store.record(entry(s.id!, "b"))
            try store.setFocus(.hypothesis(4))
        }
        let store = try NotebookStore(path: path)
        let s = try store.beginSession(version: "t")
        #expect(s.id == 2)
        #expect(try store.record(entry(s.id!, "c")).id == 3)
        #expect(try store.entries().map(\.line) == ["a", "b", "c"])
        #expect(try store.focus() == .hypothesis(4))
    }

    @Test func aSecondWriterIsRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/n.sleuth"
        let first = try NotebookStore(path: path)
        defer { withExtendedLifetime(first) {} }
        #expect(throws: NotebookError(.inUse, path: path, "is open in another sleuth process; close it there first")) {
            try NotebookStore(path: path)
        }
        // Reading (an export) is still possible while it is in use.
        let reader = try NotebookStore(path: path, readOnly: true)
        #expect(try reader.entries().isEmpty)
    }

    @Test func notANotebook() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/text.sleuth"
        try "this is not sqlite, just text that is long enough to have a header".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: NotebookError.self) { try NotebookStore(path: path) }
        do { _ = try NotebookStore(path: path) } catch let e as NotebookError {
            #expect(e.kind == .notANotebook)
            #expect(e.description.hasPrefix("notebook '\(path)': is not a Sleuth notebook"))
        }
        #expect(throws: NotebookError(.notFound, path: dir + "/none", "no such file")) {
            try NotebookStore(path: dir + "/none", create: false)
        }
    }

    @Test func aNewerSchemaIsRefusedByName() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/new.sleuth"
        do {
            let store = try NotebookStore(path: path)
            try store.dbQueue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')")
            }
        }
        do {
            _ = try NotebookStore(path: path)
            Issue.record("a newer notebook was opened")
        } catch let e as NotebookError {
            #expect(e.kind == .newerSchema)
            #expect(e.description.contains("newer Sleuth"))
        }
    }

    /// The committed example of each schema version still opens, migrates and reads.
    @Test(arguments: ["v1-commands.sleuth", "v2-investigation.sleuth", "v3-profiles.sleuth"])
    func committedExamplesStillDecode(_ name: String) throws {
        let source = Bundle.module.path(forResource: name, ofType: nil, inDirectory: "Fixtures")!
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + name
        try FileManager.default.copyItem(atPath: source, toPath: path)
        let store = try NotebookStore(path: path)
        let entries = try store.entries()
        #expect(entries.map(\.line) == ["help", "history"])
        #expect(entries.allSatisfy { $0.hypothesisId == nil })
        #expect(try store.schemaVersion() == NotebookSchema.currentVersion)
        if name != "v1-commands.sleuth" {
            let inv = try store.investigation()
            #expect(inv.focus == .hypothesis(1))
            #expect(inv.predictions.first?.kind == "trend")
        }
        if name == "v3-profiles.sleuth" {
            #expect(try store.profile(named: "p1")?.bytes == Data([0x1f, 0x8b]))
        }
    }

    @Test func investigationRoundTrip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/n.sleuth"
        do {
            let store = try NotebookStore(path: path)
            let q = try store.add(Question(text: "why", createdAt: 1))
            let (h, preds) = try store.add(Hypothesis(questionId: q.id!, text: "leak", createdAt: 2),
                                           predictions: [Prediction(hypothesisId: 0, text: "growing", kind: "trend", expected: "growing", createdAt: 2)])
            #expect(preds[0].hypothesisId == h.id)
            let s = try store.beginSession(version: "t")
            let e = try store.record(entry(s.id!, "sample"))
            _ = try store.add(Evidence(entryId: e.id!, hypothesisId: h.id!, relation: .supports, reason: "grows", createdAt: 3))
            _ = try store.add(Verdict(hypothesisId: h.id!, outcome: .supported, reason: nil, evidenceIds: [e.id!], createdAt: 4))
            _ = try store.add(Finding(questionId: q.id!, text: "cause", location: "a.go:1", evidenceIds: [1], createdAt: 5))
            try store.setFocus(.question(q.id!))
        }
        let inv = try NotebookStore(path: path).investigation()
        #expect(inv.questions.count == 1 && inv.hypotheses.count == 1)
        #expect(inv.verdict(of: 1)?.evidenceIds == [1])
        #expect(inv.isAnswered(1))
        #expect(inv.focus == .question(1))
        #expect(inv.predictions(of: 1).first?.kind == "trend")
    }
}

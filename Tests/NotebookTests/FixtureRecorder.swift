import Foundation
import GRDB
import Testing
@testable import Notebook

/// Writes the committed example notebook of each schema version. Run by hand when a version ships:
/// `SLEUTH_RECORD_FIXTURES=1 swift test --filter FixtureRecorder`.
@Suite struct FixtureRecorder {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SLEUTH_RECORD_FIXTURES"] == "1", "records fixtures on request only"))
    func recordV1() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/v1-commands.sleuth"
        try? FileManager.default.removeItem(atPath: path)
        let queue = try DatabaseQueue(path: path)
        try NotebookSchema.migrator.migrate(queue, upTo: "v1-commands")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO session(startedAt, sleuthVersion, pid, host) VALUES (1764201600, '0.1.0', 1, 'fixture')")
            for (i, line) in ["help", "history"].enumerated() {
                try db.execute(sql: "INSERT INTO entry(sessionId, line, command, startedAt, endedAt, status, result, text) VALUES (1, ?, ?, ?, ?, 0, '{}', '')",
                               arguments: [line, line, 1764201601 + i, 1764201601 + i])
            }
        }
        try queue.close()
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["SLEUTH_RECORD_FIXTURES"] == "1", "records fixtures on request only"))
    func recordV2AndV3() throws {
        for (version, migration) in [("v2-investigation", "v2-investigation"), ("v3-profiles", "v3-profiles")] {
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/\(version).sleuth"
            try? FileManager.default.removeItem(atPath: path)
            let queue = try DatabaseQueue(path: path)
            try NotebookSchema.migrator.migrate(queue, upTo: migration)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO session(startedAt, sleuthVersion, pid, host) VALUES (1764201600, '0.1.0', 1, 'fixture')")
                for (i, line) in ["help", "history"].enumerated() {
                    try db.execute(sql: "INSERT INTO entry(sessionId, line, command, startedAt, endedAt, status, result, text) VALUES (1, ?, ?, ?, ?, 0, '{}', '')",
                                   arguments: [line, line, 1764201601 + i, 1764201601 + i])
                }
                try db.execute(sql: "INSERT INTO question(text, createdAt) VALUES ('why?', 1764201603)")
                try db.execute(sql: "INSERT INTO hypothesis(questionId, text, createdAt) VALUES (1, 'leak', 1764201604)")
                try db.execute(sql: "INSERT INTO prediction(hypothesisId, text, kind, expected, createdAt) VALUES (1, 'growing', 'trend', 'growing', 1764201604)")
                try db.execute(sql: "INSERT INTO state(key, value) VALUES ('focus', 'H1')")
                if migration == "v3-profiles" {
                    try db.execute(sql: "INSERT INTO profile(name, source, kind, bytes, loadedAt) VALUES ('p1', 'heap.pb.gz', 'heap', x'1f8b', 1764201605)")
                }
            }
            try queue.close()
        }
    }
}

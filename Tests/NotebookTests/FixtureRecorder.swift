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
}

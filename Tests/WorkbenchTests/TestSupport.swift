import Foundation
import Notebook
@testable import Workbench

/// A workbench on a fresh notebook in a temporary directory.
final class Bench {
    let dir: String
    let store: NotebookStore
    let wb: Workbench

    init() throws {
        dir = NSTemporaryDirectory() + "sleuth-wb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        store = try NotebookStore(path: dir + "/n.sleuth")
        wb = try Workbench(store: store)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    func run(_ line: String) -> CommandOutcome {
        wb.run(line)!
    }

    /// Runs a line that must succeed and returns its output.
    func ok(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let o = run(line)
        if o.status != .ok { Issue.record("'\(line)' failed: \(o.error ?? "")", sourceLocation: sourceLocation) }
        return o.output
    }

    /// Records a result as if an experiment command had produced it.
    @discardableResult
    func recordResult(command: String, json: String, line: String? = nil) throws -> Int64 {
        let inv = try store.investigation()
        let e = Entry(sessionId: wb.session.id!, line: line ?? command, command: command, startedAt: 0, endedAt: 0,
                      status: .ok, result: json, text: "", hypothesisId: inv.focusedHypothesisId,
                      questionId: inv.focusedQuestionId)
        return try store.record(e).id!
    }
}

import Testing

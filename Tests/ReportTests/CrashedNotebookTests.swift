import Foundation
import Notebook
import Testing
@testable import Report

/// Exports read a notebook whose writer is still running or died without closing it.
@Suite struct CrashedNotebookTests {
    /// Copies the notebook and its -wal/-shm while the writer holds it open: the copy is what a writer
    /// killed with SIGKILL leaves behind (commits in the WAL, never checkpointed, no clean close).
    @Test func aNotebookLeftByAKilledWriterExports() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let live = dir + "/live.sleuth", crashed = dir + "/crashed.sleuth"
        let writer = try NotebookStore(path: live)
        try FixtureNotebook.populate(writer)
        #expect(FileManager.default.fileExists(atPath: live + "-wal"))
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: live + suffix) {
            try FileManager.default.copyItem(atPath: live + suffix, toPath: crashed + suffix)
        }
        let report = try Report(store: NotebookStore(path: crashed, readOnly: true), generator: "sleuth 0.1.0")
        #expect(report.entries.count == 20)
        #expect(report.entries.last?.command == "amend")
        #expect(report.investigation.findings.count == 1)
        #expect(report.markdown(chartFilePrefix: nil).text.contains("retainPayload appends every request body"))
        #expect(try ExportedNotebook.decode(Data(report.json().utf8)).entries.count == 20)
        withExtendedLifetime(writer) {}
    }

    @Test func aNotebookInUseByAnotherWriterExports() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/busy.sleuth"
        let writer = try NotebookStore(path: path)
        try FixtureNotebook.populate(writer)
        let report = try Report(store: NotebookStore(path: path, readOnly: true), generator: "sleuth 0.1.0")
        #expect(report.entries.count == 20)
        withExtendedLifetime(writer) {}
    }

    @Test func writingPutsTheChartsBesideTheMarkdownPrivately() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try report.write(.markdown, to: dir + "/postmortem.md")
        #expect(written.map { ($0 as NSString).lastPathComponent } ==
                ["postmortem.md", "postmortem-6-memory.svg", "postmortem-12-growth.svg", "postmortem-13-flame.svg"])
        for path in written {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path)")
        }
        let md = try String(contentsOfFile: dir + "/postmortem.md", encoding: .utf8)
        #expect(md == report.markdown(chartFilePrefix: "postmortem").text)
        #expect(throws: ReportError.self) { try report.write(.html, to: dir + "/no/such/dir/r.html") }
    }
}

import Foundation
import Notebook
import Testing
@testable import Report

/// The fixed notebook's exports, compared with the committed snapshots.
@Suite struct ReportSnapshotTests {
    /// The report of the fixed notebook, read back through a read-only store as `sleuth export` does.
    static func fixtureReport() throws -> (Report, String) {
        let dir = try temporaryDirectory()
        let path = dir + "/incident.sleuth"
        try FixtureNotebook.build(at: path)
        var report = try Report(store: NotebookStore(path: path, readOnly: true), generator: "sleuth 0.1.0")
        // The export names the notebook as the user gave it; the temporary directory would change every run.
        report.notebookPath = "incident.sleuth"
        // The notebook file's schema version grows with Notebook's migrations, which do not change the
        // export's shape: pinned, so a new migration does not rewrite the committed example.
        report.notebookSchemaVersion = 3
        return (report, dir)
    }

    @Test func markdownMatchesTheSnapshot() throws {
        let (report, dir) = try Self.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rendered = report.markdown(chartFilePrefix: "postmortem")
        try assertSnapshot(rendered.text, named: "postmortem.md")
        #expect(rendered.charts.map(\.fileName) == ["postmortem-6-memory.svg", "postmortem-12-growth.svg", "postmortem-13-flame.svg"])
        for chart in rendered.charts {
            #expect(rendered.text.contains("](\(chart.fileName))"))
            #expect(chart.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        }
    }

    @Test func jsonMatchesTheCommittedExampleOfVersion1() throws {
        let (report, dir) = try Self.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try assertSnapshot(report.json(), named: "export-v1.json")
    }

    @Test func exportingTwiceGivesTheSameBytes() throws {
        let (report, dir) = try Self.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let again = try Report(store: NotebookStore(path: dir + "/incident.sleuth", readOnly: true), generator: "sleuth 0.1.0")
        var renamed = again
        renamed.notebookPath = "incident.sleuth"
        renamed.notebookSchemaVersion = 3
        #expect(renamed.json() == report.json())
        #expect(renamed.html() == report.html())
        #expect(renamed.markdown(chartFilePrefix: "p") == report.markdown(chartFilePrefix: "p"))
    }

    @Test func markdownWithoutAChartPrefixLinksNoFiles() throws {
        let (report, dir) = try Self.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rendered = report.markdown(chartFilePrefix: nil)
        #expect(rendered.charts.isEmpty)
        #expect(!rendered.text.contains(".svg)"))
    }
}

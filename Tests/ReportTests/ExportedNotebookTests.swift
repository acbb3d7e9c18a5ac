import Foundation
import Notebook
import Testing
@testable import Report

/// The JSON export's schema: the committed example of each version must keep decoding.
@Suite struct ExportedNotebookTests {
    static func committedExample(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        return try Data(contentsOf: url)
    }

    @Test func theCommittedVersion1ExampleDecodes() throws {
        let exported = try ExportedNotebook.decode(Self.committedExample("export-v1.json"), path: "export-v1.json")
        #expect(exported.schemaVersion == 1)
        #expect(exported.generator == "sleuth 0.1.0")
        #expect(exported.notebook == .init(path: "incident.sleuth", schemaVersion: 3))
        #expect(exported.sessions.count == 1)
        #expect(exported.sessions[0].host == "build-01")
        #expect(exported.entries.count == 20)
        #expect(exported.entries.map(\.id) == Array(1...20))
        let sample = try #require(exported.entries.first { $0.command == "sample" })
        #expect(sample.result.value(at: "analysis.verdict")?.stringValue == "growing")
        #expect(sample.result.value(at: "samples.count")?.numberValue == 61)
        #expect(sample.hypothesis == 1 && sample.question == 1)
        let failed = try #require(exported.entries.first { $0.status == "failed" })
        #expect(failed.command == "heap tpo")
        #expect(exported.investigation.questions.map(\.parentHypothesis) == [nil, 1])
        #expect(exported.investigation.verdicts.map(\.outcome) == ["supported", "refuted"])
        #expect(exported.investigation.verdicts[0].entries == [6, 7, 12])
        #expect(exported.investigation.findings.first?.location == "main.go:42")
        #expect(exported.investigation.focus == .init(kind: "question", id: 2))
        #expect(exported.investigation.amendments.map(\.previousText) == ["api leaks memory"])
        #expect(exported.investigation.hypotheses[0].text == "api leaks memory per request")
    }

    @Test func theExportDecodesToTheNotebookItCameFrom() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let exported = try ExportedNotebook.decode(Data(report.json().utf8))
        #expect(exported.entries.count == report.entries.count)
        for (x, e) in zip(exported.entries, report.entries) {
            #expect(x.id == e.id && x.line == e.line && x.command == e.command && x.text == e.text)
            #expect(x.startedAt == e.startedAt && x.endedAt == e.endedAt)
            // Key order is the decoder's; compare the values by their canonical text.
            #expect(Canonical.text(x.result) == Canonical.text(JSONValue(lenient: e.result)), "#\(e.id!)")
        }
        #expect(exported.investigation.hypotheses.map(\.text) == report.investigation.hypotheses.map(\.text))
        #expect(exported.investigation.evidence.map(\.entry) == report.investigation.evidence.map(\.entryId))
        #expect(exported.investigation.notes.map(\.text) == report.investigation.notes.map(\.text))
    }

    @Test func aNewerSchemaVersionIsRefusedByName() throws {
        var text = String(decoding: try Self.committedExample("export-v1.json"), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"schemaVersion\": 1,", with: "\"schemaVersion\": 2,")
        #expect(throws: ReportError(path: "new.json", "written by a newer Sleuth (JSON schema version 2); this Sleuth reads up to version 1")) {
            try ExportedNotebook.decode(Data(text.utf8), path: "new.json")
        }
    }

    @Test func aTruncatedExportNamesWhatIsMissing() throws {
        let text = #"{"schemaVersion": 1, "generator": "sleuth 0.1.0", "notebook": {"path": "x", "schemaVersion": null}, "sessions": []}"#
        #expect(throws: ReportError(path: "x.json", "missing key 'entries'")) {
            try ExportedNotebook.decode(Data(text.utf8), path: "x.json")
        }
    }
}

/// JSON with object keys sorted, for comparing values whatever the key order.
enum Canonical {
    static func text(_ v: JSONValue) -> String { sorted(v).serialized() }
    static func sorted(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let m): return .object(m.map { ($0.key, sorted($0.value)) }.sorted { $0.0 < $1.0 })
        case .array(let a): return .array(a.map(sorted))
        case .int(let n): return .double(Double(n))
        default: return v
        }
    }
}

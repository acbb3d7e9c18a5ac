import Foundation
import Notebook
import Testing
@testable import Report

/// Results of any shape render: keys missing, null, of another type, or no JSON at all.
@Suite struct NotebookShapesTests {
    static func report(_ results: [(String, String)]) -> Report {
        let entries = results.enumerated().map { i, r in
            Entry(id: Int64(i + 1), sessionId: 1, line: r.0, command: r.0, startedAt: 1_764_151_200 + Double(i),
                  endedAt: 1_764_151_200.5 + Double(i), status: .ok, result: r.1, text: "output of \(r.0)\n")
        }
        return Report(notebookPath: "odd.sleuth", generator: "sleuth test",
                      sessions: [Session(id: 1, startedAt: 1_764_151_200, sleuthVersion: "0.1.0", pid: 1, host: "h")],
                      entries: entries, investigation: Investigation())
    }

    @Test func oddResultsRenderInEveryFormat() throws {
        let report = Self.report([
            ("dmesg", "{}"), ("dmesg", #"{"events":[null,1,{"victim":null,"time":null},{"time":{"wallClock":"not a time"}}]}"#),
            ("sample", #"{"samples":[]}"#), ("sample", #"{"samples":[{"t":0},{"t":"x"},{"t":5,"rssKiB":null}]}"#),
            ("sample", #"{"samples":[{"t":0,"rssKiB":100}],"analysis":{"verdict":"growing","slopeKiBPerSecond":1,"forecast":{"secondsToLimit":5}}}"#),
            ("trend", #"{"samples":[{"t":0,"cgroupUsageKiB":10,"work":null},{"t":1,"cgroupUsageKiB":20}],"analysis":{"troughFit":{"slopeKiBPerSecond":"x"}}}"#),
            ("heap top", #"{"rows":[{"name":null},{}]}"#), ("heap growth", #"{"sites":[{"values":[null,1]}]}"#),
            ("heap load", #"{"flame":{"name":"root","value":0}}"#), ("heap load", #"{"flame":{"value":10,"children":[{"value":-1},{"value":20}]}}"#),
            ("ps", #"{"processes":[{"pid":1,"name":"init","rssKiB":1024}]}"#), ("goroutines", "[1,2,3]"),
            ("sample", "this is not JSON"), ("ask", "null"),
        ])
        let md = report.markdown(chartFilePrefix: "c")
        #expect(md.text.contains("# Postmortem: Sleuth notebook odd.sleuth"))
        #expect(md.text.contains("No root cause recorded yet."))
        let html = report.html()
        #expect(html.hasSuffix("</html>\n"))
        let json = try JSONValue(parsing: report.json())
        #expect(json.value(at: "entries.count")?.numberValue == 14)
        // A result that is not JSON is kept as its text.
        #expect(json.value(at: "entries.12.result")?.stringValue == "this is not JSON")
        #expect(json.value(at: "entries.13.result") == .null)
        // The generic rendering shows the first list of records as a table.
        #expect(md.text.contains("| pid | name | rssKiB |"))
    }

    @Test func anEmptyNotebookRenders() throws {
        let report = Report(notebookPath: "empty.sleuth", generator: "sleuth test", sessions: [], entries: [],
                            investigation: Investigation())
        #expect(report.markdown(chartFilePrefix: "x").text.contains("No experiment was run."))
        #expect(report.html().contains("No question was asked in this notebook."))
        let decoded = try ExportedNotebook.decode(Data(report.json().utf8))
        #expect(decoded.entries.isEmpty && decoded.investigation.focus.kind == "none")
    }

    @Test func formatsAreNamedByWordOrExtension() {
        #expect(ReportFormat(name: "md") == .markdown)
        #expect(ReportFormat(name: "Markdown") == .markdown)
        #expect(ReportFormat(name: "htm") == .html)
        #expect(ReportFormat(name: "json") == .json)
        #expect(ReportFormat(name: "pdf") == nil)
        #expect(ReportFormat.allCases.map(\.fileExtension) == ["md", "json", "html"])
    }

    @Test func timesAreReadFromEveryISOForm() throws {
        let z = try #require(WallClockTime(iso: "2025-11-26T09:41:07.512340+00:00"))
        #expect(abs(z.epoch - 1_764_150_067.51234) < 1e-6 && !z.offsetUnknown)
        #expect(WallClockTime(iso: "2025-11-26T10:41:07+0100")?.epoch == 1_764_150_067)
        #expect(WallClockTime(iso: "2025-11-26 09:41:07,5Z")?.epoch == 1_764_150_067.5)
        #expect(WallClockTime(iso: "2025-11-26T09:41:07")?.offsetUnknown == true)
        #expect(WallClockTime(iso: "Nov 26 09:41:07") == nil)
        #expect(Format.utc(1_764_150_067.9) == "2025-11-26 09:41:07 UTC")
        #expect(Format.utc(0) == "1970-01-01 00:00:00 UTC")
        #expect(Format.utc(951_782_400) == "2000-02-29 00:00:00 UTC")
    }

    @Test func sizesRatesAndDurationsReadNaturally() {
        #expect(Format.kib(812) == "812 KiB")
        #expect(Format.kib(524_288) == "512.0 MiB")
        #expect(Format.kib(1_572_864) == "1.50 GiB")
        #expect(Format.bytes(94_371_840) == "90.0 MiB")
        #expect(Format.rate(420) == "420 KiB/s (24.6 MiB/min)")
        #expect(Format.duration(112) == "1 min 52 s")
        #expect(Format.duration(11_100) == "3 h 5 min")
        #expect(Format.duration(45) == "45 s")
    }
}

import Foundation
import Notebook
import Testing
@testable import Workbench

/// The heap commands on real Go profiles committed with the HeapProfile tests.
@Suite struct HeapCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("HeapProfileTests/Fixtures").path

    @Test func loadTopDiffGrowthListAndTheStoredBytes() throws {
        let b = try Bench()
        let f = Self.fixtures
        _ = b.ok("heap load \(f)/heap-series-1.pb.gz")
        _ = b.ok("heap load \(f)/heap-series-3.pb.gz --name mid")
        _ = b.ok("heap load \(f)/heap-series-5.pb.gz")
        #expect(b.run("heap load \(f)/heap-series-5.pb.gz --name mid").error == "error: a profile named 'mid' already exists; choose another --name")
        let load = try JSONValue(parsing: b.ok("show #1 --json"))
        #expect(load.value(at: "name")?.stringValue == "p1")
        #expect(load.value(at: "defaultSampleIndex")?.stringValue == "inuse_space")
        #expect(load.value(at: "flame.children.0.name") != nil)
        #expect(try b.store.profile(named: "mid")?.bytes.count == (try Data(contentsOf: URL(fileURLWithPath: "\(f)/heap-series-3.pb.gz"))).count)

        let top = try JSONValue(parsing: b.ok("heap top 3 --json"))
        #expect(top.value(at: "sampleIndex")?.stringValue == "inuse_space")
        #expect(top.value(at: "rows.0.name")?.stringValue == "main.retainRequestBuffer")
        #expect(top.value(at: "rows.count")?.numberValue == 3)

        let growth = try JSONValue(parsing: b.ok("heap growth p1 mid p2 --json"))
        let suspects = growth.value(at: "sites")?.arrayValue?.filter { $0["suspect"] == .bool(true) }
        #expect(suspects?.compactMap { $0["name"]?.stringValue } == ["main.retainRequestBuffer"])

        let diff = try JSONValue(parsing: b.ok("heap diff p1 p2 --json"))
        #expect(diff.value(at: "rows.0.name")?.stringValue == "main.retainRequestBuffer")
        #expect((diff.value(at: "rows.0.flat")?.numberValue ?? 0) > 0)
        let shrink = try JSONValue(parsing: b.ok("heap diff p2 p1 --json"))
        #expect((shrink.value(at: "rows.0.flat")?.numberValue ?? 0) < 0)

        let list = try JSONValue(parsing: b.ok("heap list retainRequestBuffer --source-dir \(f)/goprog --json"))
        #expect(list.value(at: "hottest.function")?.stringValue == "main.retainRequestBuffer")
        #expect(list.value(at: "hottest.line")?.numberValue == 48)
        #expect(list.value(at: "report.routines.0.hasSource") == .bool(true))

        // Another workbench (a later session) re-analyses the stored bytes without its cache.
        let later = try Workbench(store: b.store)
        #expect(later.run("heap top 1 --profile mid --json")?.status == .ok)
    }

    @Test func growthRuleNamesTheSuspectAndHeapListGivesTheCauseLocation() throws {
        let b = try Bench()
        let f = Self.fixtures
        _ = b.ok("ask why does it grow")
        _ = b.ok("hyp the heap leaks --predict \"top-growth retainRequestBuffer\"")
        for n in [1, 3, 5] { _ = b.ok("heap load \(f)/heap-series-\(n).pb.gz") }
        let g = b.run("heap growth")
        let guide = b.ok("guide --all")
        #expect(guide.contains("evidence #\(g.entryId!) supports H1"))
        #expect(guide.contains("heap list '^main\\.retainRequestBuffer$'"))
        _ = b.ok("evidence #\(g.entryId!) supports H1")
        _ = b.ok("conclude H1 supported")
        _ = b.ok("heap list retainRequestBuffer")
        #expect(b.ok("guide").contains("--at sleuth.test/goprog/main.go:48"))
    }

    @Test func errors() throws {
        let b = try Bench()
        #expect(b.run("heap top").error == "error: no profile loaded yet; load one with 'heap load FILE|URL'")
        #expect(b.run("heap load /no/such.pb.gz").error == "error: cannot read '/no/such.pb.gz': no such file")
        #expect(b.run("heap load ftp://x/heap").error == "error: 'ftp://x/heap' is not a file or an http(s) URL")
        let garbage = b.dir + "/garbage.pb"
        try Data("definitely not a profile".utf8).write(to: URL(fileURLWithPath: garbage))
        let e = b.run("heap load \(garbage)")
        #expect(e.status == .failed)
        // One `error:` tag, then the located message: `error: FILE byte N: …`.
        #expect(e.error?.hasPrefix("error: \(garbage) byte ") == true, "\(e.error ?? "")")
        #expect(e.error?.contains(": error: ") == false)
        #expect(b.run("heap growth").error == "error: heap growth: needs at least two profiles (have 0)")
        #expect(b.run("heap load http://127.0.0.1:1/debug/pprof/heap").status == .failed)
    }
}

/// `trend` and `correlate` on series recorded elsewhere and on stored samples.
@Suite struct TrendCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ProcessSamplingTests/Fixtures").path

    @Test func psrecordLogIsGrowing() throws {
        let b = try Bench()
        let json = try JSONValue(parsing: b.ok("trend \(Self.fixtures)/psrecord-python-growing-512k-per-50ms.log --json"))
        // It grows for 2.2 s, then stays flat for its last half second: never steady.
        #expect(["growing", "warming-up"].contains(json.value(at: "analysis.verdict")?.stringValue ?? ""))
        #expect((json.value(at: "analysis.slopeKiBPerSecond")?.numberValue ?? 0) > 5000)
        #expect((json.value(at: "samples.count")?.numberValue ?? 0) > 10)
        #expect(json.value(at: "end.reason")?.stringValue == "recorded")
    }

    @Test func grafanaExportAndErrors() throws {
        let b = try Bench()
        #expect(b.run("trend \(Self.fixtures)/grafana-time-value-bytes.csv").status == .ok)
        let bad = b.run("trend \(Self.fixtures)/grafana-semicolon-bad-value.csv")
        #expect(bad.status == .failed)
        #expect(bad.error?.contains("grafana-semicolon-bad-value.csv:") == true)
        #expect(b.run("trend #42").error == "error: trend: no result #42")
        let ask = b.run("ask x").entryId!
        #expect(b.run("trend #\(ask)").error == "error: trend: #\(ask) is not a memory series (it is the result of 'ask')")
    }

    @Test func storedSampleIsReanalysedAndCorrelated() throws {
        let b = try Bench()
        var samples: [String] = []
        for i in 0..<40 {
            let mem = 100_000 + i * 500 + (i % 5) * 300
            samples.append(#"{"t":\#(Double(i)),"rssKiB":\#(mem),"work":\#(i * 10)}"#)
        }
        let n = try b.recordResult(command: "sample", json: #"{"target":{"pid":7,"name":"api"},"samples":[\#(samples.joined(separator: ","))],"end":{"reason":"completed"}}"#)
        let t = try JSONValue(parsing: b.ok("trend #\(n) --json"))
        #expect(t.value(at: "analysis.verdict")?.stringValue == "growing")
        let c = try JSONValue(parsing: b.ok("correlate #\(n) --json"))
        #expect((c.value(at: "analysis.work.correlation")?.numberValue ?? 0) > 0.9)
        let k = c.value(at: "analysis.work.kibPerUnit")?.numberValue ?? 0
        #expect(k > 40 && k < 60, "about 50 KiB per unit, got \(k)")
    }
}

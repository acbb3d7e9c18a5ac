import Foundation
import Testing
@testable import HeapProfile

@Suite struct QueryTests {
    @Test func tracesMatchGoToolPprof() throws {
        let ours = lines(try Fixture.profile("heap-leak-base.pb.gz").tracesText(timeZone: .utc))
        let theirs = try Fixture.pprof("heap-leak-base.traces")
        #expect(ours.count == theirs.count)
        for (n, (a, b)) in zip(ours, theirs).enumerated() { #expect(a == b, "line \(n + 1)") }
    }

    @Test func peekShowsCallersAndCallees() throws {
        let peek = try Fixture.profile("heap-leak-later.pb.gz").peek(#"main\.retain"#)
        #expect(peek.entries.map(\.name) == ["main.retainRequestBuffer", "main.retainRecord"])
        let record = try #require(peek.entries.last)
        // pprof -peek: 54.12kB from main.fixtures.func1; 53.12kB into main.newRecord (inline).
        #expect(record.callers.map(\.name) == ["main.fixtures.func1"])
        #expect(record.callers.first?.weight == 55424)
        #expect(record.callees.map(\.name) == ["main.newRecord"])
        #expect(record.callees.first?.inline == true)
        let pprof = try Fixture.pprof("heap-leak-later.peek-retain")
        #expect(pprof.contains { $0.hasSuffix("| main.retainRecord") && $0.contains("54.12kB") })
    }

    @Test func listShowsLinesWithSourceWhenReRooted() throws {
        let p = try Fixture.profile("heap-leak-later.pb.gz")
        let root = SourceRoot(profilePrefix: "sleuth.test/goprog/", localPrefix: Fixture.path("goprog/"))
        let list = try p.list(#"main\.retainRecord$"#, roots: [root])
        let routine = try #require(list.routines.first)
        #expect(routine.function == "main.retainRecord")
        #expect(routine.hasSource)
        let hot = try #require(routine.lines.first { $0.number == 57 })
        #expect(hot.source?.contains("records = append(records, newRecord(id, n))") == true)
        #expect(hot.flat == 1024 && hot.cum == 55424)
        // pprof's header line for the same routine: "1kB    54.12kB (flat, cum)  6.00% of Total".
        #expect(list.text().contains("       1kB    54.12kB (flat, cum)  6.00% of Total"))
        let noSource = try p.list(#"main\.retainRecord$"#)
        #expect(noSource.routines.first?.hasSource == false)
        #expect(noSource.routines.first?.lines.map(\.number) == [57])
    }

    @Test func legacyTextHeapProfileHasPprofsTotalsAndMemStats() throws {
        let p = try Fixture.profile("heap-leak-later.debug1.txt")
        #expect(p.format == .legacyHeapText)
        #expect(p.sampleTypes.map(\.type) == ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"])
        for (sampleIndex, name) in [(nil, "heap-leak-later-debug1.top"), ("alloc_space", "heap-leak-later-debug1.top-alloc_space")] {
            let top = try p.top(QueryOptions(sampleIndex: sampleIndex))
            let pprofTotal = try Fixture.pprof(name).first { $0.hasPrefix("Showing nodes accounting for") }
            let total = Measurement.scaledLabel(top.total, from: "bytes", to: "minimum")
            #expect(pprofTotal?.hasSuffix("of \(total) total") == true, "\(pprofTotal ?? "") vs \(total)")
        }
        // Frames come from the "#" lines, so names resolve without the binary.
        #expect(try p.top().rows.first?.name == "main.retainRequestBuffer")
        let stats = try #require(p.memStats)
        #expect(stats.heapAlloc == 1_069_024 && stats.heapInuse == 1_515_520 && stats.sys == 19_248_392)
        #expect(stats.numGC == 8 && stats["StackInuse"] == 294_912)
    }

    @Test func legacyHeapSamplesAreUnsampledAsPprofDoes() throws {
        let text = """
            heap profile: 1: 1024 [2: 2048] @ heap/1048576
            1: 1024 [2: 2048] @ 0x1001 0x2001
            #\t0x1000\tmain.leak+0x10\t/src/main.go:12
            #\t0x2000\tmain.main+0x20\t/src/main.go:30

            """
        let p = try Profile(decoding: Array(text.utf8))
        // rate 1048576/2; scale = 1/(1-exp(-1024/524288)).
        let scale = 1 / (1 - exp(-1024.0 / 524288))
        #expect(p.value(0, 3) == Int64(1024 * scale))
        #expect(p.value(0, 1) == Int64(2048 * scale))
        #expect(try p.top().rows.map(\.name) == ["main.leak", "main.main"])
    }

    @Test func malformedLegacyTextNamesTheLine() {
        let text = "heap profile: 1: 1024 [2: 2048] @ heap/1048576\n1: x [2: 2048] @ 0x1001\n"
        let e = #expect(throws: HeapProfileError.self) { try Profile(decoding: Array(text.utf8)) }
        #expect(e?.description == "profile line 2: error: heap sample: \"x\" is not an integer")
    }

    @Test func goroutineFormatsAgree() throws {
        let proto = try Fixture.profile("goroutine-parked.pb.gz").goroutineGroups()
        let debug1 = try Fixture.profile("goroutine-parked.debug1.txt").goroutineGroups()
        let dump = try Fixture.profile("goroutine-parked.debug2.txt")
        let debug2 = try dump.goroutineGroups()
        for groups in [proto, debug1, debug2] {
            #expect(groups.first?.count == 7)
            #expect(groups.first?.frames.contains { $0.hasPrefix("main.parkedWorker") } == true)
            #expect(groups.map(\.count).reduce(0, +) == 8)
        }
        #expect(debug2.first?.states == ["chan receive": 7])
        #expect(dump.goroutines.count == 8)
        #expect(dump.goroutines.last?.createdBy?.function == "main.fixtures")
        #expect(dump.goroutines.first?.frames.first?.function == "runtime/pprof.writeGoroutineStacks")
        let pprof = try Fixture.pprof("goroutine-parked-debug1.top")
        #expect(pprof.contains("Showing nodes accounting for 8, 100% of 8 total"))
    }

    @Test func goroutineDiffShowsWhatAccumulates() throws {
        let after = try Fixture.profile("goroutine-parked.debug2.txt")
        let text = """
            goroutine 1 [running]:
            main.main()
            \tsleuth.test/goprog/main.go:180 +0x5d

            goroutine 7 [chan receive]:
            main.parkedWorker(0x0?, 0x0?)
            \tsleuth.test/goprog/main.go:106 +0x34
            created by main.fixtures
            \tsleuth.test/goprog/main.go:144 +0x21c

            """
        let before = try Profile(decoding: Array(text.utf8))
        let diff = try Profile.goroutineDiff(before: before, after: after)
        #expect(diff.first?.frames == ["main.parkedWorker sleuth.test/goprog/main.go:106"])
        #expect(diff.first?.delta == 6)
    }

    @Test func growthFindsTheLeakInTheFixtureSeries() throws {
        let series = try (1...5).map { try Fixture.profile("heap-series-\($0).pb.gz") }
        let report = try Profile.growth(series.reversed())
        #expect(report.suspects.map(\.name) == ["main.retainRequestBuffer"])
        let leak = report.sites[0]
        #expect(leak.monotonic && leak.slopePerMinute > 0 && leak.verdict == "leak-suspect")
        #expect(leak.values.count == 5)
        let byName = Dictionary(report.sites.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["main.churnScratch"]?.verdict == "transient")
        #expect(byName["main.steadyWindow"]?.suspect == false)
        // The inlined record constructor grows too, but less than a fifth of the total growth.
        #expect(byName["main.newRecord"]?.verdict == "growing")
        let lines = try Profile.growth(series, GrowthOptions(granularity: .lines))
        #expect(lines.suspects.first?.file == "sleuth.test/goprog/main.go")
        #expect(lines.suspects.first?.line == 48)
    }

    @Test func growthJSONHasTheAgreedShape() throws {
        let series = try (1...2).map { try Fixture.profile("heap-series-\($0).pb.gz") }
        let data = try JSONEncoder().encode(try Profile.growth(series))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let site = try #require((json["sites"] as? [[String: Any]])?.first)
        for key in ["name", "file", "line", "values", "slopePerMinute", "monotonic", "suspect", "verdict"] {
            #expect(site.keys.contains(key), "missing \(key)")
        }
        #expect(site["file"] is NSNull)
        let top = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(series[1].top())) as? [String: Any])
        #expect(top["sampleIndex"] as? String == "inuse_space")
        #expect(top["unit"] as? String == "bytes")
        let row = try #require((top["rows"] as? [[String: Any]])?.first)
        #expect(Set(row.keys).isSuperset(of: ["name", "flat", "flatPercent", "cum", "cumPercent"]))
    }

    @Test func diffIsSignedAndShrinkageIsNegative() throws {
        let base = try Fixture.profile("heap-leak-base.pb.gz")
        let later = try Fixture.profile("heap-leak-later.pb.gz")
        let grown = try later.diff(base: base).top(QueryOptions(nodeFraction: 0))
        #expect(grown.rows.first?.name == "main.retainRequestBuffer")
        #expect((grown.rows.first?.flat ?? 0) > 0)
        let shrunk = try base.diff(base: later).top(QueryOptions(nodeFraction: 0))
        #expect(shrunk.rows.first?.name == "main.retainRequestBuffer")
        #expect((shrunk.rows.first?.flat ?? 0) < 0)
    }

    @Test func heapFlatWhileRSSGrows() throws {
        let minute: Int64 = 60_000_000_000
        let heap = (0..<5).map { HeapVersusRSS.Point(timeNanos: Int64($0) * minute, bytes: 100 << 20 + Int64($0 % 2) << 10) }
        let rss = (0..<5).map { HeapVersusRSS.Point(timeNanos: Int64($0) * minute, bytes: (200 + 20 * Int64($0)) << 20) }
        let r = try HeapVersusRSS.compare(heap: heap, rss: rss)
        #expect(r.heapFlatWhileRSSGrows && r.verdict == "heap-flat-rss-growing")
        #expect(abs(r.rssSlopePerMinute - Double(20 << 20)) < 1)
        let both = try HeapVersusRSS.compare(heap: rss, rss: rss)
        #expect(!both.heapFlatWhileRSSGrows && both.verdict == "heap-growing")
    }

    @Test func focusAndIgnoreRegexErrorsAreClear() throws {
        let p = try Fixture.profile("heap-leak-base.pb.gz")
        let e = #expect(throws: HeapProfileError.self) { try p.top(QueryOptions(focus: "(")) }
        #expect(e?.description.hasPrefix("focus: error: invalid regular expression '('") == true)
    }

    @Test func controlCharactersInNamesAreNeutralised() throws {
        var w = ProtoWriter()
        w.message(1) { $0.int(1, 1); $0.int(2, 2) }
        w.message(2) { $0.int(1, 1); $0.int(2, 100) }
        w.message(4) { l in l.int(1, 1); l.message(4) { $0.int(1, 1) } }
        w.message(5) { $0.int(1, 1); $0.int(2, 3) }
        for s in ["", "inuse_space", "bytes", "evil\u{1b}[2Jname"] { w.string(6, s) }
        let text = try Profile(decoding: w.bytes).top().text()
        #expect(!text.contains("\u{1b}"))
        #expect(text.contains("evil\\x1b[2Jname"))
    }
}

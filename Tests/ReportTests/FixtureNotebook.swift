import Foundation
import GRDB
import Notebook

/// The fixed notebook of the report tests: an investigation of a Go service killed by its cgroup's OOM
/// killer, with realistic stored results for dmesg, sample, heap growth, heap load and heap top. Every
/// timestamp is fixed, so its exports are stable byte for byte.
///
/// A process in the kernel's task table and a function in the heap profile are named
/// `<script>alert(1)</script>`: attacker-controlled strings that every output must show as text.
enum FixtureNotebook {
    /// 2025-11-26 10:00:00 UTC.
    static let t0 = 1_764_151_200.0
    static let hostile = "<script>alert(1)</script>"

    /// Builds the notebook at `path` and returns it closed (its session and amendment rewritten to fixed
    /// values: the store stamps those with the real clock, pid and host).
    static func build(at path: String) throws {
        do {
            let store = try NotebookStore(path: path)
            try populate(store)
        }
        // The session row records the real pid, host and clock; pin them so the export is stable.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "UPDATE session SET startedAt = ?, sleuthVersion = '0.1.0', pid = 31337, host = 'build-01'",
                           arguments: [t0 - 5])
            try db.execute(sql: "UPDATE amendment SET replacedAt = ?", arguments: [t0 + 1260])
        }
        try queue.close()
    }

    /// Writes the investigation into an open store, in the order the workbench would.
    static func populate(_ store: NotebookStore) throws {
        let session = try store.beginSession(version: "0.1.0").id!
        var next = 0
        @discardableResult
        func run(_ line: String, _ command: String, at offset: Double, for duration: Double = 0.01,
                 result: String, text: String, failed: Bool = false, hypothesis: Int64? = nil,
                 question: Int64? = nil) throws -> Int64 {
            next += 1
            let e = Entry(sessionId: session, line: line, command: command, startedAt: t0 + offset,
                          endedAt: t0 + offset + duration, status: failed ? .failed : .ok, result: result, text: text,
                          hypothesisId: hypothesis, questionId: question)
            return try store.record(e).id!
        }

        let q1 = try store.add(Question(text: "Why was api OOM-killed at 09:41?", createdAt: t0)).id!
        try store.setFocus(.question(q1))
        try run(#"ask "Why was api OOM-killed at 09:41?""#, "ask", at: 0,
                result: #"{"id":"Q1","text":"Why was api OOM-killed at 09:41?","predictions":null}"#,
                text: "Q1 Why was api OOM-killed at 09:41?\nNext: form a hypothesis with a prediction, e.g. hyp \"api leaks memory\" --predict growing\n")

        try run("dmesg /var/log/kern.log", "dmesg", at: 20, for: 0.21,
                result: dmesgResult(sources: ["/var/log/kern.log"], events: [killA]),
                text: dmesgText(source: "/var/log/kern.log", kills: [("2025-11-26T09:41:07.512340+00:00", "api", "4242", "507.6 MiB")]),
                question: q1)

        let (h1, _) = try store.add(Hypothesis(questionId: q1, text: "api leaks memory", createdAt: t0 + 40),
                                    predictions: [Prediction(hypothesisId: 0, text: "growing", kind: "trend", expected: "growing", createdAt: t0 + 40)])
        try store.setFocus(.hypothesis(h1.id!))
        try run(#"hyp "api leaks memory" --predict growing"#, "hypothesize", at: 40,
                result: #"{"id":"H1","text":"api leaks memory","predictions":[{"text":"growing","kind":"trend","expected":"growing"}]}"#,
                text: "H1 api leaks memory\n  predicts: growing (memory trend)\n")
        let (h2, _) = try store.add(Hypothesis(questionId: q1, text: "the 512 MiB limit is too small for peak load", createdAt: t0 + 50),
                                    predictions: [Prediction(hypothesisId: 0, text: "steady", kind: "trend", expected: "steady", createdAt: t0 + 50)])
        try store.setFocus(.hypothesis(h2.id!))
        try run(#"hyp "the 512 MiB limit is too small for peak load" --predict steady"#, "hypothesize", at: 50,
                result: #"{"id":"H2","text":"the 512 MiB limit is too small for peak load","predictions":[{"text":"steady","kind":"trend","expected":"steady"}]}"#,
                text: "H2 the 512 MiB limit is too small for peak load\n  predicts: steady (memory trend)\n")
        try store.setFocus(.hypothesis(h1.id!))
        try run("focus H1", "focus", at: 60, result: #"{"id":"H1","text":"api leaks memory","predictions":null}"#,
                text: "focus: H1 api leaks memory\n")

        let sample = try run("sample api --every 10s --for 10m --work http://127.0.0.1:9090/metrics", "sample", at: 120, for: 600.4,
                             result: sampleResult(), text: sampleText, hypothesis: h1.id, question: q1)
        let dmesg2 = try run("dmesg --since 30m", "dmesg", at: 840, for: 0.18,
                             result: dmesgResult(sources: ["/dev/kmsg"], events: [killA, killB]),
                             text: dmesgText(source: "/dev/kmsg", kills: [("2025-11-26T09:41:07.512340+00:00", "api", "4242", "507.6 MiB"),
                                                                        ("2025-11-26T10:13:52.204518+00:00", "api", "5120", "509.2 MiB")]),
                             hypothesis: h1.id, question: q1)

        _ = try store.add(Evidence(entryId: sample, hypothesisId: h1.id!, relation: .supports,
                                   reason: "RSS troughs rise 24.6 MiB/min, about 3.5 KiB per request", createdAt: t0 + 860))
        try run(##"evidence #6 supports H1 --why "RSS troughs rise 24.6 MiB/min, about 3.5 KiB per request""##, "evidence", at: 860,
                result: ##"{"entry":"#6","relation":"supports","hypothesis":"H1","reason":"RSS troughs rise 24.6 MiB/min, about 3.5 KiB per request"}"##,
                text: "#6 supports H1: RSS troughs rise 24.6 MiB/min, about 3.5 KiB per request\n")
        _ = try store.add(Evidence(entryId: dmesg2, hypothesisId: h1.id!, relation: .supports,
                                   reason: "the restarted api was killed at the limit 2 min after sampling, as forecast", createdAt: t0 + 870))
        try run(##"evidence #7 supports H1 --why "the restarted api was killed at the limit 2 min after sampling, as forecast""##, "evidence", at: 870,
                result: ##"{"entry":"#7","relation":"supports","hypothesis":"H1","reason":"the restarted api was killed at the limit 2 min after sampling, as forecast"}"##,
                text: "#7 supports H1: the restarted api was killed at the limit 2 min after sampling, as forecast\n")
        _ = try store.add(Evidence(entryId: sample, hypothesisId: h2.id!, relation: .refutes,
                                   reason: "under steady load the troughs keep rising: no plateau to size for", createdAt: t0 + 880))
        try run(##"evidence #6 refutes H2 --why "under steady load the troughs keep rising: no plateau to size for""##, "evidence", at: 880,
                result: ##"{"entry":"#6","relation":"refutes","hypothesis":"H2","reason":"under steady load the troughs keep rising: no plateau to size for"}"##,
                text: "#6 refutes H2: under steady load the troughs keep rising: no plateau to size for\n")

        let q2 = try store.add(Question(text: "What retains the request payloads?", parentHypothesisId: h1.id, createdAt: t0 + 900)).id!
        try store.setFocus(.question(q2))
        try run(#"ask "What retains the request payloads?" --under H1"#, "ask", at: 900,
                result: #"{"id":"Q2","text":"What retains the request payloads?","predictions":null}"#,
                text: "Q2 What retains the request payloads?\nNext: form a hypothesis with a prediction, e.g. hyp \"api leaks memory\" --predict growing\n")

        let growth = try run("heap growth api-1.pb.gz api-2.pb.gz api-3.pb.gz", "heap growth", at: 960, for: 0.09,
                             result: growthResult, text: growthText, question: q2)
        try run("heap load api-3.pb.gz", "heap load", at: 1000, for: 0.05, result: loadResult, text: loadText, question: q2)
        let top = try run("heap top", "heap top", at: 1010, for: 0.02, result: topResult, text: topText, question: q2)
        try run("heap tpo", "heap tpo", at: 1015, for: 0.001,
                result: #"{"error":"unknown command 'heap tpo'; did you mean 'heap top'?"}"#,
                text: "error: unknown command 'heap tpo'; did you mean 'heap top'?", failed: true)

        _ = try store.add(Verdict(hypothesisId: h1.id!, outcome: .supported,
                                  reason: "memory grows with requests and the forecast kill happened; #12 names the retaining function",
                                  evidenceIds: [sample, dmesg2, growth], createdAt: t0 + 1100))
        try run(##"conclude H1 supported --why "memory grows with requests and the forecast kill happened; #12 names the retaining function" --evidence #6 --evidence #7 --evidence #12"##,
                "conclude", at: 1100,
                result: ##"{"hypothesis":"H1","verdict":"supported","reason":"memory grows with requests and the forecast kill happened; #12 names the retaining function","evidence":["#6","#7","#12"]}"##,
                text: "H1 supported: memory grows with requests and the forecast kill happened; #12 names the retaining function\n")
        _ = try store.add(Verdict(hypothesisId: h2.id!, outcome: .refuted, reason: "no plateau under steady load (#6)",
                                  evidenceIds: [sample], createdAt: t0 + 1110))
        try run(##"conclude H2 refuted --why "no plateau under steady load (#6)""##, "conclude", at: 1110,
                result: ##"{"hypothesis":"H2","verdict":"refuted","reason":"no plateau under steady load (#6)","evidence":["#6"]}"##,
                text: "H2 refuted: no plateau under steady load (#6)\nBack to Q1: 'guide' proposes what to try next.\n")
        try store.setFocus(.question(q2))

        _ = try store.add(Finding(questionId: q2, text: "retainPayload appends every request body to a package-level slice",
                                  location: "main.go:42", evidenceIds: [growth, top], createdAt: t0 + 1200))
        try run(##"cause "retainPayload appends every request body to a package-level slice" --at main.go:42 --evidence #12 --evidence #14"##,
                "cause", at: 1200,
                result: ##"{"question":"Q2","cause":"retainPayload appends every request body to a package-level slice","location":"main.go:42","evidence":["#12","#14"]}"##,
                text: "Q2 answered: retainPayload appends every request body to a package-level slice at main.go:42\n")
        let noteText = "the payload cache came with deploy 4f2c; see ```cache.go``` in its diff"
        _ = try store.add(Note(text: noteText, questionId: q2, hypothesisId: nil, createdAt: t0 + 1230))
        try run("note \"\(noteText)\"", "note", at: 1230,
                result: #"{"id":"N1","text":"the payload cache came with deploy 4f2c; see ```cache.go``` in its diff","predictions":null}"#,
                text: "N1 noted\n")

        try store.amend(subject: "hypothesis", id: h1.id!, newText: "api leaks memory per request")
        try run(#"amend H1 "api leaks memory per request""#, "amend", at: 1260,
                result: #"{"id":"H1","text":"api leaks memory per request","predictions":null}"#,
                text: "H1 now reads: api leaks memory per request\n")
    }

    // MARK: Kernel log

    static let killA = event(time: "2025-11-26T09:41:07.512340+00:00", uptime: 873_412.118_207, pid: 4242, anon: 519_800,
                             usage: 524_288, failcnt: 1423, first: 1, tasks: [
                                 (4242, 4242, 134_112, 130_455, 129_950, 505, 1_122_304, "api"),
                                 (4250, 4250, 2_310, 1_204, 980, 224, 61_440, hostile),
                                 (4199, 4199, 1_024, 263, 120, 143, 45_056, "pause"),
                             ])
    static let killB = event(time: "2025-11-26T10:13:52.204518+00:00", uptime: 875_376.810_385, pid: 5120, anon: 521_380,
                             usage: 524_280, failcnt: 1688, first: 57, tasks: [
                                 (5120, 5120, 135_020, 130_846, 130_345, 501, 1_130_496, "api"),
                                 (4250, 4250, 2_310, 1_207, 983, 224, 61_440, hostile),
                             ])

    static func event(time: String, uptime: Double, pid: Int, anon: Int, usage: Int, failcnt: Int, first: Int,
                      tasks: [(Int, Int, Int, Int, Int, Int, Int, String)]) -> String {
        let rows = tasks.map { t in
            #"{"pid":\#(t.0),"uid":65532,"tgid":\#(t.1),"total_vm":\#(t.2),"rss":\#(t.3),"rss_anon":\#(t.4),"rss_file":\#(t.5),"rss_shmem":0,"pgtables_bytes":\#(t.6),"swapents":0,"oom_score_adj":\#(t.7 == "api" ? 988 : -997),"name":\#(JSONValue.string(t.7).serialized())}"#
        }.joined(separator: ",")
        return #"""
            {"scope":"memcg","complete":true,"time":{"text":"\#(time)","uptimeSeconds":\#(uptime),"wallClock":"\#(time)"},"trigger":{"name":"api","pid":\#(pid),"gfpMask":"0xcc0(GFP_KERNEL)","order":0,"oomScoreAdj":988,"oomAdj":null,"nodemask":null},"chosen":null,"constraint":"CONSTRAINT_MEMCG","nodemask":"(null)","cpuset":"cri-containerd-7f3a.scope","memsAllowed":"0","oomMemcg":"/kubepods/burstable/pod-api","taskMemcg":"/kubepods/burstable/pod-api/cri-containerd-7f3a.scope","memory":{"usageKiB":\#(usage),"limitKiB":524288,"failcnt":\#(failcnt),"memsw":null,"kmem":null,"swap":{"usageKiB":0,"limitKiB":0,"failcnt":0}},"victim":{"pid":\#(pid),"name":"api","totalVmKiB":\#(tasks[0].2 * 4),"anonRssKiB":\#(anon),"fileRssKiB":2020,"shmemRssKiB":0,"uid":65532,"pgtablesKiB":1096,"oomScoreAdj":988},"tasks":{"columns":["pid","uid","tgid","total_vm","rss","rss_anon","rss_file","rss_shmem","pgtables_bytes","swapents","oom_score_adj","name"],"rows":[\#(rows)]},"reaped":{"pid":\#(pid),"name":"api","anonRssKiB":0,"fileRssKiB":0,"shmemRssKiB":0},"noKillableProcesses":false,"lines":{"source":"kern.log","first":\#(first),"last":\#(first + 31)}}
            """#
    }

    static func dmesgResult(sources: [String], events: [String]) -> String {
        let repeated = events.count > 1
            ? #"[{"name":"api","count":2,"pids":[4242,5120],"cgroups":["/kubepods/burstable/pod-api"],"first":{"text":null,"uptimeSeconds":873412.118207,"wallClock":"2025-11-26T09:41:07.512340+00:00"},"last":{"text":null,"uptimeSeconds":875376.810385,"wallClock":"2025-11-26T10:13:52.204518+00:00"}}]"#
            : "[]"
        let list = sources.map { JSONValue.string($0).serialized() }.joined(separator: ",")
        return #"{"sources":[\#(list)],"events":[\#(events.joined(separator: ","))],"lookalikes":[],"repeated":\#(repeated)}"#
    }

    static func dmesgText(source: String, kills: [(String, String, String, String)]) -> String {
        var out = "\(kills.count) OOM kill\(kills.count == 1 ? "" : "s") in \(source)\n\n"
        out += " # time                              scope  victim   pid  anon-rss  cgroup                       usage     limit\n"
        for (i, k) in kills.enumerated() {
            out += " \(i + 1) \(k.0)  memcg  \(k.1)     \(k.2)  \(k.3)  /kubepods/burstable/pod-api  512.0 MiB 512.0 MiB\n"
        }
        for (i, k) in kills.enumerated() {
            out += "\n\(i + 1). The memory cgroup /kubepods/burstable/pod-api reached its limit (512.0 MiB) and the kernel killed \(k.1) (\(k.2)), the largest task in it.\n"
            out += "   Also in the cgroup: \(hostile) (4250) with 4.7 MiB resident.\n"
        }
        if kills.count > 1 { out += "\napi was OOM-killed 2 times (pids 4242, 5120) in /kubepods/burstable/pod-api\n" }
        return out
    }

    // MARK: Sampling

    /// 61 samples, every 10 s for 10 minutes: a GC sawtooth (40 MiB, 60 s period) over troughs rising
    /// 420 KiB/s from 180 MiB, with the request counter at 120 requests/s.
    static func sampleResult() -> String {
        var samples: [JSONValue] = []
        var troughs: [JSONValue] = []
        for i in 0...60 {
            let t = Double(i * 10)
            let trough = 184_320 + 420 * t
            let rss = trough + 40_960 * Double(i % 6) / 6
            samples.append(.object([
                ("t", .double(t + Double(i % 3) * 0.004)), ("rssKiB", .int(Int64(rss))), ("anonKiB", .int(Int64(rss - 20_480))),
                ("fileKiB", .int(20_480)), ("shmemKiB", .int(0)), ("swapKiB", .int(0)),
                ("cgroupUsageKiB", .int(Int64(rss + 6_144))), ("cgroupLimitKiB", .int(524_288)), ("pssKiB", .null),
                ("work", .double(Double(12_000 + i * 1_200))),
            ]))
            if i % 6 == 0 { troughs.append(.object([("t", .double(t)), ("kib", .double(trough))])) }
        }
        let result: JSONValue = .object([
            ("target", .object([("pid", .int(5120)), ("name", .string("api")), ("startTime", .int(87_398_112)),
                                ("cgroup", .string("/kubepods/burstable/pod-api"))])),
            ("intervalSeconds", .double(10)),
            ("startedAt", .double(t0 + 120)),
            ("samples", .array(samples)),
            ("end", .object([("reason", .string("completed"))])),
            ("analysis", .object([
                ("verdict", .string("growing")), ("slopeKiBPerSecond", .double(420)), ("slopeInterval", .array([.double(401.5), .double(438.2)])),
                ("mannKendallP", .double(1.2e-9)), ("cycles", .int(10)), ("troughs", .array(troughs)),
                ("troughFit", .object([("slopeKiBPerSecond", .double(420)), ("interceptKiB", .double(184_320))])),
                ("forecast", .object([("limitKiB", .double(524_288)), ("limitSource", .string("cgroup")), ("secondsToLimit", .double(112)),
                                      ("secondsInterval", .array([.double(95), .double(140)]))])),
                ("work", .object([("pairs", .int(61)), ("correlation", .double(0.97)), ("spearman", .double(0.99)),
                                  ("kibPerUnit", .double(3.5)), ("kibPerUnitInterval", .array([.double(3.3), .double(3.7)]))])),
                ("reason", .string("RSS troughs rise 24.6 MiB/min (p < 0.001) over 10 GC cycles; the cgroup limit is reached in about 2 min")),
                ("basis", .string("troughs")), ("samples", .int(61)), ("spanSeconds", .double(600)),
            ])),
        ])
        return result.serialized()
    }

    static let sampleText = """
        sampling api (5120) every 10 s for 10 min, work from http://127.0.0.1:9090/metrics
        61 samples over 10 min; ended: completed

        RSS   180.0 MiB → 455.3 MiB  ▁▂▃▄▅▁▂▃▄▅▂▃▄▅▆▂▃▄▅▆▃▄▅▆▇▃▄▅▆▇▄▅▆▇█
        verdict: growing — RSS troughs rise 24.6 MiB/min (p < 0.001) over 10 GC cycles
        slope 420 KiB/s (401.5 to 438.2), Mann–Kendall p 1.2e-09
        forecast: the cgroup limit (512.0 MiB) is reached in about 1 min 52 s (1 min 35 s to 2 min 20 s)
        work: r = 0.97, 3.5 KiB retained per request

        """

    // MARK: Heap profiles

    static let growthResult = #"""
        {"sampleIndex":"inuse_space","unit":"bytes","timesNanos":[1764151500000000000,1764151680000000000,1764151860000000000],"totals":[31457280,73400320,115343360],"sites":[{"name":"main.retainPayload","file":"/src/api/main.go","line":42,"values":[10485760,52428800,94371840],"slopePerMinute":13981013.3,"monotonic":true,"suspect":true,"verdict":"leak-suspect","growth":83886080,"allocGrowth":83886080},{"name":"bytes.growSlice","file":null,"line":null,"values":[4194304,4718592,4456448],"slopePerMinute":43690.7,"monotonic":false,"suspect":false,"verdict":"steady","growth":262144,"allocGrowth":52428800},{"name":"encoding/json.(*decodeState).literalStore","file":null,"line":null,"values":[1048576,1048576,1048576],"slopePerMinute":0,"monotonic":false,"suspect":false,"verdict":"transient","growth":0,"allocGrowth":125829120}]}
        """#

    static let growthText = """
        3 profiles of api, inuse_space, 10:05:00 to 10:11:00 UTC

              first       last   slope/min  verdict       site
            10.0MiB    90.0MiB   13.3MiB    leak-suspect  main.retainPayload (/src/api/main.go:42)
             4.0MiB     4.2MiB   42.7KiB    steady        bytes.growSlice
             1.0MiB     1.0MiB        0     transient     encoding/json.(*decodeState).literalStore

        leak suspect: main.retainPayload grew 80.0MiB (monotonic, 73% of the last heap)

        """

    static let loadResult = #"""
        {"name":"api-3.pb.gz","sampleTypes":["alloc_objects/count","alloc_space/bytes","inuse_objects/count","inuse_space/bytes"],"defaultSampleType":"inuse_space","timeNanos":1764151860000000000,"flameUnit":"bytes","flame":{"name":"root","value":115343360,"children":[{"name":"runtime.main","value":110100480,"children":[{"name":"main.main","value":110100480,"children":[{"name":"net/http.(*conn).serve","value":105906176,"children":[{"name":"main.handle","value":100663296,"children":[{"name":"main.retainPayload","value":94371840,"children":[]},{"name":"encoding/json.(*Decoder).Decode","value":6291456,"children":[{"name":"encoding/json.(*decodeState).literalStore","value":1048576,"children":[]},{"name":"bytes.growSlice","value":4194304,"children":[]}]}]},{"name":"<script>alert(1)</script>","value":5242880,"children":[]}]},{"name":"main.loadConfig","value":4194304,"children":[]}]}]},{"name":"runtime.malg","value":5242880,"children":[]}]}}
        """#

    static let loadText = """
        api-3.pb.gz: heap profile of api, 4 sample types (default inuse_space), taken 10:11:00 UTC
        total inuse_space 110.0MiB in 6 functions

        """

    static let topResult = #"""
        {"sampleIndex":"inuse_space","unit":"bytes","total":115343360,"rows":[{"name":"main.retainPayload","flat":94371840,"flatPercent":81.82,"cum":94371840,"cumPercent":81.82,"inline":null},{"name":"<script>alert(1)</script>","flat":5242880,"flatPercent":4.55,"cum":5242880,"cumPercent":4.55,"inline":null},{"name":"runtime.malg","flat":5242880,"flatPercent":4.55,"cum":5242880,"cumPercent":4.55,"inline":null},{"name":"bytes.growSlice","flat":4194304,"flatPercent":3.64,"cum":4194304,"cumPercent":3.64,"inline":null},{"name":"main.loadConfig","flat":4194304,"flatPercent":3.64,"cum":4194304,"cumPercent":3.64,"inline":null},{"name":"encoding/json.(*decodeState).literalStore","flat":1048576,"flatPercent":0.91,"cum":1048576,"cumPercent":0.91,"inline":null}],"outputUnit":"MB","shownFlat":114294784,"droppedNodes":0,"dropCutoff":0,"nodesBeforeLimit":6,"header":{"file":"api-3.pb.gz","buildID":null,"comments":[],"sampleType":"inuse_space","timeNanos":1764151860000000000,"durationNanos":0,"durationTotal":"110MB"},"activeFilters":[]}
        """#

    static let topText = """
        File: api-3.pb.gz
        Type: inuse_space
        Showing nodes accounting for 109MB, 99.09% of 110MB total
              flat  flat%   sum%        cum   cum%
              90MB 81.82% 81.82%       90MB 81.82%  main.retainPayload
               5MB  4.55% 86.36%        5MB  4.55%  <script>alert(1)</script>
               5MB  4.55% 90.91%        5MB  4.55%  runtime.malg
               4MB  3.64% 94.55%        4MB  3.64%  bytes.growSlice
               4MB  3.64% 98.18%        4MB  3.64%  main.loadConfig
               1MB  0.91% 99.09%        1MB  0.91%  encoding/json.(*decodeState).literalStore

        """
}

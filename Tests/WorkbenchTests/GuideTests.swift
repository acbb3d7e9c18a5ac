import Foundation
import Notebook
import Testing
@testable import Workbench

/// Every guide rule, on the smallest notebook state that triggers it (and one that does not).
@Suite struct GuideTests {
    func suggestions(_ b: Bench, rule: String? = nil) throws -> [Suggestion] {
        let state = GuideState(investigation: try b.store.investigation(), entries: try b.store.entries())
        let all = GuideRules.all.filter { rule == nil || $0.id == rule }.flatMap { $0.suggest(state) }
        return all
    }

    @Test func everyRuleHasAUniqueId() {
        let ids = GuideRules.all.map(\.id)
        #expect(Set(ids).count == ids.count)
    }

    @Test func noQuestionAsksOne() throws {
        let b = try Bench()
        let s = try suggestions(b, rule: "ask-question")
        #expect(s.map(\.command) == [#"ask "Why was <service> OOM-killed?""#])
        try b.recordResult(command: "dmesg", json: #"{"events":[{"scope":"memcg","victim":{"name":"api","pid":7}}]}"#)
        #expect(try suggestions(b, rule: "ask-question").map(\.command) == ["ask 'Why was api OOM-killed?'"])
        _ = b.ok("ask why")
        #expect(try suggestions(b, rule: "ask-question").isEmpty)
    }

    @Test func questionWithoutHypothesesGetsCandidates() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        let s = try suggestions(b, rule: "hypothesize")
        #expect(s.count == 2)
        #expect(s.allSatisfy { $0.command.hasPrefix("hyp ") && $0.command.contains("--predict") })
        _ = b.ok("hyp leak")
        #expect(try suggestions(b, rule: "hypothesize").isEmpty)
    }

    @Test func untestedHypothesisGetsExperimentsForItsPredictions() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp leak --predict growing --predict oom-kill --predict \"top-growth main.retain\"")
        let s = try suggestions(b, rule: "test-predictions")
        #expect(s.map(\.command) == ["sample PID --every 1s --for 2m", "dmesg",
                                     "heap watch http://127.0.0.1:6060/debug/pprof/heap --every 1m --count 3"])
        try b.recordResult(command: "dmesg", json: #"{"events":[]}"#)
        #expect(try suggestions(b, rule: "test-predictions").isEmpty)
    }

    @Test func decidedPredictionProposesEvidenceWithFigures() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp leak --predict growing")
        let n = try b.recordResult(command: "sample", json: #"{"analysis":{"verdict":"growing","slopeKiBPerSecond":12.25,"mannKendallP":0.00001}}"#)
        let s = try suggestions(b, rule: "record-evidence")
        #expect(s.count == 1)
        #expect(s[0].command == "evidence #\(n) supports H1 --why 'verdict growing, slope 12.3 KiB/s, Mann–Kendall p < 0.0001'")
        #expect(s[0].why.contains("#\(n)"))
        _ = b.ok("evidence #\(n) supports H1")
        #expect(try suggestions(b, rule: "record-evidence").isEmpty)
    }

    @Test func contradictedPredictionProposesRefutes() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp leak --predict growing")
        let n = try b.recordResult(command: "sample", json: #"{"analysis":{"verdict":"steady"}}"#)
        #expect(try suggestions(b, rule: "record-evidence").first?.command.hasPrefix("evidence #\(n) refutes H1") == true)
    }

    @Test func evidenceWithoutVerdictProposesOne() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp leak")
        let n = try b.recordResult(command: "sample", json: "{}")
        _ = b.ok("evidence #\(n) refutes H1 --why flat")
        #expect(try suggestions(b, rule: "conclude").map(\.command) == ["conclude H1 refuted --why flat"])
        _ = b.ok("conclude H1 refuted")
        #expect(try suggestions(b, rule: "conclude").isEmpty)
    }

    @Test func allRefutedWidens() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp a")
        #expect(try suggestions(b, rule: "widen").isEmpty)
        _ = b.ok("conclude H1 refuted --why no")
        let s = try suggestions(b, rule: "widen")
        #expect(s.count == 2)
        #expect(s[0].command.hasPrefix("hyp ") && s[1].command.hasPrefix("ask "))
        // And the whole guide, as a user sees it, offers them.
        let text = b.ok("guide")
        #expect(text.contains("hyp \"memory grows outside"))
    }

    @Test func supportedHypothesisProposesTheCause() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp leak")
        let n = try b.recordResult(command: "heap growth",
            json: #"{"sites":[{"name":"main.retain","file":"main.go","line":42,"suspect":true}]}"#)
        _ = b.ok("evidence #\(n) supports H1")
        _ = b.ok("conclude H1 supported")
        #expect(try suggestions(b, rule: "record-cause").map(\.command)
                == ["cause 'main.retain retains memory' --at main.go:42 --evidence #\(n)"])
        _ = b.ok("cause x")
        #expect(try suggestions(b, rule: "record-cause").isEmpty)
    }

    @Test func openHypothesisOutOfFocus() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp a")
        _ = b.ok("focus Q1")
        #expect(try suggestions(b, rule: "focus-open").map(\.command) == ["focus H1"])
    }

    @Test func memcgKillSuggestsHypothesisThenSampling() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        let ev = #"{"events":[{"scope":"memcg","oomMemcg":"/sleuth","memory":{"limitKiB":65536},"victim":{"name":"api","pid":7}}]}"#
        try b.recordResult(command: "dmesg", json: ev)
        #expect(try suggestions(b, rule: "oom-memcg").map(\.command) == ["hyp 'a process in /sleuth grows without bound' --predict growing"])
        _ = b.ok("hyp leak --predict growing")
        let s = try suggestions(b, rule: "oom-memcg")
        #expect(s.map(\.command) == ["sample api --every 1s --for 2m"])
        #expect(s[0].why.contains("64 MiB"))
    }

    @Test func globalAndRecurringKills() throws {
        let b = try Bench()
        try b.recordResult(command: "dmesg", json: #"{"events":[{"scope":"global","victim":{"name":"java"}},{"scope":"global","victim":{"name":"java"}}]}"#)
        #expect(try suggestions(b, rule: "oom-global").map(\.command) == ["ps --top 10"])
        #expect(try suggestions(b, rule: "oom-recurring").first?.why.contains("2 times") == true)
    }

    @Test func victimNotTheBiggestTask() throws {
        let b = try Bench()
        let n = try b.recordResult(command: "dmesg", json: #"{"events":[{"scope":"global","victim":{"pid":2,"name":"small","oomScoreAdj":1000},"tasks":{"columns":["pid","rss","name"],"rows":[{"pid":1,"rss":900,"name":"big"},{"pid":2,"rss":10,"name":"small"}]}}]}"#)
        let s = try suggestions(b, rule: "oom-score-adj")
        #expect(s.map(\.command) == ["show #\(n)"])
        #expect(s[0].why.contains("oom_score_adj is 1000"))
        try b.recordResult(command: "dmesg", json: #"{"events":[{"victim":{"pid":1},"tasks":{"columns":["pid","rss"],"rows":[{"pid":1,"rss":900},{"pid":2,"rss":10}]}}]}"#)
        #expect(try suggestions(b, rule: "oom-score-adj").isEmpty)
    }

    @Test func samplingVerdictRules() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp leak --predict growing")
        try b.recordResult(command: "sample", json: #"{"target":{"pid":5},"analysis":{"verdict":"growing","work":{"correlation":0.95,"kibPerUnit":4.1},"forecast":{"secondsToLimit":600}}}"#)
        #expect(try suggestions(b, rule: "growing-with-work").first?.rule == "growing-with-work")
        #expect(try suggestions(b, rule: "forecast-urgent").first?.why.contains("10.0m") == true)
        try b.recordResult(command: "sample", json: #"{"target":{"pid":5},"analysis":{"verdict":"growing","work":null}}"#)
        #expect(try suggestions(b, rule: "growing-with-work").first?.rule == "growing-without-work")
        try b.recordResult(command: "sample", json: #"{"target":{"pid":5},"analysis":{"verdict":"steady"}}"#)
        #expect(try suggestions(b, rule: "steady").first?.command == "conclude H1 refuted --why \"memory is steady in #5\"")
        try b.recordResult(command: "sample", json: #"{"target":{"pid":5},"analysis":{"verdict":"warming-up"}}"#)
        #expect(try suggestions(b, rule: "warming-up").first?.command == "sample 5 --every 5s --for 15m")
    }

    @Test func heapRules() throws {
        let b = try Bench()
        try b.recordResult(command: "heap growth", json: #"{"sites":[{"name":"main.(*Cache).Put","suspect":true},{"name":"x","suspect":false}]}"#)
        #expect(try suggestions(b, rule: "dominant-site").map(\.command) == [#"heap list '^main\.\(\*Cache\)\.Put$'"#])
        try b.recordResult(command: "heap growth", json: #"{"sites":[{"name":"a","suspect":true},{"name":"b","suspect":true},{"name":"c","suspect":true}]}"#)
        #expect(try suggestions(b, rule: "spread-growth").map(\.command) == ["heap top 20 --cum"])
    }

    @Test func onlyExistingCommandsAreProposed() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        let registry = CommandRegistry([AskCommand.self])
        let state = GuideState(investigation: try b.store.investigation(), entries: try b.store.entries())
        #expect(Guide.suggestions(state, registry: registry).isEmpty)
    }

    @Test func structuredPredictions() {
        #expect(StructuredPrediction.parse("Growing") == StructuredPrediction(kind: "trend", expected: "growing"))
        #expect(StructuredPrediction.parse("oom-kill")?.kind == "oom-kill")
        #expect(StructuredPrediction.parse("top-growth main.retain")?.expected == "main.retain")
        #expect(StructuredPrediction.parse("memory goes up") == nil)
        let tg = StructuredPrediction(kind: "top-growth", expected: "retain")
        #expect(tg.decide(JSONValue(lenient: #"{"sites":[{"name":"main.retain","suspect":true}]}"#))?.holds == true)
        #expect(tg.decide(JSONValue(lenient: #"{"sites":[]}"#))?.holds == false)
        #expect(tg.decide(JSONValue(lenient: #"{"x":1}"#)) == nil)
        let oom = StructuredPrediction(kind: "oom-kill", expected: "yes")
        #expect(oom.decide(JSONValue(lenient: #"{"events":[]}"#))?.holds == false)
        let trend = StructuredPrediction(kind: "trend", expected: "growing")
        #expect(trend.decide(JSONValue(lenient: #"{"analysis":{"verdict":"insufficient-data"}}"#)) == nil)
    }
}

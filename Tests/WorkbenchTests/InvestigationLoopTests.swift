import Foundation
import Notebook
import Testing
@testable import Workbench

@Suite struct InvestigationLoopTests {
    @Test func fullLoopWithPromptAndTree() throws {
        let b = try Bench()
        #expect(b.wb.prompt() == "sleuth> ")
        _ = b.ok(#"ask "Why was api OOM-killed?""#)
        #expect(b.wb.prompt() == "sleuth Q1> ")
        _ = b.ok(#"hyp "api leaks memory" --predict growing --predict "retains payloads""#)
        #expect(b.wb.prompt() == "sleuth Q1›H1 testing> ")
        let sample = try b.recordResult(command: "sample",
            json: #"{"target":{"pid":42,"name":"api"},"analysis":{"verdict":"growing","slopeKiBPerSecond":120.5,"mannKendallP":0.0001}}"#)
        #expect(try b.store.entry(sample)?.hypothesisId == 1)
        _ = b.ok("evidence #\(sample) supports H1 --why \"grows 120 KiB/s\"")
        _ = b.ok("conclude H1 supported --why \"memory grows with requests\"")
        #expect(b.wb.prompt() == "sleuth Q1›H1 supported> ")
        _ = b.ok("cause \"retainPayload keeps every body\" --at main.go:42 --evidence #\(sample)")
        #expect(b.wb.prompt() == "sleuth Q1›H1 supported answered> ")
        _ = b.ok("note \"deploy 4f2c added the cache\"")

        let tree = b.ok("status")
        #expect(tree == """
            Q1 Why was api OOM-killed?  [answered]
            ├─ H1 api leaks memory  supported  ◀ focus
            │  ├─ predicts: growing (checked)
            │  ├─ predicts: retains payloads
            │  ├─ experiments: #3
            │  ├─ evidence #3 supports: grows 120 KiB/s  [sample]
            │  └─ verdict: supported: memory grows with requests (#3)
            └─ cause: retainPayload keeps every body at main.go:42 (#3)
            notes:
              N1 deploy 4f2c added the cache (H1)

            """)
        let json = try JSONValue(parsing: b.ok("status --json"))
        #expect(json.value(at: "focus")?.stringValue == "H1")
        #expect(json.value(at: "questions.0.answered") == .bool(true))
        #expect(json.value(at: "questions.0.hypotheses.0.predictions.0.kind")?.stringValue == "trend")
        #expect(json.value(at: "questions.0.hypotheses.0.verdict.outcome")?.stringValue == "supported")
        #expect(json.value(at: "questions.0.finding.location")?.stringValue == "main.go:42")
        #expect(json.value(at: "questions.0.raisedBy") == .null)
    }

    @Test func statusJSONDecodesToTheDocumentedShape() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp leak --predict growing")
        let decoded = try JSONDecoder().decode(StatusTree.self, from: Data(b.ok("status --json").utf8))
        #expect(decoded.focus == "H1")
        #expect(decoded.questions.first?.hypotheses.first?.predictions.first?.expected == "growing")
    }

    @Test func resumingRestoresTheFocusAndIds() throws {
        let dir = NSTemporaryDirectory() + "sleuth-resume-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let wb = try Workbench(store: try NotebookStore(path: dir + "/n.sleuth"))
            _ = wb.run("ask why")
            _ = wb.run("hyp leak --predict growing")
        }
        let wb = try Workbench(store: try NotebookStore(path: dir + "/n.sleuth"))
        #expect(wb.prompt() == "sleuth Q1›H1 testing> ")
        let o = wb.run("history")!
        #expect(o.entryId == 3)
        #expect(wb.session.id == 2)
    }

    @Test func errorsAreOneLineAndRecorded() throws {
        let b = try Bench()
        let o = b.run("hyp something")
        #expect(o.status == .failed)
        #expect(o.error == "error: hypothesize: no question yet; ask one first: ask \"Why …?\"")
        #expect(try b.store.entries().last?.status == .failed)
        #expect(b.run("conclude H9 refuted").error == "error: conclude: no hypothesis H9")
        #expect(b.run("evidence #99 supports").error == "error: evidence: which hypothesis? give H# or focus one first")
        #expect(b.run("evidence #99 supports H1").error == "error: evidence: no hypothesis H1")
        #expect(b.run("cause x --at main.go").error == "error: cause: 'main.go' is not a location; use FILE:LINE, e.g. main.go:42")
        #expect(b.run("focus X1").error == "error: 'X1' is not a question or hypothesis id (Q1, H2, …)")
    }

    @Test func concludingRefutedReturnsFocusToTheQuestion() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp a")
        _ = b.ok("conclude H1 refuted --why flat")
        #expect(b.wb.prompt() == "sleuth Q1> ")
    }

    @Test func amendingKeepsTheEarlierText() throws {
        let b = try Bench()
        _ = b.ok("ask why is it slow")
        _ = b.ok("amend Q1 why is it killed")
        let inv = try b.store.investigation()
        #expect(inv.questions[0].text == "why is it killed")
        #expect(inv.amendments.map(\.previousText) == ["why is it slow"])
        #expect(b.run("amend H3 x").error == "error: amend: no hypothesis 3 to amend")
    }

    @Test func subQuestionRaisedByAVerdict() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp leak")
        _ = b.ok("conclude H1 supported")
        _ = b.ok("ask \"what retains it?\" --under H1")
        let json = try JSONValue(parsing: b.ok("status --json"))
        #expect(json.value(at: "questions.1.raisedBy")?.stringValue == "H1")
        #expect(json.value(at: "questions.0.hypotheses.0.questions.0")?.stringValue == "Q2")
    }

    @Test func experimentsOnlyForExperimentCommands() throws {
        let b = try Bench()
        _ = b.ok("ask why")
        _ = b.ok("hyp leak")
        let o = b.run("history")
        #expect(try b.store.entry(o.entryId!)?.hypothesisId == nil)
    }
}

@Suite struct OutputSafetyTests {
    @Test func controlCharactersAreShownAsEscapes() {
        #expect(SafeText.neutralize("a\u{1b}[31mred\u{07}") == "a\\x1b[31mred\\x07")
        #expect(SafeText.neutralize("line\nnext\tcol") == "line\nnext\tcol")
        #expect(SafeText.neutralize("one\nline", keepNewlines: false) == "one\\x0aline")
        #expect(SafeText.neutralize("\u{9b}2J") == "\\u{9b}2J")
        #expect(SafeText.neutralize("evil\u{202E}txt") == "evil\\u{202e}txt")
        #expect(SafeText.neutralize("plain ünïcode ✓") == "plain ünïcode ✓")
    }

    @Test func commandOutputAndPromptAreNeutralised() throws {
        let b = try Bench()
        let out = b.ok("ask \"\u{1b}]0;pwned\u{07} why\"")
        #expect(!out.contains("\u{1b}"))
        #expect(out.contains("\\x1b]0;pwned\\x07"))
        #expect(!b.wb.prompt().contains("\u{1b}"))
        let json = b.ok("status --json")
        #expect(json.contains("\\u001b"))
    }

    @Test func errorsAreNeutralised() throws {
        let b = try Bench()
        let o = b.run("nosuch\u{1b}[2J")
        #expect(o.error == "error: unknown command 'nosuch\\x1b[2J'; type 'help' for the list")
    }
}

@Suite struct CompletionTests {
    @Test func commandsSubcommandsFlagsAndIds() throws {
        let b = try Bench()
        #expect(b.wb.complete("hel").candidates == ["help"])
        // Abbreviations (aliases that begin their name) complete their command and are not listed.
        #expect(b.wb.complete("he").candidates == ["help"])
        #expect(b.wb.complete("hyp").candidates == ["hypothesize"])
        #expect(b.wb.complete("hea").candidates == ["heap"])
        #expect(b.wb.complete("heap t").candidates == ["top", "traces"])
        #expect(b.wb.complete("h").candidates == ["heap", "help", "history", "hypothesize"])
        #expect(b.wb.complete("hyp x --pr").candidates == ["--predict"])
        #expect(b.wb.complete("evidence #1 su").candidates == ["supports"])
        _ = b.ok("ask why")
        _ = b.ok("hyp a")
        _ = b.ok("hyp b")
        #expect(b.wb.complete("focus ").candidates == ["Q1", "H1", "H2"])
        #expect(b.wb.complete("focus h").candidates == ["H1", "H2"])
        #expect(b.wb.complete("conclude H1 ").candidates == ["supported", "refuted", "inconclusive"])
        #expect(b.wb.complete("show #").candidates.first == "#3")
    }

    @Test func filePathsAndProcesses() throws {
        let b = try Bench()
        FileManager.default.createFile(atPath: b.dir + "/kern.log", contents: Data())
        try FileManager.default.createDirectory(atPath: b.dir + "/logs", withIntermediateDirectories: true)
        let files = Workbench.paths(prefix: b.dir + "/")
        #expect(files.contains(b.dir + "/kern.log"))
        #expect(files.contains(b.dir + "/logs/"))
        let pid = String(getpid())
        #expect(Workbench.processes(prefix: pid).contains(pid))
        #expect(!Workbench.processes(prefix: "").isEmpty)
    }
}

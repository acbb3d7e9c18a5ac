import Foundation
import Notebook
import Testing

/// The binary through `-c` and standard input: whole output and exit status, one test per error path.
@Suite struct ScriptModeTests {
    @Test func stdinCommandsAreRecordedInAPrivateNotebook() throws {
        let dir = try Scratch()
        let nb = dir.file("n.sleuth")
        let r = try sleuth(["--notebook", nb], stdin: "help\nhistory\n")
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.hasPrefix("Sleuth 0.1.0: ask a question"))
        #expect(r.stdout.contains("   #1  "))
        let store = try NotebookStore(path: nb, readOnly: true)
        #expect(try store.entries().map(\.line) == ["help", "history"])
        let mode = try FileManager.default.attributesOfItem(atPath: nb)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func unknownCommandFailsWithASuggestion() throws {
        let dir = try Scratch()
        let r = try sleuth(["--notebook", dir.file("n.sleuth"), "-c", "nosuchcmd"])
        #expect(r == RunResult(status: 1, stdout: "", stderr: "error: unknown command 'nosuchcmd'; type 'help' for the list\n"))
        let typo = try sleuth(["--notebook", dir.file("m.sleuth"), "-c", "hisotry"])
        #expect(typo == RunResult(status: 1, stdout: "", stderr: "error: unknown command 'hisotry'; did you mean 'history'?\n"))
    }

    @Test func scriptsStopAtTheFirstFailure() throws {
        let dir = try Scratch()
        let nb = dir.file("n.sleuth")
        let r = try sleuth(["--notebook", nb], stdin: "ask first\nconclude H7 refuted\nask never\n")
        #expect(r.status == 1)
        #expect(r.stderr == "error: conclude: no hypothesis H7\n")
        #expect(try NotebookStore(path: nb, readOnly: true).entries().map(\.line) == ["ask first", "conclude H7 refuted"])
    }

    @Test func dashCRunsInOrderAndJSON() throws {
        let dir = try Scratch()
        let r = try sleuth(["--notebook", dir.file("n.sleuth"), "-c", "ask \"why?\"", "-c", "hyp leak -p growing", "-c", "status --json"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"focus\": \"H1\""))
        let json = try JSONValue(parsing: String(r.stdout[r.stdout.firstIndex(of: "{")!...]))
        #expect(json.value(at: "questions.0.hypotheses.0.predictions.0.expected")?.stringValue == "growing")
    }

    @Test func errorPaths() throws {
        let dir = try Scratch()
        let nb = dir.file("n.sleuth")
        #expect(try sleuth(["--notebook", nb, "-c", "ask \"open"]) ==
                RunResult(status: 1, stdout: "", stderr: "error: unterminated \" quote starting at column 5\n"))
        #expect(try sleuth(["--notebook", nb, "-c", "h"]) ==
                RunResult(status: 1, stdout: "", stderr: "error: ambiguous command 'h': could be heap, help, history, hypothesize\n"))
        #expect(try sleuth(["--notebook", nb, "-c", "history --lats 3"]) ==
                RunResult(status: 1, stdout: "", stderr: "error: history: unknown flag '--lats'; did you mean '--last'?\n"))
        #expect(try sleuth(["--notebook", nb, "-c", "show"]) ==
                RunResult(status: 1, stdout: "", stderr: "error: show: missing ENTRY (usage: show ENTRY)\n"))
        #expect(try sleuth(["--notebook", nb, "-c", "show #999"]) ==
                RunResult(status: 1, stdout: "", stderr: "error: show: no result #999\n"))
        #expect(try sleuth(["--notebook", nb, "-c", "sleep soon"]) ==
                RunResult(status: 1, stdout: "", stderr: "error: 'soon' is not a valid DURATION; use a duration such as 500ms, 30s, 2m or 1h\n"))
    }

    @Test func usageErrorsExitTwo() throws {
        let r = try sleuth(["--bogus"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--bogus"))
        let v = try sleuth(["--version"])
        #expect(v == RunResult(status: 0, stdout: "0.1.0\n", stderr: ""))
        let h = try sleuth(["--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("USAGE: sleuth"))
    }

    @Test func notANotebookAndMissingDirectory() throws {
        let dir = try Scratch()
        let bad = dir.file("bad.sleuth")
        try String(repeating: "not sqlite ", count: 20).write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try sleuth(["--notebook", bad, "-c", "help"])
        #expect(r.status == 1)
        #expect(r.stderr == "error: notebook '\(bad)': is not a Sleuth notebook (not an SQLite database)\n")
        let missing = dir.file("no/such/dir/n.sleuth")
        let m = try sleuth(["--notebook", missing, "-c", "help"])
        #expect(m == RunResult(status: 1, stdout: "", stderr: "error: notebook '\(missing)': cannot open: No such file or directory\n"))
    }

    @Test func defaultNotebookIsCreatedInTheCurrentDirectory() throws {
        let dir = try Scratch()
        let r = try sleuth(["-c", "help"], cwd: dir.path)
        #expect(r.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".sleuth") }
        #expect(files.count == 1)
        #expect(files[0].range(of: #"^sleuth-\d{8}-\d{6}\.sleuth$"#, options: .regularExpression) != nil)
    }

    @Test func aSecondSleuthOnTheSameNotebookIsRefused() throws {
        let dir = try Scratch()
        let nb = dir.file("n.sleuth")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: Binary.path)
        holder.arguments = ["--notebook", nb]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer { holder.terminate(); holder.waitUntilExit() }
        input.fileHandleForWriting.write(Data("ask held\n".utf8))
        _ = output.fileHandleForReading.availableData  // the first command has been answered: the notebook is open
        let r = try sleuth(["--notebook", nb, "-c", "help"])
        #expect(r == RunResult(status: 1, stdout: "",
                               stderr: "error: notebook '\(nb)': is open in another sleuth process; close it there first\n"))
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        #expect(try NotebookStore(path: nb, readOnly: true).integrityCheck() == "ok")
    }
}

import Foundation
import Notebook
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The REPL through a real pseudo-terminal: libedit editing, completion, history, Ctrl-C.
@Suite(.serialized) struct TerminalTests {
    @Test func tabCompletesACommand() throws {
        let dir = try Scratch()
        let t = try Terminal(args: ["--notebook", dir.file("n.sleuth")], env: ["XDG_STATE_HOME": dir.path])
        #expect(t.waitFor("sleuth> "))
        let mark = t.mark
        // "he" begins heap and help; it is help's declared abbreviation, so TAB completes help.
        t.type("he\t")
        // libedit redraws the completed word: "he", a cursor move, then "lp ".
        #expect(t.waitFor("lp ", after: mark))
        t.type("\r")
        #expect(t.waitFor("Type 'help COMMAND'", after: mark))
        // Double TAB lists the candidates.
        let m2 = t.mark
        t.type("h\t\t")
        #expect(t.waitFor("heap", after: m2))
        #expect(t.waitFor("history", after: m2))
        t.type("\u{04}")
    }

    @Test func historyIsRecalledAfterARestart() throws {
        let dir = try Scratch()
        let env = ["XDG_STATE_HOME": dir.path]
        do {
            let t = try Terminal(args: ["--notebook", dir.file("a.sleuth")], env: env)
            #expect(t.waitFor("sleuth> "))
            t.type("ask \"why does it grow?\"\r")
            #expect(t.waitFor("sleuth Q1> "))
            t.type("\u{04}")
            #expect(t.exitStatus() == 0)
        }
        let historyFile = dir.path + "/sleuth/history"
        let mode = try FileManager.default.attributesOfItem(atPath: historyFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let t = try Terminal(args: ["--notebook", dir.file("b.sleuth")], env: env)
        #expect(t.waitFor("sleuth> "))
        let mark = t.mark
        t.type("\u{1b}[A")
        #expect(t.waitFor("ask \"why does it grow?\"", after: mark))
        t.type("\r")
        #expect(t.waitFor("Q1 why does it grow?", after: mark))
        #expect(t.waitFor("sleuth Q1> ", after: mark))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
    }

    @Test func ctrlCInterruptsACommandAndTheSessionGoesOn() throws {
        let dir = try Scratch()
        let nb = dir.file("n.sleuth")
        let t = try Terminal(args: ["--notebook", nb], env: ["XDG_STATE_HOME": dir.path])
        #expect(t.waitFor("sleuth> "))
        let started = Date()
        t.type("sleep 60s\r")
        #expect(t.waitFor("sleep 60s"))
        Thread.sleep(forTimeInterval: 0.5)
        let mark = t.mark
        t.type("\u{03}")
        #expect(t.waitFor("interrupted after", after: mark))
        #expect(t.waitFor("sleuth> ", after: mark))
        #expect(Date().timeIntervalSince(started) < 20)
        let m2 = t.mark
        t.type("history\r")
        #expect(t.waitFor("#1", after: m2))
        #expect(t.waitFor("sleuth> ", after: m2))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0, "screen: \(t.screen.debugDescription)")
        let entries = try NotebookStore(path: nb, readOnly: true).entries()
        #expect(entries.map(\.line) == ["sleep 60s", "history"])
        #expect(JSONValue(lenient: entries[0].result).value(at: "interrupted") == .bool(true))
    }

    @Test func ctrlCAtThePromptClearsTheLine() throws {
        let dir = try Scratch()
        let nb = dir.file("n.sleuth")
        let t = try Terminal(args: ["--notebook", nb], env: ["XDG_STATE_HOME": dir.path])
        #expect(t.waitFor("sleuth> "))
        t.type("ask discarded")
        #expect(t.waitFor("discarded"))
        t.type("\u{03}")
        #expect(t.waitFor("^C"))
        t.type("ask kept\r")
        #expect(t.waitFor("Q1 kept"))
        #expect(t.waitFor("sleuth Q1> "))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
        #expect(try NotebookStore(path: nb, readOnly: true).entries().map(\.line) == ["ask kept"])
    }

    @Test func unicodeInputSurvives() throws {
        let dir = try Scratch()
        let nb = dir.file("n.sleuth")
        let t = try Terminal(args: ["--notebook", nb], env: ["XDG_STATE_HOME": dir.path, "LANG": "C", "LC_ALL": ""])
        #expect(t.waitFor("sleuth> "))
        t.type("ask \"pourquoi été tué? 内存\"\r")
        #expect(t.waitFor("Q1 pourquoi"))
        #expect(t.waitFor("sleuth Q1> "))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
        #expect(try NotebookStore(path: nb, readOnly: true).investigation().questions.first?.text == "pourquoi été tué? 内存")
    }

    @Test func windowResizeIsHandled() throws {
        let dir = try Scratch()
        let t = try Terminal(args: ["--notebook", dir.file("n.sleuth")], env: ["XDG_STATE_HOME": dir.path])
        #expect(t.waitFor("sleuth> "))
        var size = winsize(ws_row: 40, ws_col: 132, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(t.master, UInt(TIOCSWINSZ), &size)
        kill(t.pid, SIGWINCH)
        let mark = t.mark
        t.type("ask still here\r")
        #expect(t.waitFor("Q1 still here", after: mark))
        #expect(t.waitFor("sleuth Q1> ", after: mark))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
    }
}

import ArgumentParser
import Foundation
import LineEditor
import Notebook
import Playbook
import Workbench

/// `sleuth [--notebook PATH] [-c CMD]...`: the REPL, or commands from -c or standard input.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Open the REPL on a notebook (the default), or run commands from -c or standard input.")

    @Option(name: .long, help: "The notebook to create or resume (default: ./sleuth-YYYYMMDD-HHMMSS.sleuth).")
    var notebook: String?

    @Option(name: .customShort("c"), help: "Run this command and exit; repeatable. Stops at the first failure.")
    var commands: [String] = []

    func run() throws {}

    /// Runs the session and returns the process's exit code.
    mutating func execute() -> Int32 {
        let path = notebook ?? Start.defaultNotebookPath()
        let store: NotebookStore
        let workbench: Workbench
        do {
            store = try NotebookStore(path: path)
            workbench = try Workbench(store: store, registry: fullRegistry)
        } catch {
            Console.err("error: \(error)\n")
            return 1
        }
        Interrupt.install()
        workbench.isInterrupted = { Interrupt.isRequested }
        workbench.stream = { Console.out($0) }
        workbench.playbookNames = { PlaybookLibrary.standard().names }
        if !commands.isEmpty {
            return Start.script(commands.makeIterator(), workbench)
        }
        if !Terminal.inputIsTerminal {
            let reader = PlainLineReader()
            return Start.script(AnyIterator { if case .line(let l) = reader.readLine(prompt: "") { return l } else { return nil } },
                                workbench)
        }
        return Start.repl(workbench, path: path)
    }

    static func defaultNotebookPath() -> String {
        var t = time(nil)
        var tm = tm()
        localtime_r(&t, &tm)
        var buffer = [CChar](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "sleuth-%Y%m%d-%H%M%S.sleuth", &tm)
        return String(cString: buffer)
    }

    /// Runs lines in order; stops at the first failure (exit 1).
    static func script<I: IteratorProtocol>(_ lines: I, _ workbench: Workbench) -> Int32 where I.Element == String {
        var lines = lines
        var expectationFailed = false
        workbench.terminalWidth = Terminal.outputIsTerminal ? Terminal.width() : 80
        while let line = lines.next() {
            Interrupt.reset()
            guard let outcome = workbench.run(line) else { continue }
            emit(outcome)
            if outcome.status == .failed { return 1 }
            if outcome.expectationFailed { expectationFailed = true }
            if outcome.quits { break }
        }
        return expectationFailed ? 3 : 0
    }

    static func emit(_ outcome: CommandOutcome) {
        if !outcome.output.isEmpty {
            Console.out(outcome.output.hasSuffix("\n") ? outcome.output : outcome.output + "\n")
        }
        if let error = outcome.error { Console.err(error + "\n") }
    }

    static func repl(_ workbench: Workbench, path: String) -> Int32 {
        let history = HistoryFile.defaultPath(environment: ProcessInfo.processInfo.environment).map { HistoryFile(path: $0) }
        let editor = EditLineReader(history: history) { line in
            let c = workbench.complete(line)
            return Completion(word: c.word, candidates: c.candidates)
        }
        workbench.progress = { line in
            Console.out("\r\u{1b}[K" + line)
        }
        let resumed = (try? workbench.store.entries().count) ?? 0
        Console.out("Sleuth \(Workbench.version) — notebook \(path)" + (resumed > 0 ? " (resumed, \(resumed) entries)" : "") + "\n")
        Console.out("Type 'help' for the commands, 'guide' for the next step, Ctrl-D to leave.\n")
        while true {
            workbench.terminalWidth = Terminal.width()
            guard case .line(let line) = editor.readLine(prompt: workbench.prompt()) else { break }
            editor.remember(line)
            Interrupt.reset()
            guard let outcome = workbench.run(line) else { continue }
            // The terminal echoed ^C without a newline: start the output on a line of its own.
            if Interrupt.isRequested { Console.out("\n") }
            emit(outcome)
            if outcome.quits { break }
        }
        return 0
    }
}

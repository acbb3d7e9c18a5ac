import ArgumentParser
import Foundation
import LineEditor
import Notebook
import Playbook
import Workbench

/// The registry of every command, playbook commands included.
let fullRegistry = CommandRegistry(CommandRegistry.standard.commands + Playbook.commands)

/// `sleuth run PLAYBOOK`: a scripted investigation, unattended or step by step.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a playbook: every step is recorded in the notebook as if typed.",
        discussion: "Exit codes: 0 every expectation held, 3 one did not (the investigation concluded differently), 1 a command failed, 2 usage or an invalid playbook.")

    @Argument(help: "A playbook file, or the name of one in ./Playbooks, ~/.config/sleuth/playbooks or Sleuth's own.")
    var playbook: String

    @Option(name: .customLong("var"), help: "Set a variable: NAME=VALUE (repeatable).")
    var vars: [String] = []

    @Option(name: .long, help: "The notebook to record into (default: ./sleuth-YYYYMMDD-HHMMSS.sleuth).")
    var notebook: String?

    @Flag(name: .long, help: "Show each step and wait: Enter runs it, s skips, e edits the command, q drops into the REPL.")
    var step = false

    @Flag(name: .long, help: "Only validate the playbook.")
    var check = false

    @Flag(name: .long, help: "Allow shell steps and --work cmd: counters.")
    var allowShell = false

    func run() throws {}

    func execute() -> Int32 {
        let loaded: Playbook
        let values: [String: String]
        do {
            let path = try PlaybookLibrary.standard().locate(playbook)
            loaded = try Playbook.load(path: path, registry: fullRegistry, allowShell: allowShell)
            values = try PlaybookRunner.parseVars(vars)
        } catch {
            Console.err("\(error)\n")
            return 2
        }
        if check {
            Console.out("\(loaded.name): valid\n")
            return 0
        }
        let path = notebook ?? Start.defaultNotebookPath()
        let workbench: Workbench
        do {
            workbench = try Workbench(store: try NotebookStore(path: path), registry: fullRegistry)
        } catch {
            Console.err("error: \(error)\n")
            return 1
        }
        Interrupt.install()
        workbench.isInterrupted = { Interrupt.isRequested }
        workbench.stream = { Console.out($0) }
        workbench.allowCommands = allowShell
        workbench.playbookNames = { PlaybookLibrary.standard().names }
        let reader = PlainLineReader()
        let runner = PlaybookRunner(playbook: loaded, workbench: workbench, vars: values, allowShell: allowShell, stepMode: step,
                                    output: { Console.out($0) }, errorOutput: { Console.err($0) },
                                    input: { if case .line(let l) = reader.readLine(prompt: "") { return l } else { return nil } })
        let result = runner.run()
        Console.err("notebook: \(path)\n")
        if result.stopped && Terminal.inputIsTerminal {
            workbench.allowCommands = true
            return Start.repl(workbench, path: path)
        }
        return result.exitCode
    }
}

import ArgumentParser
import Workbench

struct SleuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sleuth",
        abstract: "A guided debugging workbench for memory problems on Linux.",
        discussion: """
            Without -c, and with a terminal on standard input, sleuth opens the REPL; with commands on \
            standard input it runs them in order. Exit codes: 0 every command succeeded, 1 a command \
            failed (scripts stop there), 2 usage error, 3 a playbook expectation did not hold.
            """,
        version: Workbench.version,
        subcommands: [Start.self, Run.self, Export.self],
        defaultSubcommand: Start.self)
}

import Foundation
import Notebook
import Workbench

extension Playbook {
    /// The REPL commands of this module, for the executable to register:
    /// `CommandRegistry(CommandRegistry.standard.commands + Playbook.commands)`.
    public static let commands: [any Command.Type] = [
        PlaybookListCommand.self, PlaybookShowCommand.self, PlaybookRunCommand.self, ExportPlaybookCommand.self,
    ]
}

/// `playbook list`
struct PlaybookListCommand: Command {
    static let spec = CommandSpec(
        "playbook list", group: "Playbooks", summary: "list the playbooks Sleuth finds, with where each was found",
        discussion: """
            Playbooks are looked up in ./Playbooks, then $XDG_CONFIG_HOME/sleuth/playbooks (else \
            ~/.config/sleuth/playbooks), then the ones shipped with Sleuth ($SLEUTH_PLAYBOOKS overrides their \
            place). A name found earlier hides the same name later.
            """,
        examples: ["playbook list"], role: .meta)

    struct Item: Codable, Sendable {
        var name: String
        var description: String
        var path: String
        var foundIn: String
        var problem: String?
    }

    init(_ arguments: ParsedArguments) throws {}

    func run(in context: CommandContext) throws -> CommandResult {
        let library = PlaybookLibrary.standard()
        var items: [Item] = []
        for found in library.list() {
            do {
                let p = try Playbook.load(path: found.path)
                items.append(Item(name: found.name, description: p.description.oneLine, path: found.path,
                                  foundIn: found.directory.label, problem: nil))
            } catch {
                let first = (error as? PlaybookError)?.problems.first?.description ?? "\(error)"
                items.append(Item(name: found.name, description: "", path: found.path, foundIn: found.directory.label,
                                  problem: first))
            }
        }
        if items.isEmpty {
            let places = library.directories.map(\.path).joined(separator: ", ")
            return CommandResult(items, text: "no playbooks in \(places)\n")
        }
        let width = items.map(\.name.count).max() ?? 0
        var text = ""
        for item in items {
            text += item.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            text += (item.problem.map { "(does not load: \($0))" } ?? item.description)
            text += "  [\(item.foundIn): \(item.path)]\n"
        }
        return CommandResult(items, text: text)
    }
}

/// `playbook show NAME`
struct PlaybookShowCommand: Command {
    static let spec = CommandSpec(
        "playbook show", group: "Playbooks", summary: "show a playbook's variables and steps",
        arguments: [ArgumentSpec("NAME", .playbook, help: "a playbook name (see 'playbook list') or a file")],
        examples: ["playbook show oom-triage"], role: .meta)

    struct Result: Codable, Sendable {
        struct Var: Codable, Sendable { var name: String; var description: String; var defaultValue: String?; var required: Bool; var pattern: String? }
        struct StepItem: Codable, Sendable { var number: Int; var kind: String; var summary: String; var when: String?; var line: Int }
        var name: String
        var description: String
        var path: String
        var vars: [Var]
        var steps: [StepItem]
    }

    let name: String
    init(_ arguments: ParsedArguments) throws { name = arguments.argument("NAME")! }

    func run(in context: CommandContext) throws -> CommandResult {
        let path = try wrap { try PlaybookLibrary.standard().locate(name) }
        let p = try wrap { try Playbook.load(path: path) }
        let result = Result(
            name: p.name, description: p.description, path: path,
            vars: p.variables.map { .init(name: $0.name, description: $0.description, defaultValue: $0.defaultValue,
                                          required: $0.required, pattern: $0.pattern) },
            steps: p.steps.map { .init(number: $0.number, kind: $0.kind, summary: $0.summary, when: $0.when?.text,
                                       line: $0.location.line) })
        var text = "\(p.name) — \(path)\n"
        if !p.description.isEmpty { text += p.description.trimmingSpaces() + "\n" }
        if !p.variables.isEmpty {
            text += "\nvariables:\n"
            for v in p.variables {
                text += "  \(v.name)"
                if v.required { text += " (required)" }
                if let d = v.defaultValue, !d.isEmpty { text += " = \(d)" }
                if !v.description.isEmpty { text += " — \(v.description.oneLine)" }
                text += "\n"
            }
        }
        text += "\nsteps:\n"
        let width = String(p.steps.count).count
        for s in p.steps {
            let n = String(s.number)
            text += "  " + String(repeating: " ", count: width - n.count) + n + ". \(s.kind): \(s.summary)"
            if let w = s.when { text += "   (when \(w.text))" }
            text += "\n"
        }
        return CommandResult(result, text: text)
    }
}

/// `playbook run NAME [--var NAME=VALUE]... [--allow-shell]`
struct PlaybookRunCommand: Command {
    static let spec = CommandSpec(
        "playbook run", group: "Playbooks",
        summary: "run a playbook's steps here; each step is recorded as if typed",
        discussion: """
            Steps run one after the other; an expectation that does not hold is recorded and the run goes on. \
            A prompt step takes its default here (give --var to answer it). Shell steps, and sample --work cmd:…, \
            run only with --allow-shell.
            """,
        arguments: [ArgumentSpec("NAME", .playbook, help: "a playbook name (see 'playbook list') or a file")],
        flags: [FlagSpec("var", value: "NAME=VALUE", repeating: true, help: "set a variable of the playbook"),
                FlagSpec("allow-shell", help: "allow the playbook's shell steps")],
        examples: ["playbook run oom-triage", "playbook run oom-triage --var log=/var/log/kern.log"],
        role: .investigation)

    struct Result: Codable, Sendable {
        var playbook: String
        var path: String
        var exitCode: Int32
        var stepsRun: Int
        var failedExpectations: [String]
    }

    let name: String
    let vars: [String]
    let allowShell: Bool
    init(_ arguments: ParsedArguments) throws {
        name = arguments.argument("NAME")!
        vars = arguments.values("var")
        allowShell = arguments.isSet("allow-shell")
    }

    func validate(in context: CommandContext) throws {
        _ = try wrap { try PlaybookRunner.parseVars(vars) }
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let path = try wrap { try PlaybookLibrary.standard().locate(name) }
        let playbook = try wrap { try Playbook.load(path: path) }
        var errors: [String] = []
        let runner = PlaybookRunner(playbook: playbook, workbench: context.workbench,
                                    vars: try wrap { try PlaybookRunner.parseVars(vars) }, allowShell: allowShell,
                                    output: { context.stream($0) },
                                    errorOutput: { errors.append($0.hasSuffix("\n") ? String($0.dropLast()) : $0) })
        let r = runner.run()
        let result = Result(playbook: playbook.name, path: path, exitCode: r.exitCode, stepsRun: r.stepsRun,
                            failedExpectations: r.failedExpectations)
        switch r.exitCode {
        case PlaybookRunner.ExitCode.ok:
            return CommandResult(result, text: "")
        case PlaybookRunner.ExitCode.expectationFailed:
            var outcome = CommandResult(result, text: "the investigation concluded differently from the playbook's expectations\n")
            outcome.expectationFailed = true
            return outcome
        default:
            if errors.count > 1 {
                for e in errors.dropLast() { context.stream(e + "\n") }
            }
            var last = errors.last ?? "playbook \(playbook.name) stopped"
            if last.hasPrefix("error: ") { last.removeFirst("error: ".count) }
            throw WorkbenchError(last.replacing(": error: ", with: ": "))
        }
    }
}

/// Turns a `PlaybookError` into the Workbench's one-line error.
func wrap<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as PlaybookError {
        let lines = e.problems.map { ($0.location.map { "\($0): " } ?? "") + $0.message }
        throw WorkbenchError(lines.count == 1 ? lines[0] : lines[0] + " (and \(lines.count - 1) more problems)")
    }
}

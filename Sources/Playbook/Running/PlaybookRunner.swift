import Foundation
import Notebook
import Workbench

/// Runs a playbook on a workbench, step by step, recording every step in the notebook as if it had been
/// typed (`ask '…'`, `hyp '…' --predict …`, the `run` lines, `evidence`, `conclude`, …).
///
/// A failed `expect` is recorded as a note and the run goes on, so that a later `conclude: auto` records
/// the refuted hypothesis; the run then ends with 3. A command that fails ends it at once with 1.
public struct PlaybookRunner {
    /// How much of a shell step's output is shown and kept; the rest is drained and counted.
    static let maxShellOutput = 1 << 20

    /// The exit codes of `sleuth run`, from the tool's one table.
    public enum ExitCode {
        public static let ok: Int32 = 0
        public static let commandFailed: Int32 = 1
        public static let usage: Int32 = 2
        public static let expectationFailed: Int32 = 3
    }

    /// How a run ended.
    public struct Result: Sendable, Equatable {
        /// 0 every expectation held, 1 a command failed, 2 usage (variables, validation, shell refused),
        /// 3 an expectation did not hold.
        public var exitCode: Int32
        /// The user answered `q` at a `--step` prompt: go on in the REPL; everything so far is recorded.
        public var stopped: Bool
        /// Steps that ran (not skipped by `when` or by the user).
        public var stepsRun: Int
        /// Each expectation that did not hold, as `events.count >= 1 (was 0)`.
        public var failedExpectations: [String]
    }

    public let playbook: Playbook
    public let workbench: Workbench
    public var vars: [String: String]
    public var allowShell: Bool
    /// `--step`: show each step and wait for Enter (run), `s` (skip), `e` (edit: the next line replaces
    /// its command) or `q` (stop).
    public var stepMode: Bool
    public var output: (String) -> Void
    public var errorOutput: (String) -> Void
    /// Lines typed by the user, for `prompt` steps and `--step`; nil when there is no one to ask.
    public var input: (() -> String?)?

    /// - Parameters:
    ///   - vars: `--var NAME=VALUE` values by name.
    ///   - output: receives the run's text as it happens (each piece ends with a newline, except prompts).
    ///   - errorOutput: receives error lines, `FILE:LINE:COLUMN: error: …`, each ending with a newline.
    public init(playbook: Playbook, workbench: Workbench, vars: [String: String] = [:], allowShell: Bool = false,
                stepMode: Bool = false, output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void,
                input: (() -> String?)? = nil) {
        self.playbook = playbook
        self.workbench = workbench
        self.vars = vars
        self.allowShell = allowShell
        self.stepMode = stepMode
        self.output = output
        self.errorOutput = errorOutput
        self.input = input
    }

    /// Parses `NAME=VALUE` words (`--var` values).
    /// - Throws: `PlaybookError` for a word without `=` or with a bad name.
    public static func parseVars(_ words: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for w in words {
            guard let eq = w.firstIndex(of: "="), Variables.isName(String(w[..<eq])) else {
                throw PlaybookError("--var '\(w)' must be NAME=VALUE", at: nil)
            }
            out[String(w[..<eq])] = String(w[w.index(after: eq)...])
        }
        return out
    }

    /// Validates, checks the variables, then runs every step.
    public func run() -> Result {
        let execution = Execution(self)
        return execution.run()
    }
}

/// The state of one run.
final class Execution {
    let runner: PlaybookRunner
    let playbook: Playbook
    let workbench: Workbench
    var vars = Variables()
    var given: Set<String> = []
    var lastExpect: (holds: Bool, text: String)?
    var labels: [String: Int64] = [:]
    var failed: [String] = []
    var stepsRun = 0

    init(_ runner: PlaybookRunner) {
        self.runner = runner
        playbook = runner.playbook
        workbench = runner.workbench
    }

    func out(_ s: String) { runner.output(s) }

    func error(_ message: String, at location: PlaybookLocation?) {
        runner.errorOutput(PlaybookError.Problem(message, at: location).description + "\n")
    }

    func finish(_ code: Int32, stopped: Bool = false) -> PlaybookRunner.Result {
        PlaybookRunner.Result(exitCode: code, stopped: stopped, stepsRun: stepsRun, failedExpectations: failed)
    }

    /// The exit code when the run ends normally or is stopped: 3 once an expectation failed.
    var verdictCode: Int32 { failed.isEmpty ? PlaybookRunner.ExitCode.ok : PlaybookRunner.ExitCode.expectationFailed }

    func run() -> PlaybookRunner.Result {
        do {
            try playbook.validate(registry: workbench.registry, allowShell: runner.allowShell)
        } catch let e as PlaybookError {
            for p in e.problems { runner.errorOutput(p.description + "\n") }
            return finish(PlaybookRunner.ExitCode.usage)
        } catch {
            self.error("\(error)", at: nil)
            return finish(PlaybookRunner.ExitCode.usage)
        }
        let problems = bindVariables()
        if !problems.isEmpty {
            for p in problems { runner.errorOutput(p.description + "\n") }
            return finish(PlaybookRunner.ExitCode.usage)
        }
        let total = playbook.steps.count
        out("playbook \(playbook.name)" + (playbook.description.isEmpty ? "" : ": \(playbook.description.oneLine)")
            + " (\(total) step\(total == 1 ? "" : "s"))\n")
        for step in playbook.steps {
            // Ctrl-C (which also ends a long command, keeping what it collected) stops the playbook too.
            if workbench.isInterrupted() {
                out("interrupted before step \(step.number)/\(total); everything so far is in the notebook\n")
                return finish(verdictCode, stopped: true)
            }
            do {
                if case .stop = try perform(step, of: total) {
                    out("stopped at step \(step.number)/\(total); everything so far is in the notebook\n")
                    return finish(verdictCode, stopped: true)
                }
            } catch is Skip {
                continue
            } catch let e as StepFailure {
                error("step \(step.number): \(e.message)", at: e.location ?? step.location)
                out("✗ \(playbook.name) stopped at step \(step.number)/\(total)\n")
                return finish(e.code)
            } catch {
                self.error("step \(step.number): \(error)", at: step.location)
                return finish(PlaybookRunner.ExitCode.commandFailed)
            }
        }
        if failed.isEmpty {
            out("✓ \(playbook.name): \(stepsRun) step\(stepsRun == 1 ? "" : "s") run, every expectation held\n")
        } else {
            out("✗ \(playbook.name): \(failed.count) expectation\(failed.count == 1 ? "" : "s") did not hold: "
                + failed.joined(separator: "; ") + "\n")
        }
        return finish(verdictCode)
    }

    // MARK: variables

    /// Sets every variable from `--var` or its default; reports unknown names, missing required values
    /// and values that do not match their pattern.
    func bindVariables() -> [PlaybookError.Problem] {
        var problems: [PlaybookError.Problem] = []
        var promptNames: [String] = []
        for step in playbook.steps { if case .prompt(_, let name, _, _) = step.action { promptNames.append(name) } }
        let known = playbook.variables.map(\.name) + promptNames
        for (name, value) in runner.vars.sorted(by: { $0.key < $1.key }) {
            guard known.contains(name) else {
                let hint = Suggest.nearest(name, among: known).map { "; did you mean '\($0)'?" }
                    ?? (known.isEmpty ? "; this playbook takes no variables" : "; this playbook takes \(known.joined(separator: ", "))")
                problems.append(.init("--var \(name): unknown variable '\(name)'\(hint)", at: nil))
                continue
            }
            given.insert(name)
            vars.values[name] = .string(value)
        }
        for v in playbook.variables {
            let value = runner.vars[v.name] ?? v.defaultValue ?? ""
            if v.required && runner.vars[v.name] == nil && (v.defaultValue ?? "").isEmpty {
                let about = v.description.isEmpty ? "" : " (\(v.description))"
                problems.append(.init("variable '\(v.name)' is required\(about); give --var \(v.name)=VALUE", at: v.location))
                continue
            }
            if let pattern = v.pattern, !value.isEmpty, let regex = try? Regex(pattern), (try? regex.wholeMatch(in: value)) == nil {
                problems.append(.init("variable '\(v.name)': '\(value)' does not match its pattern '\(pattern)'", at: v.location))
                continue
            }
            vars.values[v.name] = .string(value)
        }
        return problems
    }

    // MARK: steps

    enum Flow { case next, stop }

    struct StepFailure: Error {
        var message: String
        var code: Int32 = PlaybookRunner.ExitCode.commandFailed
        var location: PlaybookLocation?
    }

    /// A value for a `{{…}}`: strict in command lines (a missing value would change the command),
    /// `?` in texts shown or recorded.
    func value(_ path: String, strict: Bool) throws -> String {
        let first = String(path.split(separator: ".").first ?? "")
        guard vars.values[first] != nil else {
            throw StepFailure(message: "variable '\(first)' has no value: the step that sets it did not run")
        }
        guard let v = vars.lookup(path) else {
            if strict { throw StepFailure(message: "'{{\(path)}}' is not in '\(first)'") }
            return "?"
        }
        return Variables.text(v)
    }

    func text(_ t: Template) throws -> String { try t.render { try value($0, strict: false) } }

    func perform(_ step: Playbook.Step, of total: Int) throws -> Flow {
        let head = "step \(step.number)/\(total)" + (step.title.map { " (\($0))" } ?? "")
        if let when = step.when {
            let e = when.evaluate(vars.lookup)
            if !e.holds {
                out("· \(head) \(step.kind) skipped: when \(when.text) \(e.was)\n")
                return .next
            }
        }
        // The command line the step records, when it records one.
        var line: String?
        switch step.action {
        case .say(let t):
            let shown = try text(t)
            if try confirm("▶ \(head) say:\n\(shown.hasSuffix("\n") ? shown : shown + "\n")", line: nil) == .stop { return .stop }
            stepsRun += 1
            return .next
        case .ask(let t):
            line = "ask " + Template.word(try text(t))
        case .note(let t):
            line = "note " + Template.word(try text(t))
        case .hypothesize(let t, let predict, _):
            line = "hypothesize " + Template.word(try text(t)) + (try predict.map { " --predict " + Template.word(try text($0)) }.joined())
        case .run(let t, _):
            line = try t.renderCommandLine { try value($0, strict: true) }
        case .expect(let c, let soft):
            if runner.stepMode, try confirm("▶ \(head) \(step.kind): \(c.text)\n", line: nil) == .stop { return .stop }
            stepsRun += 1
            try check(c, soft: soft, step: step)
            return .next
        case .evidence(let relation, let why, let label, let result):
            let h = try hypothesis(label, step: step)
            guard let entry = result.flatMap({ vars.entries[$0] }) ?? vars.lastEntry else {
                throw StepFailure(message: "there is no result to link")
            }
            let rel: String
            var reason = try why.map(text)
            if relation == .auto {
                guard let last = lastExpect else { throw StepFailure(message: "no expectation was checked before 'evidence: auto'") }
                rel = last.holds ? "supports" : "refutes"
                reason = reason ?? last.text
            } else {
                rel = relation.rawValue
            }
            line = "evidence #\(entry) \(rel) H\(h)" + (reason.map { " --why " + Template.word($0) } ?? "")
        case .conclude(let verdict, let why, let label):
            let h = try hypothesis(label, step: step)
            var reason = try why.map(text)
            let outcome: String
            if verdict == .auto {
                guard let last = lastExpect else { throw StepFailure(message: "no expectation was checked before 'conclude: auto'") }
                outcome = last.holds ? "supported" : "refuted"
                reason = reason ?? last.text
            } else {
                outcome = verdict.rawValue
            }
            line = "conclude H\(h) \(outcome)" + (reason.map { " --why " + Template.word($0) } ?? "")
        case .cause(let t, let at, let evidence):
            var l = "cause " + Template.word(try text(t))
            if let at { l += " --at " + Template.word(try text(at)) }
            for name in evidence {
                guard let id = name == "last" ? vars.lastEntry : vars.entries[name] else {
                    throw StepFailure(message: "no result registered as '\(name)'")
                }
                l += " --evidence #\(id)"
            }
            line = l
        case .prompt(let t, let name, let def, let choices):
            if try confirm("▶ \(head) prompt: \(name)\n", line: nil, onlyInStepMode: true) == .stop { return .stop }
            stepsRun += 1
            return try prompt(t, name: name, defaultValue: def, choices: choices, step: step)
        case .shell(let script, let register):
            if try confirm("▶ \(head) shell: \(script.oneLine)\n", line: nil) == .stop { return .stop }
            stepsRun += 1
            try shell(script, register: register, step: step)
            return .next
        }
        guard var command = line else { return .next }
        switch try ask("▶ \(head) \(step.kind): \(command)\n", editable: command) {
        case .stop: return .stop
        case .skip: return .next
        case .run(let edited): command = edited
        }
        stepsRun += 1
        if !runner.allowShell, let flag = RunLine.shellFlag(in: command, registry: workbench.registry) {
            throw StepFailure(message: "the command runs a program through '\(flag)'; run with --allow-shell to allow it",
                              code: PlaybookRunner.ExitCode.usage)
        }
        let outcome = try execute(command)
        if case .hypothesize(_, _, let label?) = step.action, let id = outcome.node, id.hasPrefix("H"), let n = Int64(id.dropFirst()) {
            labels[label] = n
        }
        if case .run(_, let register) = step.action {
            vars.lastResult = outcome.json
            vars.lastEntry = outcome.entry
            switch register {
            case .whole(let name)?:
                vars.values[name] = outcome.json
                vars.entries[name] = outcome.entry
            case .picks(let picks)?:
                for p in picks { vars.values[p.name] = Variables.follow(p.path.split(separator: ".").map(String.init), in: outcome.json) ?? .null }
            case nil: break
            }
        }
        return .next
    }

    struct Ran {
        var json: JSONValue
        var entry: Int64?
        /// The `id` of the node an investigation command created (`Q1`, `H2`).
        var node: String?
    }

    /// Runs one line through the workbench (which records it) and shows its output.
    func execute(_ line: String) throws -> Ran {
        guard let outcome = workbench.run(line) else { return Ran(json: .null) }
        if !outcome.output.isEmpty { out(outcome.output.hasSuffix("\n") ? outcome.output : outcome.output + "\n") }
        if outcome.status == .failed {
            let message = (outcome.error ?? "the command failed")
            throw StepFailure(message: message.hasPrefix("error: ") ? String(message.dropFirst(7)) : message)
        }
        let json = outcome.resultJSON.map { JSONValue(lenient: $0) } ?? .null
        return Ran(json: json, entry: outcome.entryId, node: json["id"]?.stringValue)
    }

    /// The hypothesis a step is about: its `hypothesis:` id, else the one in focus.
    func hypothesis(_ label: String?, step: Playbook.Step) throws -> Int64 {
        if let label {
            guard let h = labels[label] else { throw StepFailure(message: "hypothesis '\(label)' was not formed: its step did not run") }
            return h
        }
        guard let h = try workbench.store.investigation().focusedHypothesisId else {
            throw StepFailure(message: "no hypothesis is in focus; add a hypothesize step before this one")
        }
        return h
    }

    func check(_ c: Condition, soft: Bool, step: Playbook.Step) throws {
        let e = c.evaluate(vars.lookup)
        let was = e.was.isEmpty ? "" : " " + e.was
        let word = soft ? "test" : "expect"
        if e.holds {
            out("✓ \(word) \(c.text)\(was)\n")
            lastExpect = (true, "\(soft ? "test" : "expectation") '\(c.text)' held\(was)")
            return
        }
        lastExpect = (false, "\(soft ? "test" : "expectation") '\(c.text)' did not hold\(was)")
        if soft {
            out("– test \(c.text): no\(was)\n")
            return
        }
        out("✗ expect \(c.text)\(was)\n")
        failed.append(c.text + was)
        _ = try execute("note " + Template.word("expectation '\(c.text)' did not hold\(was) (step \(step.number) of playbook \(playbook.name))"))
    }

    // MARK: prompt

    func prompt(_ t: Template, name: String, defaultValue: Template?, choices: [String], step: Playbook.Step) throws -> Flow {
        if given.contains(name) {
            out("· \(name) = \(Variables.text(vars.values[name] ?? .null)) (given with --var)\n")
            return .next
        }
        let question = try text(t)
        let def = try defaultValue.map(text)
        var answer: String?
        if let input = runner.input {
            var tries = 0
            while answer == nil && tries < 3 {
                tries += 1
                out("? \(question)" + (choices.isEmpty ? "" : " [\(choices.joined(separator: "/"))]")
                    + (def.map { " (default: \($0))" } ?? "") + " ")
                guard let typed = input() else { break }
                let a = typed.trimmingSpaces()
                let chosen = a.isEmpty ? def : a
                guard let chosen else { out("an answer is needed\n"); continue }
                if !choices.isEmpty && !choices.contains(chosen) {
                    let hint = Suggest.nearest(chosen, among: choices).map { "; did you mean '\($0)'?" } ?? ""
                    out("'\(chosen)' is not one of \(choices.joined(separator: ", "))\(hint)\n")
                    continue
                }
                answer = chosen
            }
        }
        if answer == nil, let def {
            answer = def
            out("? \(question) → \(def) (the default: no answer given)\n")
        }
        guard let answer else {
            throw StepFailure(message: "prompt '\(question.oneLine)' got no answer and has no default; give --var \(name)=VALUE",
                              code: PlaybookRunner.ExitCode.usage)
        }
        vars.values[name] = .string(answer)
        _ = try execute("note " + Template.word("\(name) = \(answer) (asked: \(question.oneLine))"))
        return .next
    }

    // MARK: shell

    /// Runs the playbook's fixed shell text with `/bin/sh -c`; variables are in its environment only.
    func shell(_ script: String, register: String?, step: Playbook.Step) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        var env = ProcessInfo.processInfo.environment
        for (k, v) in vars.environment { env[k] = v }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw StepFailure(message: "cannot start /bin/sh: \(error)")
        }
        // Keep the first MiB of what it prints; drain the rest so it never blocks, and say how much it was.
        var data = Data()
        var dropped = 0
        while let chunk = try? pipe.fileHandleForReading.read(upToCount: 64 << 10), !chunk.isEmpty {
            let room = max(0, PlaybookRunner.maxShellOutput - data.count)
            data.append(chunk.prefix(room))
            dropped += max(0, chunk.count - room)
        }
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        if dropped > 0 { text += (text.hasSuffix("\n") ? "" : "\n") + "… \(dropped) more bytes of output not kept\n" }
        if !text.isEmpty { out(SafeText.neutralize(text.hasSuffix("\n") ? text : text + "\n")) }
        let status = process.terminationStatus
        _ = try execute("note " + Template.word("shell step \(step.number) of playbook \(playbook.name) exited \(status): \(script.oneLine)"))
        if let register {
            vars.values[register] = .object([("stdout", .string(text.trimmingSpaces())), ("status", .int(Int64(status)))])
        }
        if status != 0 { throw StepFailure(message: "the shell step exited with status \(status)") }
    }

    // MARK: --step

    enum Answer { case run(String), skip, stop }

    /// Shows a step's header; in step mode, waits for Enter, `s`, `e` or `q`.
    func ask(_ header: String, editable: String?) throws -> Answer {
        out(header)
        guard runner.stepMode else { return .run(editable ?? "") }
        var command = editable ?? ""
        while true {
            out("  [Enter] run · s skip · e edit · q stop > ")
            guard let typed = runner.input?() else { return .stop }
            switch typed.trimmingSpaces() {
            case "": return .run(command)
            case "s":
                out("· skipped\n")
                return .skip
            case "q": return .stop
            case "e":
                guard editable != nil else { out("  this step has no command to edit\n"); continue }
                out("  new command > ")
                guard let replacement = runner.input?() else { return .stop }
                command = replacement.trimmingSpaces()
                out("  edited: \(command)\n")
                return .run(command)
            default:
                out("  answer Enter, s, e or q\n")
            }
        }
    }

    /// For steps without a command: the header, and in step mode Enter/`s`/`q`. `s` throws `Skip`, which
    /// the loop takes as "go on with the next step".
    func confirm(_ header: String, line: String?, onlyInStepMode: Bool = false) throws -> Flow {
        if onlyInStepMode && !runner.stepMode { return .next }
        switch try ask(header, editable: line) {
        case .stop: return .stop
        case .skip: throw Skip()
        case .run: return .next
        }
    }

    struct Skip: Error {}
}

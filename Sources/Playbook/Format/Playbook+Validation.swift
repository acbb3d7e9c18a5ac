import Workbench

extension Playbook {
    /// Checks everything that can be checked before a step runs: variables and their patterns, every
    /// `{{name}}` against the variables defined before it, conditions that name no result, and each `run`
    /// line against the registry (the command, its flags, its arguments; a `{{…}}` stands for one word).
    ///
    /// - Parameters:
    ///   - registry: the commands a `run` step may use.
    ///   - allowShell: false reports every `shell` step and every `sample --work cmd:…` as a problem, as
    ///     the runner refuses them without `--allow-shell`.
    /// - Throws: `PlaybookError` with every problem found.
    public func validate(registry: CommandRegistry, allowShell: Bool = true) throws {
        var problems = validationProblems(registry: registry)
        if !allowShell { problems += shellProblems(registry: registry) }
        if !problems.isEmpty { throw PlaybookError(problems: problems) }
    }

    func validationProblems(registry: CommandRegistry) -> [PlaybookError.Problem] {
        var v = Validator(playbook: self, registry: registry)
        v.run()
        return v.problems
    }

    /// The steps that need `--allow-shell`: `shell` steps, and `run` steps whose `--work` is a command.
    func shellProblems(registry: CommandRegistry) -> [PlaybookError.Problem] {
        var out: [PlaybookError.Problem] = []
        for step in steps {
            switch step.action {
            case .shell:
                out.append(.init("step \(step.number) is a shell step; run with --allow-shell to allow it", at: step.location))
            case .run(let t, _):
                let line = t.renderCommandLine { _ in Validator.placeholder }
                if let flag = RunLine.shellFlag(in: line, registry: registry) {
                    out.append(.init("step \(step.number) runs a command through '\(flag)'; run with --allow-shell to allow it",
                                     at: step.location))
                }
            default: break
            }
        }
        return out
    }
}

/// What a `run` line may do without `--allow-shell`.
enum RunLine {
    /// Flags whose value may name a command to execute: `sample --work cmd:…`.
    static let shellFlags: [(command: String, flag: String, prefix: String)] = [("sample", "work", "cmd:")]

    /// The flag, as `--work cmd:…`, when the line would have Sleuth run a command; nil otherwise.
    /// A placeholder standing where the value starts counts too: a variable could hold `cmd:…`.
    static func shellFlag(in line: String, registry: CommandRegistry) -> String? {
        guard let words = try? Tokenizer.tokenize(line), !words.isEmpty,
              let (type, consumed) = try? registry.resolve(words.map(\.text)) else { return nil }
        let spec = type.spec
        for rule in shellFlags where spec.name == rule.command {
            let rest = Array(words.dropFirst(consumed))
            guard let args = try? ParsedArguments(spec: spec, words: rest) else {
                // Unparsed (a placeholder failing a value check): look at the raw words.
                for (i, w) in rest.enumerated() where !w.quoted && (w.text == "--" + rule.flag || w.text.hasPrefix("--\(rule.flag)=")) {
                    let value = w.text.contains("=") ? String(w.text.split(separator: "=", maxSplits: 1).last ?? "")
                        : (i + 1 < rest.count ? rest[i + 1].text : "")
                    if value.hasPrefix(rule.prefix) || value.hasPrefix(Validator.placeholder) { return "--\(rule.flag) \(rule.prefix)…" }
                }
                continue
            }
            for value in args.values(rule.flag) where value.hasPrefix(rule.prefix) || value.hasPrefix(Validator.placeholder) {
                return "--\(rule.flag) \(rule.prefix)…"
            }
        }
        return nil
    }
}

/// Walks the steps in order, knowing which names are defined at each step.
struct Validator {
    /// What a `{{…}}` becomes in a `run` line during validation: one quoted word no real value contains.
    static let placeholder = "\u{1}var\u{1}"

    let playbook: Playbook
    let registry: CommandRegistry
    var problems: [PlaybookError.Problem] = []

    var defined: [String] = []
    var results: [String] = []
    var labels: [String] = []
    var sawRun = false
    var sawExpect = false

    init(playbook: Playbook, registry: CommandRegistry) {
        self.playbook = playbook
        self.registry = registry
    }

    mutating func problem(_ message: String, at location: PlaybookLocation) {
        problems.append(.init(message, at: location))
    }

    mutating func run() {
        for v in playbook.variables {
            defined.append(v.name)
            if let pattern = v.pattern {
                let at = v.patternLocation ?? v.location
                guard let regex = try? Regex(pattern) else {
                    problem("variable '\(v.name)': '\(pattern)' is not a valid regular expression", at: at)
                    continue
                }
                if let d = v.defaultValue, !d.isEmpty, (try? regex.wholeMatch(in: d)) == nil {
                    problem("variable '\(v.name)': the default '\(d)' does not match its pattern '\(pattern)'",
                            at: v.defaultLocation ?? v.location)
                }
            }
        }
        for step in playbook.steps { check(step) }
    }

    mutating func check(_ step: Playbook.Step) {
        if let when = step.when { checkCondition(when, key: "when", in: step) }
        switch step.action {
        case .say(let t), .ask(let t), .note(let t):
            checkTemplate(t, key: step.kind, in: step)
        case .hypothesize(let t, let predict, let label):
            checkTemplate(t, key: "hypothesize", in: step)
            for p in predict { checkTemplate(p, key: "predict", in: step) }
            if let label {
                if labels.contains(label) {
                    problem("hypothesis id '\(label)' is already used by an earlier step", at: step.valueLocation("id"))
                }
                labels.append(label)
            }
        case .run(let t, let register):
            checkTemplate(t, key: "run", in: step)
            checkCommand(t, in: step)
            sawRun = true
            if let register {
                for name in register.names { define(name, at: step.valueLocation("register")) }
                if case .whole(let name) = register { results.append(name) }
            }
        case .expect(let c, _):
            if !sawRun {
                problem("'\(step.kind)' has no result to check: no run step comes before it", at: step.location)
            }
            checkCondition(c, key: step.kind, in: step, resultsAllowed: true)
            sawExpect = true
        case .evidence(let relation, let why, let h, let result):
            if relation == .auto && !sawExpect {
                problem("'evidence: auto' follows the last expect or test, but none comes before it", at: step.valueLocation("evidence"))
            }
            if let why { checkTemplate(why, key: "why", in: step) }
            if let h { checkLabel(h, in: step) }
            if let result {
                checkResult(result, key: "result", in: step)
            } else if !sawRun {
                problem("'evidence' links the last result, but no run step comes before it", at: step.location)
            }
        case .conclude(let verdict, let why, let h):
            if verdict == .auto && !sawExpect {
                problem("'conclude: auto' follows the last expect or test, but none comes before it", at: step.valueLocation("conclude"))
            }
            if let why { checkTemplate(why, key: "why", in: step) }
            if let h { checkLabel(h, in: step) }
        case .cause(let t, let at, let evidence):
            checkTemplate(t, key: "cause", in: step)
            if let at { checkTemplate(at, key: "at", in: step) }
            for e in evidence where e != "last" { checkResult(e, key: "evidence", in: step) }
            if evidence.contains("last") && !sawRun {
                problem("'evidence: last' names the last result, but no run step comes before it", at: step.valueLocation("evidence"))
            }
        case .prompt(let t, let name, let def, _):
            checkTemplate(t, key: "prompt", in: step)
            if let def { checkTemplate(def, key: "default", in: step) }
            if !defined.contains(name) { defined.append(name) }
        case .shell(_, let register):
            if let register { define(register, at: step.valueLocation("register")) }
        }
    }

    mutating func define(_ name: String, at location: PlaybookLocation) {
        if playbook.variable(name) != nil {
            problem("'register: \(name)' would replace the variable '\(name)'; choose another name", at: location)
            return
        }
        if !defined.contains(name) { defined.append(name) }
    }

    mutating func checkTemplate(_ t: Template, key: String, in step: Playbook.Step) {
        for (path, offset) in t.variables {
            let first = String(path.split(separator: ".").first ?? "")
            guard !defined.contains(first) else { continue }
            let hint = Suggest.nearest(first, among: defined).map { "; did you mean '\($0)'?" }
                ?? (defined.isEmpty ? "; declare it under 'vars'" : "; defined so far: \(defined.joined(separator: ", "))")
            problem("undefined variable '\(first)'\(hint)", at: step.valueLocation(key).shifted(by: offset + 2))
        }
    }

    mutating func checkCondition(_ c: Condition, key: String, in step: Playbook.Step, resultsAllowed: Bool = false) {
        // A path that is not a variable reads the last result: with no run step before, it can only be a typo.
        guard !sawRun && !resultsAllowed else { return }
        for path in c.paths {
            let first = String(path.split(separator: ".").first ?? "")
            guard !defined.contains(first) else { continue }
            let hint = Suggest.nearest(first, among: defined).map { "; did you mean '\($0)'?" } ?? ""
            let offset = Array(c.text).firstRange(of: Array(path)).map(\.lowerBound) ?? 0
            problem("'\(first)' in '\(key)' is not a variable, and no run step before it gives a result\(hint)",
                    at: step.valueLocation(key).shifted(by: offset))
        }
    }

    mutating func checkLabel(_ label: String, in step: Playbook.Step) {
        guard !labels.contains(label) else { return }
        let hint = Suggest.nearest(label, among: labels).map { "; did you mean '\($0)'?" }
            ?? "; give the hypothesize step 'id: \(label)'"
        problem("no hypothesis with id '\(label)' before this step\(hint)", at: step.valueLocation("hypothesis"))
    }

    mutating func checkResult(_ name: String, key: String, in step: Playbook.Step) {
        guard !results.contains(name) else { return }
        let hint = Suggest.nearest(name, among: results).map { "; did you mean '\($0)'?" }
            ?? "; keep one with 'register: \(name)' on a run step"
        problem("no result registered as '\(name)' before this step\(hint)", at: step.valueLocation(key))
    }

    /// Resolves and parses a `run` line as the Workbench would, with each `{{…}}` as one quoted word.
    mutating func checkCommand(_ t: Template, in step: Playbook.Step) {
        let at = step.valueLocation("run")
        let line = t.renderCommandLine { _ in Validator.placeholder }
        let words: [Token]
        do {
            words = try Tokenizer.tokenize(line)
        } catch {
            problem("\(error)", at: at)
            return
        }
        guard let head = words.first else {
            problem("'run' needs a Sleuth command", at: at)
            return
        }
        if head.text.contains(Validator.placeholder) {
            problem("the command name cannot come from a variable", at: at)
            return
        }
        let type: any Command.Type
        let consumed: Int
        do {
            (type, consumed) = try registry.resolve(words.map(\.text))
        } catch {
            problem("\(error)", at: locate(error, in: t.text, from: at))
            return
        }
        let spec = type.spec
        if spec.path[0] == "playbook" || spec.name == "quit" {
            problem("a playbook cannot run '\(spec.name)'", at: at)
            return
        }
        do {
            _ = try ParsedArguments(spec: spec, words: Array(words.dropFirst(consumed)))
        } catch {
            // A value check on a placeholder is made when the step runs, with the real value.
            if "\(error)".contains(Validator.placeholder) { return }
            problem("\(error)", at: locate(error, in: t.text, from: at))
        }
    }

    /// Points at the word an error quotes (`unknown flag '--sinse'`), when the line shows it.
    func locate(_ error: any Error, in text: String, from at: PlaybookLocation) -> PlaybookLocation {
        let message = "\(error)"
        guard let open = message.firstIndex(of: "'"),
              let close = message[message.index(after: open)...].firstIndex(of: "'") else { return at }
        let word = Array(message[message.index(after: open)..<close])
        guard !word.isEmpty, let r = Array(text).firstRange(of: word) else { return at }
        return at.shifted(by: r.lowerBound)
    }
}

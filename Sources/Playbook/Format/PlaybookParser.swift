import Foundation
import Workbench
import Yams

extension Playbook {
    /// The largest playbook file read (the shipped ones are a few KiB).
    public static let maxFileBytes = 4 << 20

    /// Reads and parses a playbook file.
    ///
    /// - Parameter path: the file; errors name it as given.
    /// - Throws: `PlaybookError` with every problem found, each with its line and column.
    public static func load(path: String) throws -> Playbook {
        try parse(yaml: try readText(path), file: path)
    }

    /// The file's text: at most `maxFileBytes` (checked before reading, and while reading for a device or
    /// a pipe), UTF-8.
    static func readText(_ path: String) throws -> String {
        let tooBig = { (size: Int) in
            PlaybookError("'\(path)' is \(size >> 20) MiB or more; a playbook is at most \(maxFileBytes >> 20) MiB", at: nil)
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
            throw tooBig(size)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw PlaybookError(exists ? "cannot read '\(path)': permission denied" : "no playbook at '\(path)'", at: nil)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
        } catch {
            throw PlaybookError("cannot read '\(path)': \(error.localizedDescription)", at: nil)
        }
        if data.count > maxFileBytes { throw tooBig(data.count) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PlaybookError("'\(path)' is not UTF-8 text", at: PlaybookLocation(file: path, line: 1, column: 1))
        }
        return text
    }

    /// Parses playbook text (the YAML format of `Playbooks/README.md`). Checks the format itself: keys,
    /// types, conditions and placeholders; `validate(registry:)` then checks commands and variables.
    ///
    /// - Throws: `PlaybookError` with every problem found.
    public static func parse(yaml: String, file: String) throws -> Playbook {
        let (playbook, problems) = parsePartially(yaml: yaml, file: file)
        guard let playbook, problems.isEmpty else { throw PlaybookError(problems: problems) }
        return playbook
    }

    /// Reads and validates a playbook file, reporting every problem at once: those of the format and those
    /// of the steps that could be read (`sleuth run --check`).
    ///
    /// - Parameters:
    ///   - registry: the commands `run` steps may use.
    ///   - allowShell: false reports shell steps and `sample --work cmd:…`, which need `--allow-shell`.
    /// - Throws: `PlaybookError` with every problem, in the order of the file.
    public static func load(path: String, registry: CommandRegistry, allowShell: Bool = true) throws -> Playbook {
        try check(yaml: try readText(path), file: path, registry: registry, allowShell: allowShell)
    }

    /// `load(path:registry:allowShell:)` on text.
    public static func check(yaml: String, file: String, registry: CommandRegistry, allowShell: Bool = true) throws -> Playbook {
        let (playbook, formatProblems) = parsePartially(yaml: yaml, file: file)
        var problems = formatProblems
        if let playbook {
            problems += playbook.validationProblems(registry: registry)
            if !allowShell { problems += playbook.shellProblems(registry: registry) }
        }
        guard let playbook, problems.isEmpty else {
            // Stable order of the file: by line, then column; problems without a place first.
            let ordered = problems.enumerated().sorted { a, b in
                let x = a.element.location.map { ($0.line, $0.column) } ?? (0, 0)
                let y = b.element.location.map { ($0.line, $0.column) } ?? (0, 0)
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
            throw PlaybookError(problems: ordered)
        }
        return playbook
    }

    /// The playbook as far as it could be read (steps with problems left out), and the problems.
    static func parsePartially(yaml: String, file: String) -> (Playbook?, [PlaybookError.Problem]) {
        var parser = PlaybookParser(file: file)
        let playbook = parser.parse(yaml)
        return (playbook, parser.problems)
    }
}

/// Builds a `Playbook` from the nodes Yams composes, which remember their line and column.
struct PlaybookParser {
    typealias Step = Playbook.Step
    typealias Variable = Playbook.Variable

    let file: String
    var problems: [PlaybookError.Problem] = []

    static let topKeys = ["version", "name", "description", "vars", "steps"]
    static let variableKeys = ["description", "default", "required", "pattern"]
    /// The keys that name what a step does; exactly one per step.
    static let actionKeys = ["say", "ask", "hypothesize", "run", "expect", "test", "evidence", "conclude", "cause",
                             "note", "prompt", "shell"]
    static let commonStepKeys = ["name", "when"]
    static let modifiers: [String: [String]] = [
        "hypothesize": ["predict", "id"],
        "run": ["register"],
        "evidence": ["why", "hypothesis", "result"],
        "conclude": ["why", "hypothesis"],
        "cause": ["at", "evidence"],
        "prompt": ["var", "default", "choices"],
        "shell": ["register"],
    ]

    init(file: String) {
        self.file = file
    }

    mutating func problem(_ message: String, at location: PlaybookLocation?) {
        problems.append(.init(message, at: location))
    }

    func location(_ node: Node?) -> PlaybookLocation {
        guard let mark = node?.mark else { return PlaybookLocation(file: file, line: 1, column: 1) }
        return PlaybookLocation(file: file, line: mark.line, column: mark.column)
    }

    /// Where the text of a scalar starts: after its opening quote, if any.
    func textLocation(_ node: Node) -> PlaybookLocation {
        let l = location(node)
        if let s = node.scalar, s.style == .singleQuoted || s.style == .doubleQuoted { return l.shifted(by: 1) }
        return l
    }

    mutating func parse(_ yaml: String) -> Playbook? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            report(error)
            return nil
        } catch {
            problem("cannot read the YAML: \(error)", at: PlaybookLocation(file: file, line: 1, column: 1))
            return nil
        }
        guard let root, case .mapping(let top) = root else {
            problem("a playbook is a YAML mapping with 'version', 'name', 'description', 'vars' and 'steps'",
                    at: location(root))
            return nil
        }
        // The version comes first: a newer format may mean anything, so nothing else is read.
        guard let versionNode = top["version"] else {
            problem("missing 'version: \(Playbook.formatVersion)'", at: location(root))
            return nil
        }
        guard let version = versionNode.scalar.flatMap({ Int($0.string) }), version >= 1 else {
            problem("'version' must be a whole number (this Sleuth reads \(Playbook.formatVersion))", at: location(versionNode))
            return nil
        }
        if version > Playbook.formatVersion {
            problem("version \(version) is newer than this Sleuth reads (\(Playbook.formatVersion))", at: location(versionNode))
            return nil
        }
        var suggested: Set<String> = []
        for (key, _) in top {
            let k = key.string ?? ""
            if !Self.topKeys.contains(k) {
                unknownKey(k, at: location(key), among: Self.topKeys, what: "playbook")
                if let near = Suggest.nearest(k, among: Self.topKeys) { suggested.insert(near) }
            }
        }
        let stem = (URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
        let name = top["name"].flatMap { text($0, key: "name") } ?? stem
        let description = top["description"].flatMap { text($0, key: "description") } ?? ""
        var variables: [Variable] = []
        if let vars = top["vars"] { variables = parseVariables(vars) }
        var steps: [Step] = []
        if let stepsNode = top["steps"] {
            if case .sequence(let seq) = stepsNode {
                for (i, node) in seq.enumerated() {
                    if let step = parseStep(node, number: i + 1) { steps.append(step) }
                }
                if seq.isEmpty { problem("'steps' is empty; a playbook needs at least one step", at: location(stepsNode)) }
            } else {
                problem("'steps' must be a list of steps (each line starting with '- ')", at: location(stepsNode))
            }
        } else if !suggested.contains("steps") {
            problem("missing 'steps'", at: location(root))
        }
        return Playbook(file: file, version: version, name: name, description: description, variables: variables,
                        steps: steps)
    }

    mutating func report(_ error: YamlError) {
        switch error {
        case .scanner(_, let p, let mark, _), .parser(_, let p, let mark, _), .composer(_, let p, let mark, _):
            problem("invalid YAML: \(p)", at: PlaybookLocation(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            problem("\(keys) given twice in the same mapping",
                    at: PlaybookLocation(file: file, line: context.mark.line, column: context.mark.column))
        default:
            problem("invalid YAML: \(error)", at: PlaybookLocation(file: file, line: 1, column: 1))
        }
    }

    mutating func unknownKey(_ key: String, at location: PlaybookLocation, among keys: [String], what: String) {
        let hint = Suggest.nearest(key, among: keys).map { "; did you mean '\($0)'?" }
            ?? "; expected one of \(keys.joined(separator: ", "))"
        problem("unknown key '\(key)' in a \(what)\(hint)", at: location)
    }

    // MARK: values

    /// One of a fixed set of words (an evidence relation, a verdict); otherwise a problem with the nearest.
    mutating func choice<T: CaseIterable & RawRepresentable>(_ node: Node, key: String, what: String) -> T?
    where T.RawValue == String {
        guard let word = text(node, key: key) else { return nil }
        if let value = T(rawValue: word) { return value }
        let names = T.allCases.map(\.rawValue)
        let hint = Suggest.nearest(word, among: names).map { "did you mean '\($0)'?" } ?? "expected one of \(names.joined(separator: ", "))"
        problem("'\(word)' is not \(what); \(hint)", at: location(node))
        return nil
    }

    /// A scalar's text. Anything else is a problem, with a hint for an unquoted `{{…}}`, which YAML reads
    /// as a mapping.
    mutating func text(_ node: Node, key: String) -> String? {
        switch node {
        case .scalar(let s):
            if s.style == .plain && node.null != nil {
                problem("'\(key)' needs a value", at: location(node))
                return nil
            }
            return s.string
        case .mapping(let m) where m.first?.key.mapping != nil:
            problem("'\(key)' must be a text; a value that starts with '{{' must be quoted: \(key): \"{{name}} …\"",
                    at: location(node))
            return nil
        default:
            problem("'\(key)' must be a text, not a \(kindName(node))", at: location(node))
            return nil
        }
    }

    func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: return "single value"
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .alias: return "alias"
        }
    }

    mutating func texts(_ node: Node, key: String) -> [(String, Node)] {
        if case .sequence(let seq) = node {
            var out: [(String, Node)] = []
            for item in seq {
                guard case .scalar = item else {
                    problem("each item of '\(key)' must be a text, not a \(kindName(item))", at: location(item))
                    continue
                }
                if let t = text(item, key: key) { out.append((t, item)) }
            }
            return out
        }
        guard case .scalar = node else {
            problem("'\(key)' must be a text or a list of texts, not a \(kindName(node))", at: location(node))
            return []
        }
        return text(node, key: key).map { [($0, node)] } ?? []
    }

    mutating func bool(_ node: Node, key: String) -> Bool? {
        if case .scalar(let s) = node, s.style == .plain, let b = node.bool { return b }
        problem("'\(key)' must be true or false", at: location(node))
        return nil
    }

    mutating func template(_ node: Node, key: String) -> Template? {
        guard let t = text(node, key: key) else { return nil }
        do {
            return try Template(t)
        } catch let e as ConditionError {
            problem(e.message, at: textLocation(node).shifted(by: e.offset))
        } catch {
            problem("\(error)", at: location(node))
        }
        return nil
    }

    mutating func condition(_ node: Node, key: String) -> Condition? {
        var source: String
        var at = textLocation(node)
        if case .sequence(let seq) = node {
            // Ansible's `when: [a, b]`: every item must hold.
            let items = texts(node, key: key).map(\.0)
            guard !items.isEmpty, items.count == seq.count else {
                if seq.isEmpty { problem("'\(key)' is an empty list", at: location(node)) }
                return nil
            }
            source = items.map { "(" + $0 + ")" }.joined(separator: " and ")
            at = location(node)
        } else {
            switch node {
            case .scalar(let s) where !(s.style == .plain && node.null != nil): source = s.string
            default:
                guard let t = text(node, key: key) else { return nil }
                source = t
            }
        }
        do {
            return try Condition(source)
        } catch let e as ConditionError {
            problem("bad condition '\(source)': \(e.message)", at: at.shifted(by: e.offset))
        } catch {
            problem("bad condition '\(source)': \(error)", at: at)
        }
        return nil
    }

    // MARK: vars

    mutating func parseVariables(_ node: Node) -> [Variable] {
        guard case .mapping(let m) = node else {
            problem("'vars' must be a mapping of variable names to their settings", at: location(node))
            return []
        }
        var out: [Variable] = []
        for (key, value) in m {
            guard let name = key.string, Variables.isName(name) else {
                problem("'\(key.string ?? "?")' is not a variable name; use letters, digits and '_'", at: location(key))
                continue
            }
            var v = Variable(name: name, location: location(key))
            switch value {
            case .mapping(let settings):
                for (k, setting) in settings {
                    let sk = k.string ?? ""
                    switch sk {
                    case "description": v.description = text(setting, key: sk) ?? ""
                    case "default":
                        if case .scalar(let s) = setting, s.style == .plain, setting.null != nil { v.defaultValue = "" }
                        else { v.defaultValue = text(setting, key: sk) }
                        v.defaultLocation = textLocation(setting)
                    case "required": v.required = bool(setting, key: sk) ?? false
                    case "pattern":
                        v.pattern = text(setting, key: sk)
                        v.patternLocation = textLocation(setting)
                    default: unknownKey(sk, at: location(k), among: Self.variableKeys, what: "variable")
                    }
                }
            case .scalar(let s):
                // Ansible's `vars: {name: value}`: the value is the default.
                v.defaultValue = s.style == .plain && value.null != nil ? "" : s.string
                v.defaultLocation = textLocation(value)
            default:
                problem("variable '\(name)' must have a default value or settings (description, default, required, pattern)",
                        at: location(value))
            }
            out.append(v)
        }
        return out
    }

    // MARK: steps

    mutating func parseStep(_ node: Node, number: Int) -> Step? {
        guard case .mapping(let m) = node else {
            problem("step \(number) must be a mapping such as '- run: dmesg'", at: location(node))
            return nil
        }
        var keys: [(String, Node, Node)] = []
        for (k, v) in m { keys.append((k.string ?? "", k, v)) }
        var actions = keys.filter { Self.actionKeys.contains($0.0) || $0.0 == "hyp" }
        if actions.contains(where: { $0.0 == "cause" }) { actions.removeAll { $0.0 == "evidence" } }
        guard actions.count == 1, let (actionKeyRaw, _, actionNode) = actions.first else {
            if actions.isEmpty {
                let unknown = keys.filter { !Self.commonStepKeys.contains($0.0) }
                if let near = unknown.first(where: { Suggest.nearest($0.0, among: Self.actionKeys) != nil }) {
                    unknownKey(near.0, at: location(near.1), among: Self.actionKeys, what: "step")
                } else {
                    problem("step \(number) does nothing; give it one of \(Self.actionKeys.joined(separator: ", "))",
                            at: location(node))
                }
            } else {
                let names = actions.map { "'\($0.0)'" }
                problem("step \(number) has both \(names[0]) and \(names[1]); a step does one thing, so split it in two",
                        at: location(actions[1].1))
            }
            return nil
        }
        let actionKey = actionKeyRaw == "hyp" ? "hypothesize" : actionKeyRaw
        let allowed = Self.commonStepKeys + [actionKeyRaw] + (Self.modifiers[actionKey] ?? [])
        var values: [String: Node] = [:]
        var valueLocations: [String: PlaybookLocation] = [:]
        var ok = true
        for (k, kn, v) in keys {
            if allowed.contains(k) {
                values[k] = v
                valueLocations[k] = textLocation(v)
                continue
            }
            ok = false
            if let owner = Self.modifiers.first(where: { $0.value.contains(k) })?.key {
                problem("'\(k)' belongs to \(article(owner)) \(owner) step, not to \(article(actionKey)) \(actionKey) step", at: location(kn))
            } else {
                unknownKey(k, at: location(kn), among: allowed, what: "\(actionKey) step")
            }
        }
        let when = values["when"].flatMap { condition($0, key: "when") }
        let title = values["name"].flatMap { text($0, key: "name") }
        guard let action = parseAction(actionKey, actionNode, values) else { return nil }
        if values["when"] != nil && when == nil { return nil }
        guard ok else { return nil }
        var step = Step(number: number, action: action, title: title, when: when, location: location(node))
        step.valueLocations = valueLocations
        step.valueLocations[actionKey] = textLocation(actionNode)
        return step
    }

    func article(_ word: String) -> String { "aeiou".contains(word.first ?? "x") ? "an" : "a" }

    mutating func parseAction(_ key: String, _ node: Node, _ values: [String: Node]) -> Playbook.Step.Action? {
        switch key {
        case "say": return template(node, key: key).map(Playbook.Step.Action.say)
        case "ask": return template(node, key: key).map(Playbook.Step.Action.ask)
        case "note": return template(node, key: key).map(Playbook.Step.Action.note)
        case "hypothesize":
            guard let t = template(node, key: key) else { return nil }
            var predict: [Template] = []
            if let p = values["predict"] {
                for (text, item) in texts(p, key: "predict") {
                    do { predict.append(try Template(text)) } catch let e as ConditionError {
                        problem(e.message, at: textLocation(item).shifted(by: e.offset))
                    } catch {}
                }
            }
            var label: String?
            if let idNode = values["id"], let id = text(idNode, key: "id") {
                if Variables.isName(id) { label = id } else {
                    problem("'\(id)' is not a hypothesis id; use letters, digits and '_'", at: location(idNode))
                }
            }
            return .hypothesize(t, predict: predict, label: label)
        case "run":
            guard let t = template(node, key: key) else { return nil }
            var register: Step.Register?
            if let r = values["register"] { register = parseRegister(r, whole: true) }
            return .run(t, register: register)
        case "expect", "test":
            return condition(node, key: key).map { Playbook.Step.Action.expect($0, soft: key == "test") }
        case "evidence":
            guard let relation: Step.EvidenceRelation = choice(node, key: key, what: "an evidence relation") else { return nil }
            let why = values["why"].flatMap { template($0, key: "why") }
            let h = values["hypothesis"].flatMap { text($0, key: "hypothesis") }
            let result = values["result"].flatMap { text($0, key: "result") }
            return .evidence(relation, why: why, hypothesis: h, result: result)
        case "conclude":
            guard let verdict: Step.VerdictChoice = choice(node, key: key, what: "a verdict") else { return nil }
            let why = values["why"].flatMap { template($0, key: "why") }
            let h = values["hypothesis"].flatMap { text($0, key: "hypothesis") }
            return .conclude(verdict, why: why, hypothesis: h)
        case "cause":
            guard let t = template(node, key: key) else { return nil }
            let at = values["at"].flatMap { template($0, key: "at") }
            let evidence = values["evidence"].map { texts($0, key: "evidence").map(\.0) } ?? []
            return .cause(t, at: at, evidence: evidence)
        case "prompt":
            guard let t = template(node, key: key) else { return nil }
            guard let varNode = values["var"] else {
                problem("a prompt step needs 'var': the variable that keeps the answer", at: location(node))
                return nil
            }
            guard let name = text(varNode, key: "var") else { return nil }
            guard Variables.isName(name) else {
                problem("'\(name)' is not a variable name; use letters, digits and '_'", at: location(varNode))
                return nil
            }
            let def = values["default"].flatMap { template($0, key: "default") }
            var choices: [String] = []
            if let c = values["choices"] {
                if case .sequence = c { choices = texts(c, key: "choices").map(\.0) }
                else { problem("'choices' must be a list of texts", at: location(c)) }
            }
            if let def, !def.hasVariables, !choices.isEmpty, !choices.contains(def.text) {
                problem("the default '\(def.text)' is not one of the choices (\(choices.joined(separator: ", ")))",
                        at: location(values["default"]))
            }
            return .prompt(t, variable: name, defaultValue: def, choices: choices)
        case "shell":
            guard let s = text(node, key: key) else { return nil }
            if s.contains("{{") {
                let offset = Array(s).firstRange(of: Array("{{")).map(\.lowerBound) ?? 0
                problem("a shell step's text is fixed: variables reach it as environment variables ($SLEUTH_VAR_NAME), never as {{…}}",
                        at: textLocation(node).shifted(by: offset))
                return nil
            }
            var register: String?
            if let r = values["register"] {
                if case .whole(let n)? = parseRegister(r, whole: false) { register = n }
            }
            return .shell(s, register: register)
        default:
            return nil
        }
    }

    /// `register: name` or `register: {var: path, …}`.
    mutating func parseRegister(_ node: Node, whole allowsPicks: Bool) -> Step.Register? {
        switch node {
        case .scalar:
            guard let name = text(node, key: "register") else { return nil }
            guard Variables.isName(name) else {
                problem("'\(name)' is not a variable name; use letters, digits and '_'", at: location(node))
                return nil
            }
            return .whole(name)
        case .mapping(let m) where allowsPicks:
            var picks: [(name: String, path: String)] = []
            for (k, v) in m {
                guard let name = k.string, Variables.isName(name) else {
                    problem("'\(k.string ?? "?")' is not a variable name; use letters, digits and '_'", at: location(k))
                    continue
                }
                guard let path = text(v, key: name) else { continue }
                guard Template.isPath(path) || path.split(separator: ".").allSatisfy({ !$0.isEmpty }) && !path.isEmpty else {
                    problem("'\(path)' is not a path into the result (e.g. events.0.victim.pid)", at: textLocation(v))
                    continue
                }
                picks.append((name, path))
            }
            return .picks(picks)
        default:
            problem(allowsPicks ? "'register' must be a variable name, or a mapping of names to paths in the result"
                                : "'register' must be a variable name", at: location(node))
            return nil
        }
    }
}

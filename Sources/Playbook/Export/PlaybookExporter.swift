import Foundation
import Notebook
import Workbench

/// Turns a recorded investigation into a playbook that re-runs it: the questions, the hypotheses with
/// their predictions, the experiment commands with the expectation each result met, the evidence, the
/// verdicts and the cause. The concrete target (the first file, process or URL an experiment named)
/// becomes the variable `target`, its value the default.
public struct PlaybookExporter {
    public let store: NotebookStore
    public let registry: CommandRegistry
    /// `name:` of the playbook.
    public var name: String

    public init(store: NotebookStore, registry: CommandRegistry, name: String) {
        self.store = store
        self.registry = registry
        self.name = name
    }

    /// What the export made.
    public struct Export: Sendable {
        public var yaml: String
        public var steps: Int
        /// The concrete value that became `{{target}}`, if any.
        public var target: String?
    }

    struct Item {
        var pairs: [(String, YAMLValue)]
    }

    enum YAMLValue {
        case text(String)
        case word(String)
        case list([String])
    }

    /// - Throws: notebook errors.
    public func export() throws -> Export {
        let entries = try store.entries().filter { $0.status == .ok }
        let inv = try store.investigation()
        let experiments = entries.filter { role(of: $0) == .experiment }
        let target = findTarget(in: experiments)

        // Results that later steps name (evidence that is not the last result, causes) are registered.
        var needsRegister = Set<Int64>()
        var lastRun: Int64?
        for e in entries {
            if role(of: e) == .experiment { lastRun = e.id; continue }
            let json = JSONValue(lenient: e.result)
            if e.command == "evidence", let ref = json["entry"]?.stringValue, let id = Int64(ref.dropFirst()), id != lastRun {
                needsRegister.insert(id)
            }
            if e.command == "cause", let refs = json["evidence"]?.arrayValue {
                for r in refs { if let s = r.stringValue, let id = Int64(s.dropFirst()) { needsRegister.insert(id) } }
            }
        }

        var items: [Item] = []
        var runEntries = Set<Int64>()
        lastRun = nil
        for e in entries {
            let json = JSONValue(lenient: e.result)
            switch e.command {
            case "ask":
                guard let q = nodeId(json), let text = inv.question(q)?.text ?? json["text"]?.stringValue else { continue }
                items.append(Item(pairs: [("ask", .text(text))]))
            case "hypothesize":
                guard let h = nodeId(json), let text = inv.hypothesis(h)?.text ?? json["text"]?.stringValue else { continue }
                var pairs: [(String, YAMLValue)] = [("hypothesize", .text(text)), ("id", .word("h\(h)"))]
                let predictions = inv.predictions(of: h).map(\.text)
                if !predictions.isEmpty { pairs.append(("predict", .list(predictions))) }
                items.append(Item(pairs: pairs))
            case "evidence":
                guard let rel = json["relation"]?.stringValue, let h = json["hypothesis"]?.stringValue,
                      let ref = json["entry"]?.stringValue, let id = Int64(ref.dropFirst()), runEntries.contains(id) else { continue }
                var pairs: [(String, YAMLValue)] = [("evidence", .word(rel)), ("hypothesis", .word(h.lowercased()))]
                if id != lastRun { pairs.append(("result", .word("r\(id)"))) }
                if let why = json["reason"]?.stringValue { pairs.append(("why", .text(why))) }
                items.append(Item(pairs: pairs))
            case "conclude":
                guard let verdict = json["verdict"]?.stringValue, let h = json["hypothesis"]?.stringValue else { continue }
                var pairs: [(String, YAMLValue)] = [("conclude", .word(verdict)), ("hypothesis", .word(h.lowercased()))]
                if let why = json["reason"]?.stringValue { pairs.append(("why", .text(why))) }
                items.append(Item(pairs: pairs))
            case "cause":
                guard let text = json["cause"]?.stringValue else { continue }
                var pairs: [(String, YAMLValue)] = [("cause", .text(text))]
                if let at = json["location"]?.stringValue { pairs.append(("at", .text(at))) }
                let refs = (json["evidence"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { Int64($0.dropFirst()) } }
                    .filter { runEntries.contains($0) }
                if !refs.isEmpty { pairs.append(("evidence", .list(refs.map { "r\($0)" }))) }
                items.append(Item(pairs: pairs))
            case "note":
                guard let text = json["text"]?.stringValue, !text.contains(" of playbook ") else { continue }
                items.append(Item(pairs: [("note", .text(text))]))
            default:
                guard role(of: e) == .experiment, let id = e.id else { continue }
                var pairs: [(String, YAMLValue)] = [("run", .text(line(e.line, target: target)))]
                if needsRegister.contains(id) { pairs.append(("register", .word("r\(id)"))) }
                items.append(Item(pairs: pairs))
                for condition in expectations(json) { items.append(Item(pairs: [("expect", .text(condition))])) }
                runEntries.insert(id)
                lastRun = id
            }
        }

        var yaml = "# Exported by Sleuth \(Workbench.version) from \(store.path)\n"
        yaml += "version: \(Playbook.formatVersion)\n"
        yaml += "name: \(YAMLText.quote(name))\n"
        let question = inv.questions.first?.text
        yaml += "description: \(YAMLText.quote(question.map { "Re-runs the investigation: \($0)" } ?? "Re-runs a recorded investigation"))\n"
        if let target {
            yaml += "vars:\n  target:\n"
            yaml += "    description: \(YAMLText.quote("what the experiments looked at (a file, process or URL)"))\n"
            yaml += "    default: \(YAMLText.quote(target))\n"
        }
        yaml += "steps:\n"
        for item in items {
            for (i, (key, value)) in item.pairs.enumerated() {
                yaml += (i == 0 ? "  - " : "    ") + key + ": "
                switch value {
                case .text(let t): yaml += YAMLText.quote(t)
                case .word(let w): yaml += w
                case .list(let l): yaml += "[" + l.map(YAMLText.quote).joined(separator: ", ") + "]"
                }
                yaml += "\n"
            }
        }
        return Export(yaml: yaml, steps: items.count, target: target)
    }

    func role(of entry: Entry) -> CommandRole? {
        registry.command(named: entry.command)?.spec.role
    }

    func nodeId(_ json: JSONValue) -> Int64? {
        guard let id = json["id"]?.stringValue, id.count > 1 else { return nil }
        return Int64(id.dropFirst())
    }

    /// The first file, process or URL that an experiment's arguments name.
    func findTarget(in experiments: [Entry]) -> String? {
        for e in experiments {
            guard let words = try? Tokenizer.tokenize(e.line), let (type, consumed) = try? registry.resolve(words.map(\.text)),
                  let args = try? ParsedArguments(spec: type.spec, words: Array(words.dropFirst(consumed))) else { continue }
            let targetKinds: [ValueKind] = [.file, .process, .url, .profile]
            for a in type.spec.arguments where targetKinds.contains(a.kind) {
                if let v = args.arguments(a.name).first(where: { $0 != "-" && !$0.isEmpty }) { return v }
            }
            for f in type.spec.flags where targetKinds.contains(f.kind) {
                if let v = args.values(f.name).first(where: { !$0.isEmpty }) { return v }
            }
        }
        return nil
    }

    /// The line with every word equal to the target replaced by `{{target}}`; other lines as typed.
    func line(_ line: String, target: String?) -> String {
        guard let target, let words = try? Tokenizer.tokenize(line), words.contains(where: { $0.text == target }) else {
            return line
        }
        return words.map { w in
            if w.text == target { return "{{target}}" }
            if w.quoted { return "'" + w.text.replacing("'", with: "'\\''") + "'" }
            return w.text.hasPrefix("-") ? w.text : Tokenizer.quote(w.text)
        }.joined(separator: " ")
    }

    /// The expectations a result met, in the playbook's condition language.
    func expectations(_ json: JSONValue) -> [String] {
        var out: [String] = []
        if let verdict = json.value(at: "analysis.verdict")?.stringValue {
            out.append("analysis.verdict == \(YAMLText.conditionString(verdict))")
        }
        if case .array(let events)? = json["events"] {
            out.append(events.isEmpty ? "events.count == 0" : "events.count >= 1")
        }
        if case .array(let sites)? = json["sites"],
           let i = sites.firstIndex(where: { $0["suspect"] == .bool(true) }),
           let name = sites[i]["name"]?.stringValue {
            out.append("sites.\(i).name == \(YAMLText.conditionString(name))")
        }
        return out
    }
}

/// YAML scalars as the exporter writes them.
enum YAMLText {
    /// A double-quoted YAML scalar.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let h = String(u.value, radix: 16)
                    out += "\\x" + (h.count < 2 ? "0" : "") + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A string literal of the condition language.
    static func conditionString(_ s: String) -> String {
        "\"" + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}

/// `export playbook [FILE]`
struct ExportPlaybookCommand: Command {
    static let spec = CommandSpec(
        "export playbook", group: "Playbooks",
        summary: "turn this investigation into a playbook that re-runs it (the target becomes {{target}})",
        discussion: """
            The questions, hypotheses with their predictions, the experiment commands with the expectation each \
            result met (a kill in the kernel log, a trend verdict, the first growth suspect), evidence, verdicts \
            and the cause become steps. The first file, process or URL an experiment named becomes the variable \
            'target', with the concrete value as its default. The playbook is validated before it is written.
            """,
        arguments: [ArgumentSpec("FILE", .file, help: "where to write it (default: print it)", optional: true)],
        flags: [FlagSpec("name", value: "NAME", help: "the playbook's name (default: the file's name)")],
        examples: ["export playbook", "export playbook Playbooks/api-oom.yaml"], role: .meta)

    struct Result: Codable, Sendable {
        var path: String?
        var name: String
        var steps: Int
        var target: String?
        var yaml: String
    }

    let file: String?
    let name: String?
    init(_ arguments: ParsedArguments) throws {
        file = arguments.argument("FILE")
        name = arguments.value("name")
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let stem = file.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        let exporter = PlaybookExporter(store: context.store, registry: context.workbench.registry,
                                        name: name ?? stem ?? "investigation")
        let export = try exporter.export()
        do {
            let playbook = try Playbook.parse(yaml: export.yaml, file: file ?? "exported.yaml")
            try playbook.validate(registry: context.workbench.registry)
        } catch let e as PlaybookError {
            throw WorkbenchError("export playbook: the playbook made from this notebook does not validate: "
                                 + (e.problems.first?.description ?? "\(e)"))
        }
        let result = Result(path: file, name: exporter.name, steps: export.steps, target: export.target, yaml: export.yaml)
        guard let file else { return CommandResult(result, text: export.yaml) }
        do {
            try export.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw WorkbenchError("export playbook: cannot write '\(file)': \(error.localizedDescription)")
        }
        var text = "wrote playbook '\(exporter.name)' to \(file): \(export.steps) steps\n"
        if let target = export.target { text += "'\(target)' became {{target}}; re-run with: sleuth run \(file) --var target=…\n" }
        else { text += "re-run with: sleuth run \(file)\n" }
        return CommandResult(result, text: text)
    }
}

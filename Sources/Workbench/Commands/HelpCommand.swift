import Notebook

/// `help [COMMAND...]`
struct HelpCommand: Command {
    static let spec = CommandSpec(
        "help", aliases: ["he"], group: "Session", summary: "list the commands, or show one command's usage, flags and examples",
        arguments: [ArgumentSpec("COMMAND", .text, help: "a command name (prefixes work)", optional: true, repeating: true)],
        examples: ["help", "help hypothesize", "help heap top"], role: .meta)

    let words: [String]
    init(_ arguments: ParsedArguments) throws { words = arguments.arguments("COMMAND") }

    func run(in context: CommandContext) throws -> CommandResult {
        let registry = context.workbench.registry
        if words.isEmpty {
            return CommandResult(HelpResult(commands: registry.commands.map { HelpResult.Item($0.spec) }),
                                 text: Help.overview(registry))
        }
        if words.count == 1, let family = Optional(registry.commands.filter({ $0.spec.path[0] == words[0] })),
           family.count > 1 {
            return CommandResult(HelpResult(commands: family.map { HelpResult.Item($0.spec) }),
                                 text: family.map { Help.text(for: $0.spec) }.joined(separator: "\n"))
        }
        let (type, _) = try registry.resolve(words)
        return CommandResult(HelpResult(commands: [HelpResult.Item(type.spec)]), text: Help.text(for: type.spec))
    }
}

/// `history [--last N]`
struct HistoryCommand: Command {
    static let spec = CommandSpec(
        "history", group: "Session", summary: "list the commands run in this notebook, with their #ids",
        flags: [FlagSpec("last", value: "N", kind: .number, help: "only the last N commands"),
                FlagSpec("failed", help: "only the commands that failed")],
        examples: ["history", "history --last 10"], role: .meta)

    struct Row: Codable, Sendable {
        var id: Int64
        var session: Int64
        var startedAt: Double
        var seconds: Double
        var status: String
        var line: String
    }
    struct Result: Codable, Sendable { var entries: [Row] }

    let last: Int?
    let failedOnly: Bool
    init(_ arguments: ParsedArguments) throws {
        last = try arguments.value("last").map { try Int.parse($0, what: "--last", atLeast: 1) }
        failedOnly = arguments.isSet("failed")
    }

    func run(in context: CommandContext) throws -> CommandResult {
        var entries = try context.store.entries()
        if failedOnly { entries = entries.filter { $0.status == .failed } }
        if let last { entries = Array(entries.suffix(last)) }
        let rows = entries.map {
            Row(id: $0.id!, session: $0.sessionId, startedAt: $0.startedAt, seconds: $0.endedAt - $0.startedAt,
                status: $0.status == .ok ? "ok" : "failed", line: $0.line)
        }
        var text = ""
        for r in rows {
            text += "#\(r.id)".leftPadding(to: 5) + "  " + Clock.time(r.startedAt) + "  "
                + (r.status == "ok" ? "  " : "✗ ") + r.line + "\n"
        }
        if rows.isEmpty { text = "no commands yet\n" }
        return CommandResult(Result(entries: rows), text: text)
    }
}

/// `show #N`
struct ShowCommand: Command {
    static let spec = CommandSpec(
        "show", group: "Session", summary: "show a stored result again, without re-running its command",
        discussion: "With --json, prints the structured result exactly as it was stored.",
        arguments: [ArgumentSpec("ENTRY", .entry, help: "the result's id, as #N")],
        examples: ["show #3", "show #3 --json"], role: .meta)

    let id: Int64
    init(_ arguments: ParsedArguments) throws { id = try EntryRef.parse(arguments.argument("ENTRY")!) }

    func run(in context: CommandContext) throws -> CommandResult {
        guard let entry = try context.store.entry(id) else { throw WorkbenchError("show: no result #\(id)") }
        return CommandResult(JSONValue(lenient: entry.result), text: entry.text)
    }
}

/// `sleep DURATION`
struct SleepCommand: Command {
    static let spec = CommandSpec(
        "sleep", group: "Session", summary: "wait (between profiles in a playbook, say); Ctrl-C ends the wait",
        arguments: [ArgumentSpec("DURATION", .duration, help: "how long: 500ms, 30s, 2m")],
        examples: ["sleep 30s"], role: .meta)

    struct Result: Codable, Sendable {
        var requestedSeconds: Double
        var sleptSeconds: Double
        var interrupted: Bool
    }
    let seconds: Double
    init(_ arguments: ParsedArguments) throws {
        seconds = try DurationValue.parse(arguments.argument("DURATION")!, what: "DURATION")
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(seconds * 1000))
        var interrupted = false
        while clock.now < deadline {
            if context.isInterrupted() { interrupted = true; break }
            let left = deadline - clock.now
            Clock.nap(min(left, .milliseconds(50)))
        }
        let slept = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        return CommandResult(Result(requestedSeconds: seconds, sleptSeconds: slept, interrupted: interrupted),
                             text: interrupted ? "interrupted after \(Format.seconds(slept))\n" : "")
    }
}

/// `quit`
struct QuitCommand: Command {
    static let spec = CommandSpec(
        "quit", aliases: ["exit"], group: "Session", summary: "end the session (the notebook is already saved)",
        examples: ["quit"], role: .meta)
    struct Result: Codable, Sendable { var notebook: String }
    init(_ arguments: ParsedArguments) throws {}
    func run(in context: CommandContext) throws -> CommandResult {
        var r = CommandResult(Result(notebook: context.store.path), text: "")
        r.quits = true
        return r
    }
}

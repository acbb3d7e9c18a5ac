import Notebook

/// `guide`: what to do next.
struct GuideCommand: Command {
    static let spec = CommandSpec(
        "guide", aliases: ["next"], group: "Investigation",
        summary: "propose the next step, with the reason and the exact command to type",
        flags: [FlagSpec("all", help: "every suggestion, not only the first few")],
        examples: ["guide", "next --json"], role: .investigation)

    struct Result: Codable, Sendable { var suggestions: [Suggestion] }

    let all: Bool
    init(_ arguments: ParsedArguments) throws { all = arguments.isSet("all") }

    func run(in context: CommandContext) throws -> CommandResult {
        let state = GuideState(investigation: try context.investigation(), entries: try context.store.entries())
        var suggestions = Guide.suggestions(state, registry: context.workbench.registry)
        if !all { suggestions = Array(suggestions.prefix(4)) }
        var text = ""
        for (i, s) in suggestions.enumerated() {
            text += "\(i + 1). \(s.why)\n     \(s.command)\n"
        }
        if suggestions.isEmpty { text = "nothing to propose: 'status' shows where the investigation stands\n" }
        return CommandResult(Result(suggestions: suggestions), text: text)
    }
}

/// Runs the rule table.
public enum Guide {
    /// Every suggestion the rules make, in rule order, without duplicates, keeping only commands that exist.
    public static func suggestions(_ state: GuideState, registry: CommandRegistry,
                                   rules: [GuideRule] = GuideRules.all) -> [Suggestion] {
        var seen = Set<String>()
        var out: [Suggestion] = []
        for rule in rules {
            for s in rule.suggest(state) where seen.insert(s.command).inserted {
                guard let words = try? Tokenizer.tokenize(s.command).map(\.text),
                      (try? registry.resolve(words)) != nil else { continue }
                out.append(s)
            }
        }
        return out
    }
}

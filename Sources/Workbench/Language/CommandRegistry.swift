/// Every command, found by name, alias or unique prefix.
public struct CommandRegistry: Sendable {
    public let commands: [any Command.Type]

    public init(_ commands: [any Command.Type]) {
        self.commands = commands
    }

    /// The first words of all commands (`heap` for `heap top`), with aliases.
    public var topLevelNames: [String] {
        var seen = Set<String>()
        var names: [String] = []
        for c in commands {
            for n in [c.spec.path[0]] + c.spec.aliases where seen.insert(n).inserted { names.append(n) }
        }
        return names
    }

    /// Resolves the leading words of a line to a command.
    ///
    /// An exact name or alias wins; otherwise a prefix must be unique.
    /// - Returns: the command and how many words named it.
    /// - Throws: `WorkbenchError` for an unknown name (with a suggestion) or an ambiguous prefix (with the candidates).
    public func resolve(_ words: [String]) throws -> (any Command.Type, Int) {
        guard let first = words.first else { throw WorkbenchError("empty command") }
        // An abbreviation begins its own command's name, so it never makes a prefix ambiguous.
        let abbreviations = Set(commands.flatMap { $0.spec.abbreviations })
        let head = try pick(first, from: topLevelNames, what: "command", context: nil, skipping: abbreviations)
        // Aliases name a whole command.
        if let aliased = commands.first(where: { $0.spec.aliases.contains(head) }) { return (aliased, 1) }
        let family = commands.filter { $0.spec.path[0] == head }
        if let whole = family.first(where: { $0.spec.path.count == 1 }), family.count == 1 { return (whole, 1) }
        let subs = family.filter { $0.spec.path.count == 2 }.map { $0.spec.path[1] }
        // A command that is also a group (`goroutines SRC`, `goroutines diff A B`): a second word that names
        // no subcommand is the whole command's argument.
        if let whole = family.first(where: { $0.spec.path.count == 1 }),
           words.count == 1 || !subs.contains(where: { $0.hasPrefix(words[1]) }) {
            return (whole, 1)
        }
        guard words.count > 1 else {
            throw WorkbenchError("'\(head)' needs a subcommand: \(subs.joined(separator: ", "))")
        }
        let sub = try pick(words[1], from: subs, what: "subcommand", context: head)
        return (family.first { $0.spec.path.count == 2 && $0.spec.path[1] == sub }!, 2)
    }

    private func pick(_ word: String, from names: [String], what: String, context: String?,
                      skipping abbreviations: Set<String> = []) throws -> String {
        if names.contains(word) { return word }
        let matches = names.filter { $0.hasPrefix(word) && !abbreviations.contains($0) }
        let label = context.map { "\($0) \(what)" } ?? what
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw WorkbenchError("ambiguous \(label) '\(word)': could be \(matches.sorted().joined(separator: ", "))")
        }
        let hint = Suggest.nearest(word, among: names).map { "; did you mean '\(context.map { $0 + " " } ?? "")\($0)'?" }
            ?? "; type 'help' for the list"
        throw WorkbenchError("unknown \(label) '\(word)'\(hint)")
    }

    /// The command whose name (or alias) is exactly these words.
    public func command(named name: String) -> (any Command.Type)? {
        commands.first { $0.spec.name == name || $0.spec.aliases.contains(name) }
    }
}

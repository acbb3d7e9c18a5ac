/// Help text generated from command declarations.
public enum Help {
    /// `help CMD`: usage, description, arguments, flags and examples.
    public static func text(for spec: CommandSpec) -> String {
        var out = "usage: \(spec.usage)\n"
        if !spec.aliases.isEmpty { out += "alias: \(spec.aliases.joined(separator: ", "))\n" }
        out += "\n\(spec.summary)\n"
        if !spec.discussion.isEmpty { out += "\n\(spec.discussion)\n" }
        if !spec.arguments.isEmpty {
            out += "\narguments:\n"
            let rows = spec.arguments.map { ($0.name + ($0.repeating || $0.joinsRest ? "..." : ""), $0.help) }
            out += columns(rows)
        }
        out += "\nflags:\n"
        let rows = spec.allFlags.map { f -> (String, String) in
            var name = (f.short.map { "-\($0), " } ?? "") + "--" + f.name
            if let v = f.value { name += " " + v }
            return (name, f.help + (f.repeating ? " (repeatable)" : ""))
        }
        out += columns(rows)
        out += "\nexamples:\n"
        for e in spec.examples { out += "  \(e)\n" }
        return out
    }

    /// `help`: every command by group, one line each.
    public static func overview(_ registry: CommandRegistry) -> String {
        var groups: [String] = []
        var byGroup: [String: [CommandSpec]] = [:]
        for c in registry.commands {
            let s = c.spec
            if byGroup[s.group] == nil { groups.append(s.group) }
            byGroup[s.group, default: []].append(s)
        }
        var out = "Sleuth \(Workbench.version): ask a question, form hypotheses with predictions, test them with experiments, conclude.\n"
        for g in groups {
            out += "\n\(g):\n"
            out += columns(byGroup[g]!.map { s in
                (s.name + (s.aliases.isEmpty ? "" : " (\(s.aliases.joined(separator: ", ")))"), s.summary)
            })
        }
        out += "\nType 'help COMMAND' for its flags and examples; any unique prefix of a command works ('hist' for 'history').\n"
        return out
    }

    static func columns(_ rows: [(String, String)]) -> String {
        let width = min(28, (rows.map(\.0.count).max() ?? 0) + 2)
        var out = ""
        for (left, right) in rows {
            if left.count + 2 > width {
                out += "  \(left)\n" + String(repeating: " ", count: width + 2) + right + "\n"
            } else {
                out += "  " + left.padding(to: width) + right + "\n"
            }
        }
        return out
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
    func leftPadding(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// The structured result of `help`.
public struct HelpResult: Codable, Sendable {
    public struct Item: Codable, Sendable {
        public var name: String
        public var aliases: [String]
        public var group: String
        public var summary: String
        public var usage: String
        public var examples: [String]
        init(_ s: CommandSpec) {
            name = s.name; aliases = s.aliases; group = s.group; summary = s.summary; usage = s.usage
            examples = s.examples
        }
    }
    public var commands: [Item]
}

/// What a value is, so it can be checked and completed on TAB.
public enum ValueKind: Sendable, Equatable {
    case text
    case number
    case duration
    case file
    /// A pid or a process name.
    case process
    /// A stored result: `#N`.
    case entry
    case question
    case hypothesis
    /// A question or a hypothesis.
    case node
    case choice([String])
    case playbook
    case profile
    case url
}

/// A positional argument of a command.
public struct ArgumentSpec: Sendable {
    public var name: String
    public var kind: ValueKind
    public var help: String
    public var optional: Bool
    /// Takes every remaining word.
    public var repeating: Bool
    /// Takes every remaining word, joined by spaces, so free text needs no quotes.
    public var joinsRest: Bool

    public init(_ name: String, _ kind: ValueKind = .text, help: String, optional: Bool = false,
                repeating: Bool = false, joinsRest: Bool = false) {
        self.name = name
        self.kind = kind
        self.help = help
        self.optional = optional
        self.repeating = repeating
        self.joinsRest = joinsRest
    }
}

/// A `--flag` of a command. A flag with no `value` is a switch.
public struct FlagSpec: Sendable {
    public var name: String
    public var short: Character?
    /// The placeholder of its value in usage lines (`DURATION`); nil for a switch.
    public var value: String?
    public var kind: ValueKind
    public var repeating: Bool
    public var help: String

    public init(_ name: String, short: Character? = nil, value: String? = nil, kind: ValueKind = .text,
                repeating: Bool = false, help: String) {
        self.name = name
        self.short = short
        self.value = value
        self.kind = kind
        self.repeating = repeating
        self.help = help
    }
}

/// How a command relates to the investigation.
public enum CommandRole: Sendable {
    /// Collects data; linked to the hypothesis in focus as one of its experiments.
    case experiment
    /// Records the investigation itself (questions, hypotheses, verdicts).
    case investigation
    /// About the session (help, history): never an experiment.
    case meta
}

/// The declaration of a command, from which parsing, help, completion and validation all come.
public struct CommandSpec: Sendable {
    /// The words that name it: `["heap", "top"]` for a subcommand.
    public var path: [String]
    /// Other names. An alias that begins its command's name (`hyp` for `hypothesize`, `he` for `help`) is
    /// an abbreviation, as in gdb: it wins over the unique-prefix rule, and TAB on it completes the name.
    public var aliases: [String]
    public var group: String
    public var summary: String
    public var discussion: String
    public var arguments: [ArgumentSpec]
    public var flags: [FlagSpec]
    public var examples: [String]
    public var role: CommandRole

    /// The aliases that abbreviate the name.
    public var abbreviations: [String] { aliases.filter { $0 != path[0] && path[0].hasPrefix($0) } }

    public init(_ name: String, aliases: [String] = [], group: String, summary: String, discussion: String = "",
                arguments: [ArgumentSpec] = [], flags: [FlagSpec] = [], examples: [String], role: CommandRole) {
        self.path = name.split(separator: " ").map(String.init)
        self.aliases = aliases
        self.group = group
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments
        self.flags = flags
        self.examples = examples
        self.role = role
    }

    public var name: String { path.joined(separator: " ") }

    /// Flags every command takes.
    public static let commonFlags: [FlagSpec] = [
        FlagSpec("json", help: "print the structured result as JSON instead of text"),
        FlagSpec("help", short: "h", help: "show this help"),
    ]

    public var allFlags: [FlagSpec] { flags + Self.commonFlags }

    /// `ask TEXT`, `hypothesize TEXT [--predict TEXT]...`
    public var usage: String {
        var parts = [name]
        for a in arguments {
            var s = a.name
            if a.repeating || a.joinsRest { s += "..." }
            parts.append(a.optional ? "[\(s)]" : s)
        }
        for f in flags {
            var s = "--" + f.name
            if let v = f.value { s += " " + v }
            parts.append("[\(s)]" + (f.repeating ? "..." : ""))
        }
        return parts.joined(separator: " ")
    }
}

/// The words of one command line, matched against its `CommandSpec`.
public struct ParsedArguments: Sendable {
    public let spec: CommandSpec
    private var positionals: [String: [String]] = [:]
    private var flagValues: [String: [String]] = [:]
    private var switches: Set<String> = []

    /// Matches words to the spec's flags and positional arguments.
    ///
    /// Flags may stand anywhere (`--name value`, `--name=value`, `-x value`); `--` ends them; a quoted word
    /// is never a flag.
    /// - Throws: `WorkbenchError` for an unknown flag (with the nearest name), a missing value or argument,
    ///   an extra argument or a value outside a flag's choices.
    public init(spec: CommandSpec, words: [Token]) throws {
        self.spec = spec
        let cmd = spec.name
        var loose: [String] = []
        var endOfFlags = false
        var i = 0
        let flags = spec.allFlags
        while i < words.count {
            let word = words[i]
            let t = word.text
            i += 1
            if !word.quoted && !endOfFlags {
                if t == "--" { endOfFlags = true; continue }
                var flag: FlagSpec?
                var inline: String?
                var shown = t
                if t.hasPrefix("--") && t.count > 2 {
                    let body = t.dropFirst(2)
                    let name: Substring
                    if let eq = body.firstIndex(of: "=") {
                        name = body[..<eq]
                        inline = String(body[body.index(after: eq)...])
                    } else { name = body }
                    shown = "--" + name
                    flag = flags.first { $0.name == name }
                    if flag == nil {
                        let hint = Suggest.nearest(String(name), among: flags.map(\.name)).map { "; did you mean '--\($0)'?" } ?? ""
                        throw WorkbenchError("\(cmd): unknown flag '\(shown)'\(hint)")
                    }
                } else if t.hasPrefix("-") && t.count == 2, let c = t.last, c.isLetter {
                    flag = flags.first { $0.short == c }
                    if flag == nil { throw WorkbenchError("\(cmd): unknown flag '\(t)'; try 'help \(cmd)'") }
                }
                if let flag {
                    if flag.value == nil {
                        if inline != nil { throw WorkbenchError("\(cmd): '--\(flag.name)' takes no value") }
                        switches.insert(flag.name)
                        continue
                    }
                    let value: String
                    if let inline { value = inline }
                    else if i < words.count { value = words[i].text; i += 1 }
                    else { throw WorkbenchError("\(cmd): '\(shown)' needs a value (\(flag.value!))") }
                    if !flag.repeating, flagValues[flag.name] != nil {
                        throw WorkbenchError("\(cmd): '--\(flag.name)' given twice")
                    }
                    try Self.check(value, kind: flag.kind, what: "--\(flag.name)", command: cmd)
                    flagValues[flag.name, default: []].append(value)
                    continue
                }
            }
            loose.append(t)
        }
        var rest = loose[...]
        for arg in spec.arguments {
            if arg.joinsRest {
                if !rest.isEmpty { positionals[arg.name] = [rest.joined(separator: " ")] }
                rest = []
            } else if arg.repeating {
                if !rest.isEmpty { positionals[arg.name] = Array(rest) }
                rest = []
            } else if let first = rest.first {
                try Self.check(first, kind: arg.kind, what: arg.name, command: cmd)
                positionals[arg.name] = [first]
                rest = rest.dropFirst()
            }
            if positionals[arg.name] == nil && !arg.optional && !switches.contains("help") {
                throw WorkbenchError("\(cmd): missing \(arg.name) (usage: \(spec.usage))")
            }
        }
        if let extra = rest.first {
            throw WorkbenchError("\(cmd): unexpected argument '\(extra)' (usage: \(spec.usage))")
        }
    }

    private static func check(_ value: String, kind: ValueKind, what: String, command: String) throws {
        if case .choice(let options) = kind, !options.contains(value) {
            let hint = Suggest.nearest(value, among: options).map { "did you mean '\($0)'?" }
                ?? "expected one of \(options.joined(separator: ", "))"
            throw WorkbenchError("\(command): '\(value)' is not a valid \(what); \(hint)")
        }
    }

    /// The value of a single positional argument.
    public func argument(_ name: String) -> String? { positionals[name]?.first }
    public func arguments(_ name: String) -> [String] { positionals[name] ?? [] }
    /// Whether a switch was given.
    public func isSet(_ name: String) -> Bool { switches.contains(name) }
    public func value(_ flag: String) -> String? { flagValues[flag]?.last }
    public func values(_ flag: String) -> [String] { flagValues[flag] ?? [] }

    public var wantsJSON: Bool { isSet("json") }
    public var wantsHelp: Bool { isSet("help") }
}

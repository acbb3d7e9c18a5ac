/// A guided investigation written down: variables, then steps that ask, hypothesize, run Sleuth
/// commands, check their results and record verdicts. See `Playbooks/README.md` for the format.
public struct Playbook: Sendable {
    /// The newest `version:` this Sleuth reads.
    public static let formatVersion = 1

    /// The file as it was given; every error names it.
    public var file: String
    public var version: Int
    public var name: String
    public var description: String
    public var variables: [Variable]
    public var steps: [Step]

    public init(file: String, version: Int = Playbook.formatVersion, name: String, description: String,
                variables: [Variable], steps: [Step]) {
        self.file = file
        self.version = version
        self.name = name
        self.description = description
        self.variables = variables
        self.steps = steps
    }

    public func variable(_ name: String) -> Variable? { variables.first { $0.name == name } }
}

extension Playbook {
/// A value the playbook takes: `--var NAME=VALUE`, else its default.
public struct Variable: Sendable {
    public var name: String
    public var description: String
    public var defaultValue: String?
    public var required: Bool
    /// A regular expression the whole value must match.
    public var pattern: String?
    public var location: PlaybookLocation
    var patternLocation: PlaybookLocation?
    var defaultLocation: PlaybookLocation?

    public init(name: String, description: String = "", defaultValue: String? = nil, required: Bool = false,
                pattern: String? = nil, location: PlaybookLocation) {
        self.name = name
        self.description = description
        self.defaultValue = defaultValue
        self.required = required
        self.pattern = pattern
        self.location = location
    }
}

/// One step: what it does, and when.
public struct Step: Sendable {
    public enum Action: Sendable {
        /// Guidance shown to the user; not recorded.
        case say(Template)
        case ask(Template)
        /// `label` lets later steps name the hypothesis (`hypothesis: leak`).
        case hypothesize(Template, predict: [Template], label: String?)
        case run(Template, register: Register?)
        /// `expect` (a failure makes the run end with 3) or `test` (`soft`: either answer is a finding).
        case expect(Condition, soft: Bool)
        case evidence(EvidenceRelation, why: Template?, hypothesis: String?, result: String?)
        case conclude(VerdictChoice, why: Template?, hypothesis: String?)
        case cause(Template, at: Template?, evidence: [String])
        case note(Template)
        case prompt(Template, variable: String, defaultValue: Template?, choices: [String])
        /// Fixed shell text, run only with `--allow-shell`; variables reach it as `SLEUTH_VAR_NAME`.
        case shell(String, register: String?)
    }

    public enum Register: Sendable, Equatable {
        /// `register: name`: the whole result (and its `#N`).
        case whole(String)
        /// `register: {var: path, …}`: values picked from the result.
        case picks([(name: String, path: String)])

        public static func == (a: Register, b: Register) -> Bool {
            switch (a, b) {
            case (.whole(let x), .whole(let y)): return x == y
            case (.picks(let x), .picks(let y)): return x.map(\.name) == y.map(\.name) && x.map(\.path) == y.map(\.path)
            default: return false
            }
        }

        var names: [String] {
            switch self {
            case .whole(let n): return [n]
            case .picks(let p): return p.map(\.name)
            }
        }
    }

    public enum EvidenceRelation: String, Sendable, CaseIterable {
        case supports, refutes, neutral, auto
    }

    public enum VerdictChoice: String, Sendable, CaseIterable {
        case supported, refuted, inconclusive, auto
    }

    /// 1-based, as the output and errors count steps.
    public var number: Int
    public var action: Action
    /// The optional `name:` shown in the output.
    public var title: String?
    public var when: Condition?
    /// Where the step's mapping starts.
    public var location: PlaybookLocation
    /// Where each key's value starts (for errors about one value).
    var valueLocations: [String: PlaybookLocation] = [:]

    /// `run`, `expect`, …: the key that names the action.
    public var kind: String {
        switch action {
        case .say: return "say"
        case .ask: return "ask"
        case .hypothesize: return "hypothesize"
        case .run: return "run"
        case .expect(_, let soft): return soft ? "test" : "expect"
        case .evidence: return "evidence"
        case .conclude: return "conclude"
        case .cause: return "cause"
        case .note: return "note"
        case .prompt: return "prompt"
        case .shell: return "shell"
        }
    }

    /// A one-line summary for `playbook show` and the run's output.
    public var summary: String {
        switch action {
        case .say(let t), .ask(let t), .note(let t): return t.text.oneLine
        case .hypothesize(let t, let predict, _):
            return t.text.oneLine + predict.map { " --predict " + $0.text }.joined()
        case .run(let t, _): return t.text
        case .expect(let c, _): return c.text
        case .evidence(let r, _, let h, _): return r.rawValue + (h.map { " (\($0))" } ?? "")
        case .conclude(let v, _, let h): return v.rawValue + (h.map { " (\($0))" } ?? "")
        case .cause(let t, let at, _): return t.text.oneLine + (at.map { " at " + $0.text } ?? "")
        case .prompt(let t, let v, _, _): return "\(v): " + t.text.oneLine
        case .shell(let s, _): return s.oneLine
        }
    }

    func valueLocation(_ key: String) -> PlaybookLocation { valueLocations[key] ?? location }
}
}

extension String {
    /// The first line, with an ellipsis when there was more.
    var oneLine: String {
        let lines = split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first else { return "" }
        return lines.count > 1 ? first + " …" : String(first)
    }
}

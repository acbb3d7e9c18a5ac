import Testing
@testable import Workbench

@Suite struct RegistryTests {
    let registry = CommandRegistry.standard

    @Test func namesAndAliasesAreUnique() {
        var seen: [String: String] = [:]
        for c in registry.commands {
            for n in [c.spec.name] + c.spec.aliases {
                #expect(seen[n] == nil, "'\(n)' names both \(seen[n] ?? "") and \(c.spec.name)")
                seen[n] = c.spec.name
            }
        }
        let topLevel = registry.commands.map { $0.spec.path[0] }
        for alias in registry.commands.flatMap({ $0.spec.aliases }) {
            #expect(!topLevel.contains(alias), "alias '\(alias)' shadows a command")
        }
    }

    @Test func everyCommandHasHelpAndExamplesThatParse() throws {
        for c in registry.commands {
            let spec = c.spec
            #expect(!spec.summary.isEmpty, "\(spec.name) has no summary")
            #expect(!spec.examples.isEmpty, "\(spec.name) has no example")
            for f in spec.flags { #expect(!f.help.isEmpty, "\(spec.name) --\(f.name) has no help") }
            for a in spec.arguments { #expect(!a.help.isEmpty, "\(spec.name) \(a.name) has no help") }
            for example in spec.examples {
                let words = try Tokenizer.tokenize(example)
                let (type, n) = try registry.resolve(words.map(\.text))
                #expect(type.spec.name == spec.name, "example '\(example)' resolves to \(type.spec.name)")
                let args = try ParsedArguments(spec: spec, words: Array(words.dropFirst(n)))
                _ = try type.init(args)
            }
        }
    }

    @Test func exactNamesAliasesAndUniquePrefixes() throws {
        #expect(try registry.resolve(["history"]).0.spec.name == "history")
        #expect(try registry.resolve(["hist"]).0.spec.name == "history")
        #expect(try registry.resolve(["hyp"]).0.spec.name == "hypothesize")
        #expect(try registry.resolve(["next"]).0.spec.name == "guide")
        #expect(try registry.resolve(["st"]).0.spec.name == "status")
        // Abbreviations win over the prefix rule, and never make a prefix ambiguous with their own command.
        #expect(try registry.resolve(["he"]).0.spec.name == "help")
        #expect(try registry.resolve(["hea", "to"]).0.spec.name == "heap top")
        #expect(try registry.resolve(["hy"]).0.spec.name == "hypothesize")
    }

    @Test func ambiguousPrefixListsTheCandidates() {
        #expect(throws: WorkbenchError("ambiguous command 'h': could be heap, help, history, hypothesize")) {
            try registry.resolve(["h"])
        }
    }

    @Test func unknownCommandSuggestsTheNearest() {
        #expect(throws: WorkbenchError("unknown command 'stauts'; did you mean 'status'?")) { try registry.resolve(["stauts"]) }
        #expect(throws: WorkbenchError("unknown command 'hypothesis'; did you mean 'hypothesize'?")) { try registry.resolve(["hypothesis"]) }
        #expect(throws: WorkbenchError("unknown command 'nosuchcmd'; type 'help' for the list")) { try registry.resolve(["nosuchcmd"]) }
    }

    @Test func flagsParseAnywhereAndSuggest() throws {
        let spec = HypothesizeCommand.spec
        let a = try ParsedArguments(spec: spec, words: try Tokenizer.tokenize("--predict growing api leaks --json -p oom-kill"))
        #expect(a.argument("TEXT") == "api leaks")
        #expect(a.values("predict") == ["growing", "oom-kill"])
        #expect(a.wantsJSON)
        let b = try ParsedArguments(spec: spec, words: try Tokenizer.tokenize("x --predict=steady"))
        #expect(b.values("predict") == ["steady"])
        #expect(throws: WorkbenchError("hypothesize: unknown flag '--prdict'; did you mean '--predict'?")) {
            try ParsedArguments(spec: spec, words: try Tokenizer.tokenize("x --prdict growing"))
        }
        #expect(throws: WorkbenchError("hypothesize: '--predict' needs a value (TEXT)")) {
            try ParsedArguments(spec: spec, words: try Tokenizer.tokenize("x --predict"))
        }
        #expect(throws: WorkbenchError("hypothesize: '--json' takes no value")) {
            try ParsedArguments(spec: spec, words: try Tokenizer.tokenize("x --json=yes"))
        }
    }

    @Test func choicesAreChecked() {
        #expect(throws: WorkbenchError("evidence: 'suports' is not a valid RELATION; did you mean 'supports'?")) {
            try ParsedArguments(spec: EvidenceCommand.spec, words: try Tokenizer.tokenize("#1 suports H1"))
        }
    }

    @Test func helpIsGeneratedFromTheDeclaration() {
        let text = Help.text(for: HypothesizeCommand.spec)
        #expect(text.hasPrefix("usage: hypothesize TEXT... [--predict TEXT]... [--under Q#]\nalias: hyp\n"))
        #expect(text.contains("  -p, --predict TEXT"))
        #expect(text.contains("  --json"))
        #expect(text.contains("examples:\n  hyp \"api leaks memory\" --predict growing\n"))
        let overview = Help.overview(registry)
        for c in registry.commands { #expect(overview.contains(c.spec.name)) }
    }

    @Test func suggestDistance() {
        #expect(Suggest.nearest("tpo", among: ["top", "list"]) == "top")
        #expect(Suggest.nearest("zzzzzz", among: ["top", "list"]) == nil)
    }
}

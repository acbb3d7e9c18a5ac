import Testing
import Workbench
@testable import Playbook

@Suite struct TemplateTests {
    func words(_ template: String, _ values: [String: String]) throws -> [String] {
        let line = try Template(template).renderCommandLine { values[$0]! }
        return try Tokenizer.tokenize(line).map(\.text)
    }

    @Test func aValueStaysOneWordWhateverItHolds() throws {
        let nasty = #"it's "quoted" $HOME `x` \ # not a comment; --json"#
        #expect(try words("dmesg {{log}} --since 2h", ["log": nasty]) == ["dmesg", nasty, "--since", "2h"])
        #expect(try words("dmesg {{log}}", ["log": "with spaces"]) == ["dmesg", "with spaces"])
        #expect(try words("dmesg {{log}}", ["log": ""]) == ["dmesg", ""])
        #expect(try words("dmesg {{log}}", ["log": "#3"]) == ["dmesg", "#3"])
        #expect(try words("note 'in single {{v}} quotes'", ["v": "it's"]) == ["note", "in single it's quotes"])
        #expect(try words(#"note "in double {{v}} quotes""#, ["v": #"a "b" \c $d"#]) == ["note", #"in double a "b" \c $d quotes"#])
        #expect(try words("sample cgroup:{{path}}", ["path": "/a b/c'd"]) == ["sample", "cgroup:/a b/c'd"])
    }

    @Test func aValueCannotBecomeAFlag() throws {
        let line = try Template("dmesg {{log}}").renderCommandLine { _ in "--follow" }
        let tokens = try Tokenizer.tokenize(line)
        #expect(tokens.map(\.text) == ["dmesg", "--follow"])
        #expect(tokens[1].quoted)
    }

    @Test func placeholdersAreParsedWithTheirOffsets() throws {
        let t = try Template("say {{ a }} and {{b.events.0.pid}}!")
        #expect(t.variables.map(\.path) == ["a", "b.events.0.pid"])
        #expect(t.variables.map(\.offset) == [4, 16])
        #expect(t.render { $0 == "a" ? "1" : "2" } == "say 1 and 2!")
        #expect(throws: ConditionError(offset: 4, message: "'{{' is never closed with '}}'")) { try Template("say {{a") }
        #expect(throws: ConditionError(offset: 0, message: "'{{a b}}' is not a variable; write {{name}} or {{name.path}}")) {
            try Template("{{a b}}")
        }
    }
}

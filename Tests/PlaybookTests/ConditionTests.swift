import Notebook
import Testing
@testable import Playbook

@Suite struct ConditionTests {
    let result = JSONValue(lenient: #"""
        {"analysis": {"verdict": "growing", "slope": 12.5},
         "events": [{"scope": "memcg", "victim": {"pid": 1381, "name": "api"}}, {"scope": "global", "victim": null}],
         "empty": [], "flag": false, "text": ""}
        """#)

    func holds(_ text: String, vars: [String: JSONValue] = [:]) throws -> Bool {
        var v = Variables()
        v.values = vars
        v.lastResult = result
        return try Condition(text).evaluate(v.lookup).holds
    }

    @Test func comparisonsOnPaths() throws {
        #expect(try holds(#"analysis.verdict == "growing""#))
        #expect(try holds(#"analysis.verdict != 'steady'"#))
        #expect(try holds("events.count >= 1"))
        #expect(try holds("events.count == 2"))
        #expect(try !holds("events.count > 2"))
        #expect(try holds("events.count < 3 and events.count <= 2"))
        #expect(try holds("analysis.slope > 12"))
        #expect(try holds("analysis.slope >= -1.5"))
        #expect(try holds("events.0.victim.pid == 1381"))
        #expect(try holds("events.last.scope == \"global\""))
        #expect(try holds("events.-2.scope == \"memcg\""))
        #expect(try holds("result.events.1.victim == null"))
    }

    @Test func booleanOperatorsAndParentheses() throws {
        #expect(try holds(#"not (analysis.verdict == "steady") and (events.count == 0 or events.count == 2)"#))
        #expect(try !holds(#"analysis.verdict == "steady" or events.count == 0"#))
        #expect(try holds("not not events"))
        #expect(try holds("events.count == 2 && !empty || flag"))
        #expect(try holds("a == 1 or b == 2 and c == 3") == false)
        // `and` binds tighter than `or`.
        #expect(try holds("true or false and false"))
        #expect(try !holds("(true or false) and false"))
    }

    @Test func truthinessAndMissingPaths() throws {
        #expect(try !holds("empty"))
        #expect(try !holds("flag"))
        #expect(try !holds("text"))
        #expect(try !holds("nowhere.at.all"))
        #expect(try holds("nowhere == null"))
        #expect(try !holds("nowhere > 0"))
        #expect(try holds("events"))
    }

    @Test func variablesComeBeforeResultFields() throws {
        #expect(try holds("log", vars: ["log": .string("/var/log/kern.log")]))
        #expect(try !holds("log", vars: ["log": .string("")]))
        // A variable's text compares as a number with a number.
        #expect(try holds("events.count >= limit", vars: ["limit": .string("2")]))
        #expect(try holds(#"events.0.victim.name == target"#, vars: ["target": .string("api")]))
        // A registered result is reached through its name.
        #expect(try holds("kills.events.count == 2", vars: ["kills": result]))
        // A variable named like a result field hides it; `result.` still reaches the field.
        #expect(try holds("events == 'x' and result.events.count == 2", vars: ["events": .string("x")]))
    }

    @Test func evaluationShowsWhatItRead() throws {
        var v = Variables()
        v.lastResult = result
        let one = try Condition("events.count >= 3").evaluate(v.lookup)
        #expect(!one.holds)
        #expect(one.was == "(was 2)")
        let two = try Condition(#"analysis.verdict == "steady" and nothing"#).evaluate(v.lookup)
        #expect(two.was == #"(analysis.verdict was "growing", nothing was missing)"#)
    }

    @Test func syntaxErrorsNameTheirOffset() {
        func error(_ text: String) -> ConditionError? {
            do { _ = try Condition(text); return nil } catch { return error as? ConditionError }
        }
        #expect(error("events.count >= ") == ConditionError(offset: 16, message: "the condition ends where a value or a path is expected"))
        #expect(error("events.count = 1") == ConditionError(offset: 13, message: "'=' is not an operator; compare with '=='"))
        #expect(error("(a == 1") == ConditionError(offset: 0, message: "'(' is never closed"))
        #expect(error("a == 1)") == ConditionError(offset: 6, message: "unexpected ')'"))
        #expect(error("a == 'x") == ConditionError(offset: 5, message: "unterminated ' quote"))
        #expect(error("{{target}} == 1") == ConditionError(offset: 0, message: "a condition names variables without braces: write 'target', not '{{target}}'"))
        #expect(error("events. == 1") == ConditionError(offset: 0, message: "'events.' is not a path: a dot must stand between two names"))
        #expect(error("") == ConditionError(offset: 0, message: "empty condition"))
        #expect(error("a b") == ConditionError(offset: 2, message: "unexpected 'b'"))
    }
}

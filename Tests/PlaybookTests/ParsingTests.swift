import Foundation
import Testing
import Workbench
@testable import Playbook

/// Every problem names FILE:LINE:COLUMN, lower case, the value quoted, with a hint when there is one.
@Suite struct ParsingTests {
    @Test func aMinimalPlaybookParses() throws {
        let p = try Playbook.parse(yaml: """
            version: 1
            name: tiny
            description: one step
            vars:
              log: /var/log/kern.log
              pid:
                description: the process
                required: true
                pattern: '[0-9]+'
            steps:
              - say: hello
              - hyp: leak
                predict: [growing, "top-growth main.leak"]
                id: leak
              - run: dmesg {{log}}
                register: {victim: events.0.victim.name}
                when: log != ""
              - expect: events.count >= 1
              - conclude: auto
                why: kills found
            """, file: "tiny.yaml")
        #expect(p.name == "tiny")
        #expect(p.variables.map(\.name) == ["log", "pid"])
        #expect(p.variables[0].defaultValue == "/var/log/kern.log")
        #expect(p.variables[1].required && p.variables[1].pattern == "[0-9]+")
        #expect(p.steps.map(\.kind) == ["say", "hypothesize", "run", "expect", "conclude"])
        #expect(p.steps[2].when?.text == #"log != """#)
        #expect(p.steps[2].location == PlaybookLocation(file: "tiny.yaml", line: 15, column: 5))
        guard case .run(_, let register) = p.steps[2].action else { Issue.record("not a run step"); return }
        #expect(register == .picks([(name: "victim", path: "events.0.victim.name")]))
        try p.validate(registry: registry)
    }

    @Test func aNewerVersionIsRefusedByName() {
        // The word a command error quotes is pointed at.
        #expect(problems("version: 2\nname: x\nsteps: nonsense\n")
                == ["playbook.yaml:1:10: error: version 2 is newer than this Sleuth reads (1)"])
        #expect(problems("name: x\n") == ["playbook.yaml:1:1: error: missing 'version: 1'"])
    }

    @Test func aBillionLaughsIsRefusedWithoutExpandingIt() {
        // Nine levels of nine aliases (9^9 scalars if expanded), used where a text is expected.
        var yaml = "version: 1\nvars:\n  v0:\n    default: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...8 {
            yaml += "  v\(level):\n    default: &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "steps:\n  - say: *l8\n  - run: *l8\n"
        let clock = ContinuousClock()
        let start = clock.now
        let found = problems(yaml)
        #expect(clock.now - start < .seconds(2))
        #expect(found.contains { $0.hasSuffix("error: 'say' must be a text, not a list") }, "\(found)")
        #expect(found.contains { $0.hasSuffix("error: 'run' must be a text, not a list") })
    }

    @Test func aPlaybookFileOverTheLimitIsRefusedUnread() throws {
        let path = NSTemporaryDirectory() + "sleuth-big-\(UUID().uuidString).yaml"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(truncate(path, off_t(Playbook.maxFileBytes + 1)) == 0)
        let e = #expect(throws: PlaybookError.self) { try Playbook.load(path: path) }
        #expect(e.map { "\($0)" }?.contains("a playbook is at most 4 MiB") == true, "\(e.map { "\($0)" } ?? "")")
        let device = #expect(throws: PlaybookError.self) { try Playbook.load(path: "/dev/zero") }
        #expect(device.map { "\($0)" }?.contains("a playbook is at most 4 MiB") == true)
    }

    @Test func aTypoInAKeyGetsTheNearestKey() {
        #expect(problems("version: 1\nstesp:\n  - say: hi\n")
                == ["playbook.yaml:2:1: error: unknown key 'stesp' in a playbook; did you mean 'steps'?"])
        #expect(problems("version: 1\nname: x\n") == ["playbook.yaml:1:1: error: missing 'steps'"])
        #expect(problems("version: 1\nsteps:\n  - rnu: dmesg\n")
                == ["playbook.yaml:3:5: error: unknown key 'rnu' in a step; did you mean 'run'?"])
        #expect(problems("version: 1\nsteps:\n  - run: dmesg\n    regster: kills\n")
                == ["playbook.yaml:4:5: error: unknown key 'regster' in a run step; did you mean 'register'?"])
        #expect(problems("version: 1\nsteps:\n  - run: dmesg\n    predict: growing\n")
                == ["playbook.yaml:4:5: error: 'predict' belongs to a hypothesize step, not to a run step"])
        #expect(problems("version: 1\nvars:\n  log:\n    defualt: x\nsteps:\n  - say: hi\n")
                == ["playbook.yaml:4:5: error: unknown key 'defualt' in a variable; did you mean 'default'?"])
    }

    @Test func aTypoInACommandOrAFlag() {
        #expect(problems("version: 1\nsteps:\n  - run: dmseg /var/log/kern.log\n")
                == ["playbook.yaml:3:10: error: unknown command 'dmseg'; did you mean 'dmesg'?"])
        #expect(problems("version: 1\nsteps:\n  - run: dmesg --sinse 2h\n")
                == ["playbook.yaml:3:16: error: dmesg: unknown flag '--sinse'; did you mean '--since'?"])
        #expect(problems("version: 1\nsteps:\n  - run: \"conclude H1 maybe\"\n")
                == ["playbook.yaml:3:23: error: conclude: 'maybe' is not a valid VERDICT; expected one of supported, refuted, inconclusive"])
        #expect(problems("version: 1\nsteps:\n  - run: playbook run oom-triage\n")
                == ["playbook.yaml:3:10: error: a playbook cannot run 'playbook run'"])
        #expect(problems("version: 1\nvars: {h: H1}\nsteps:\n  - run: \"conclude {{h}} maybe\"\n")
                == ["playbook.yaml:4:26: error: conclude: 'maybe' is not a valid VERDICT; expected one of supported, refuted, inconclusive"])
        // A placeholder stands for one word whose value is checked when the step runs.
        #expect(problems("version: 1\nvars: {v: supported}\nsteps:\n  - run: conclude H1 {{v}}\n") == [])
        #expect(problems("version: 1\nvars: {c: dmesg}\nsteps:\n  - run: \"{{c}} --all\"\n")
                == ["playbook.yaml:4:11: error: the command name cannot come from a variable"])
    }

    @Test func undefinedVariables() {
        #expect(problems("version: 1\nvars:\n  target: api\nsteps:\n  - ask: Why was {{taget}} killed?\n")
                == ["playbook.yaml:5:20: error: undefined variable 'taget'; did you mean 'target'?"])
        // A registered name is defined from its step on, not before.
        #expect(problems("""
            version: 1
            steps:
              - say: "{{kills.events.count}} kills"
              - run: dmesg
                register: kills
              - say: "{{kills.events.count}} kills"
            """) == ["playbook.yaml:3:13: error: undefined variable 'kills'; declare it under 'vars'"])
        #expect(problems("version: 1\nvars:\n  log: x\nsteps:\n  - say: hi\n    when: lgo\n")
                == ["playbook.yaml:6:11: error: 'lgo' in 'when' is not a variable, and no run step before it gives a result; did you mean 'log'?"])
    }

    @Test func badConditions() {
        #expect(problems("version: 1\nsteps:\n  - run: dmesg\n  - expect: events.count = 1\n")
                == ["playbook.yaml:4:26: error: bad condition 'events.count = 1': '=' is not an operator; compare with '=='"])
        #expect(problems("version: 1\nsteps:\n  - run: dmesg\n  - expect: \"(events.count >= 1\"\n")
                == ["playbook.yaml:4:14: error: bad condition '(events.count >= 1': '(' is never closed"])
        #expect(problems("version: 1\nsteps:\n  - expect: events.count >= 1\n")
                == ["playbook.yaml:3:5: error: 'expect' has no result to check: no run step comes before it"])
    }

    @Test func wrongTypes() {
        #expect(problems("version: 1\nsteps:\n  - hypothesize: leak\n    predict: {a: b}\n")
                == ["playbook.yaml:4:14: error: 'predict' must be a text or a list of texts, not a mapping"])
        #expect(problems("version: 1\nvars:\n  x:\n    required: maybe\nsteps:\n  - say: hi\n")
                == ["playbook.yaml:4:15: error: 'required' must be true or false"])
        #expect(problems("version: 1\nsteps: dmesg\n")
                == ["playbook.yaml:2:8: error: 'steps' must be a list of steps (each line starting with '- ')"])
        #expect(problems("version: one\nsteps: []\n")
                == ["playbook.yaml:1:10: error: 'version' must be a whole number (this Sleuth reads 1)"])
        #expect(problems("version: 1\nsteps:\n  - say: [a, b]\n")
                == ["playbook.yaml:3:10: error: 'say' must be a text, not a list"])
        #expect(problems("version: 1\nsteps:\n  - run: {{cmd}}\n")
                == [#"playbook.yaml:3:10: error: 'run' must be a text; a value that starts with '{{' must be quoted: run: "{{name}} …""#])
        #expect(problems("version: 1\nsteps:\n  - conclude: suported\n")
                == ["playbook.yaml:3:15: error: 'suported' is not a verdict; did you mean 'supported'?"])
    }

    @Test func stepShapes() {
        #expect(problems("version: 1\nsteps:\n  - run: dmesg\n    expect: events.count >= 1\n")
                == ["playbook.yaml:4:5: error: step 1 has both 'run' and 'expect'; a step does one thing, so split it in two"])
        #expect(problems("version: 1\nsteps:\n  - when: x\n")
                == ["playbook.yaml:3:5: error: step 1 does nothing; give it one of say, ask, hypothesize, run, expect, test, evidence, conclude, cause, note, prompt, shell"])
        #expect(problems("version: 1\nsteps:\n  - hyp: a\n  - conclude: auto\n")
                == ["playbook.yaml:4:15: error: 'conclude: auto' follows the last expect or test, but none comes before it"])
        #expect(problems("version: 1\nsteps:\n  - hyp: a\n    id: leak\n  - conclude: refuted\n    hypothesis: lek\n")
                == ["playbook.yaml:6:17: error: no hypothesis with id 'lek' before this step; did you mean 'leak'?"])
        #expect(problems("version: 1\nsteps:\n  - shell: echo {{x}}\n")
                == ["playbook.yaml:3:17: error: a shell step's text is fixed: variables reach it as environment variables ($SLEUTH_VAR_NAME), never as {{…}}"])
        #expect(problems("version: 1\nvars: {log: x}\nsteps:\n  - run: dmesg\n    register: log\n")
                == ["playbook.yaml:5:15: error: 'register: log' would replace the variable 'log'; choose another name"])
    }

    @Test func variablePatterns() {
        #expect(problems("version: 1\nvars:\n  pid:\n    pattern: '[0-9+'\nsteps:\n  - say: hi\n")
                == ["playbook.yaml:4:15: error: variable 'pid': '[0-9+' is not a valid regular expression"])
        #expect(problems("version: 1\nvars:\n  pid:\n    pattern: '[0-9]+'\n    default: abc\nsteps:\n  - say: hi\n")
                == ["playbook.yaml:5:14: error: variable 'pid': the default 'abc' does not match its pattern '[0-9]+'"])
    }

    @Test func invalidYAMLAndEveryProblemAtOnce() {
        let yaml = problems("version: 1\nsteps:\n  - say: hi\n   - say: bad\n")
        #expect(yaml.count == 1)
        #expect(yaml.first?.hasPrefix("playbook.yaml:4:") == true)
        #expect(yaml.first?.contains("error: invalid YAML:") == true)
        let many = problems("version: 1\nsteps:\n  - rnu: dmesg\n  - run: dmesg --sinse 2h\n  - ask: \"{{who}}\"\n")
        #expect(many == [
            "playbook.yaml:3:5: error: unknown key 'rnu' in a step; did you mean 'run'?",
            "playbook.yaml:4:16: error: dmesg: unknown flag '--sinse'; did you mean '--since'?",
            "playbook.yaml:5:13: error: undefined variable 'who'; declare it under 'vars'",
        ])
    }
}

import Foundation
import Notebook
import Testing
import Workbench
@testable import Playbook

@Suite struct RunnerTests {
    let twoKills = fixture("memcg-v1-4.8-docker-two-kills.log")

    /// A kernel log without any OOM kill.
    func quietLog(in b: Bench) throws -> String {
        let path = b.dir + "/quiet.log"
        try "docker0: port 2(veth380a1cd) entered disabled state\neth0: renamed from vethbcd01c4\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func oomTriageOnARealKernelLogHoldsEveryExpectation() throws {
        let b = try Bench()
        let playbook = try Playbook.load(path: shippedDirectory + "/oom-triage.yaml", registry: registry)
        let (r, out, err) = b.run(playbook, vars: ["log": twoKills])
        #expect(err == "")
        #expect(r == PlaybookRunner.Result(exitCode: 0, stopped: false, stepsRun: 20, failedExpectations: []))
        // Every step is recorded as if typed.
        let log = Tokenizer.quote(twoKills)
        #expect(try b.lines() == [
            "ask 'Why was a process OOM-killed?'",
            "hypothesize 'The kernel'\\''s OOM killer killed a process' --predict oom-kill",
            "dmesg \(log)",
            "evidence #3 supports H1 --why 'expectation '\\''events.count >= 1'\\'' held (was 2)'",
            "conclude H1 supported --why 'expectation '\\''events.count >= 1'\\'' held (was 2)'",
            "hypothesize 'A memory cgroup (container) limit was reached, not the machine'\\''s memory' --predict 'the kill'\\''s scope is memcg'",
            "evidence #3 supports H2 --why 'test '\\''kills.events.last.scope == \"memcg\"'\\'' held (was \"memcg\")'",
            "conclude H2 supported --why 'test '\\''kills.events.last.scope == \"memcg\"'\\'' held (was \"memcg\")'",
            "hypothesize 'The same program is killed again and again (a recurring problem, not a one-off)' --predict 'repeated kills of one program'",
            "evidence #3 supports H3 --why 'test '\\''kills.repeated.count >= 1'\\'' held (was 1)'",
            "conclude H3 supported --why 'test '\\''kills.repeated.count >= 1'\\'' held (was 1)'",
        ])
        let inv = try b.store.investigation()
        #expect(inv.questions.map(\.text) == ["Why was a process OOM-killed?"])
        #expect(inv.hypotheses.count == 3)
        #expect(inv.predictions.first?.kind == "oom-kill")
        #expect(inv.evidence.map(\.relation) == [.supports, .supports, .supports])
        #expect(inv.evidence.allSatisfy { $0.entryId == 3 })
        #expect(inv.verdicts.map(\.outcome) == [.supported, .supported, .supported])
        #expect(try b.store.entry(3)?.hypothesisId == 1)
        // The output shows each step, the commands' text and the expectations.
        #expect(out.hasPrefix("playbook oom-triage: Who was OOM-killed, why (the machine's memory or a cgroup's limit), what was biggest, and whether the kill recurs. (22 steps)\n▶ step 1/22 say:\nThis playbook reads"))
        #expect(out.contains("▶ step 4/22 (read the saved log) run: dmesg \(log)\n2 OOM kills in \(twoKills)\n"))
        #expect(out.contains("· step 5/22 (read the live log) run skipped: when not log (was \"/"))
        #expect(out.contains("✓ expect events.count >= 1 (was 2)\n"))
        #expect(out.contains("Killed: gunpowder-memho (pid 1667), the last of 2 kill(s) in the log.\n"))
        #expect(out.contains("Why: cgroup /docker/6c6fcab8562fd3150854986b78552c732f234fd405b624207b8843528a145e70 reached its own limit: usage 307112 KiB of 307200 KiB"))
        #expect(out.contains("Recurs: gunpowder-memho was killed 2 times."))
        #expect(out.hasSuffix("✓ oom-triage: 20 steps run, every expectation held\n"))
    }

    @Test func aFailedExpectationIsRecordedAndTheRunEndsWith3() throws {
        let b = try Bench()
        let playbook = try Playbook.load(path: shippedDirectory + "/oom-triage.yaml", registry: registry)
        let (r, out, err) = b.run(playbook, vars: ["log": try quietLog(in: b)])
        #expect(err == "")
        #expect(r.exitCode == 3)
        #expect(r.failedExpectations == ["events.count >= 1 (was 0)"])
        #expect(out.contains("✗ expect events.count >= 1 (was 0)\n"))
        #expect(out.hasSuffix("✗ oom-triage: 1 expectation did not hold: events.count >= 1 (was 0)\n"))
        let lines = try b.lines()
        #expect(lines.contains("note 'expectation '\\''events.count >= 1'\\'' did not hold (was 0) (step 6 of playbook oom-triage)'"))
        #expect(lines.last == "conclude H1 refuted --why 'expectation '\\''events.count >= 1'\\'' did not hold (was 0)'")
        let inv = try b.store.investigation()
        #expect(inv.hypotheses.count == 1)
        #expect(inv.verdict(of: 1)?.outcome == .refuted)
        #expect(inv.evidence.map(\.relation) == [.refutes])
        #expect(inv.notes.count == 1)
    }

    @Test func aFailedCommandStopsTheRunWith1() throws {
        let b = try Bench()
        let (r, out, err) = try b.run("""
            version: 1
            vars: {log: /nonexistent/kern.log}
            steps:
              - run: dmesg {{log}}
              - say: never shown
            """)
        #expect(r.exitCode == 1)
        #expect(err == "test.yaml:4:5: error: step 1: dmesg: cannot read '/nonexistent/kern.log': no such file\n")
        #expect(out.hasSuffix("✗ test stopped at step 1/2\n"))
        #expect(!out.contains("never shown"))
        // The failed command is in the notebook, as a failure.
        #expect(try b.store.entries().map(\.status) == [.failed])
    }

    @Test func variablesAreCheckedBeforeAnythingRuns() throws {
        let b = try Bench()
        let yaml = """
            version: 1
            vars:
              pid:
                description: the process to watch
                required: true
                pattern: '[0-9]+'
            steps:
              - note: "watching {{pid}}"
            """
        let missing = try b.run(yaml)
        #expect(missing.result.exitCode == 2)
        #expect(missing.err == "test.yaml:3:3: error: variable 'pid' is required (the process to watch); give --var pid=VALUE\n")
        let bad = try b.run(yaml, vars: ["pid": "12a"])
        #expect(bad.err == "test.yaml:3:3: error: variable 'pid': '12a' does not match its pattern '[0-9]+'\n")
        let unknown = try b.run(yaml, vars: ["pdi": "12", "pid": "1"])
        #expect(unknown.err == "error: --var pdi: unknown variable 'pdi'; did you mean 'pid'?\n")
        #expect(try b.lines() == [])
        let ok = try b.run(yaml, vars: ["pid": "42"])
        #expect(ok.result.exitCode == 0)
        #expect(try b.lines() == ["note 'watching 42'"])
        #expect(throws: PlaybookError("--var 'pid' must be NAME=VALUE", at: nil)) { try PlaybookRunner.parseVars(["pid"]) }
        #expect(try PlaybookRunner.parseVars(["a=1", "b=x=y"]) == ["a": "1", "b": "x=y"])
    }

    @Test func aVariableWithSpacesAndQuotesStaysOneWord() throws {
        let b = try Bench()
        let dir = b.dir + "/a dir with \"quotes\""
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/it's --all #1.log"
        try FileManager.default.copyItem(atPath: twoKills, toPath: path)
        let (r, _, err) = try b.run("""
            version: 1
            vars: {log: ""}
            steps:
              - run: dmesg {{log}} --since 2000-01-01T00:00:00Z
                register: kills
              - expect: kills.events.count == 2 and kills.sources.0 == log
            """, vars: ["log": path])
        #expect(err == "")
        #expect(r.exitCode == 0)
        let entry = try b.store.entries()[0]
        #expect(try Tokenizer.tokenize(entry.line).map(\.text) == ["dmesg", path, "--since", "2000-01-01T00:00:00Z"])
    }

    @Test func registerAndWhen() throws {
        let b = try Bench()
        let (r, out, err) = try b.run("""
            version: 1
            vars: {log: ""}
            steps:
              - run: dmesg {{log}}
                register: {pid: events.0.victim.pid, name: events.0.victim.name, nothing: events.9.victim}
              - run: dmesg {{log}} --all
                register: all
              - say: "first victim {{name}} ({{pid}}), {{all.repeated.0.count}} kills, nothing={{nothing}}."
              - note: "pid {{pid}} was killed"
                when: pid == 1381 and name == "gunpowder-memho"
              - note: never
                when: pid != 1381 or nothing
              - say: "a list: {{all.repeated.0.pids}}"
                when: [all.events.count > 1, "all.events.last.scope == 'memcg'"]
              - test: all.lookalikes.count > 0
              - say: "{{all.events.5.victim.name}} is missing in text"
            """, vars: ["log": twoKills])
        #expect(err == "")
        #expect(r.exitCode == 0)
        #expect(out.contains("first victim gunpowder-memho (1381), 2 kills, nothing=.\n"))
        #expect(out.contains("· step 5/8 note skipped: when pid != 1381 or nothing (pid was 1381, nothing was null)\n"))
        #expect(out.contains("a list: [1381,1667]\n"))
        #expect(out.contains("– test all.lookalikes.count > 0: no (was 0)\n"))
        #expect(out.contains("? is missing in text\n"))
        #expect(try b.lines().dropFirst(2) == ["note 'pid 1381 was killed'"])
    }

    @Test func aShellStepIsRefusedWithoutAllowShell() throws {
        let b = try Bench()
        let yaml = """
            version: 1
            vars: {target: api}
            steps:
              - say: before
              - shell: printf '%s' "$SLEUTH_VAR_TARGET"
                register: out
              - say: "got [{{out.stdout}}] status {{out.status}}"
            """
        let refused = try b.run(yaml, file: "go-memory-leak.yaml")
        #expect(refused.result.exitCode == 2)
        #expect(refused.err == "go-memory-leak.yaml:5:5: error: step 2 is a shell step; run with --allow-shell to allow it\n")
        #expect(refused.out == "")
        #expect(try b.lines() == [])
        // With --allow-shell, variables reach the shell only as environment variables: never as code.
        let marker = b.dir + "/pwned"
        let hostile = "$(touch \(marker)); `touch \(marker)` ' \" ;"
        let allowed = try b.run(yaml, file: "go-memory-leak.yaml", vars: ["target": hostile], allowShell: true)
        #expect(allowed.err == "")
        #expect(allowed.result.exitCode == 0)
        #expect(allowed.out.contains("got [\(hostile)] status 0\n"))
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(try b.lines().first?.hasPrefix("note 'shell step 2 of playbook go-memory-leak exited 0: printf") == true)
    }

    @Test func aShellStepThatPrintsWithoutEndKeepsOneMiB() throws {
        let b = try Bench()
        let yaml = """
            version: 1
            steps:
              - shell: head -c 50000000 /dev/zero | tr '\\0' x
                register: out
              - say: "status {{out.status}}"
            """
        let run = try b.run(yaml, file: "flood.yaml", allowShell: true)
        #expect(run.result.exitCode == 0, "\(run.err)")
        #expect(run.out.contains("… 48951424 more bytes of output not kept\n"))
        #expect(run.out.contains("status 0\n"))
        #expect(run.out.utf8.count < 2 << 20)
    }

    @Test func aRunStepThatWouldRunAProgramNeedsAllowShell() throws {
        // `sample --work cmd:…` runs a program; a stand-in `sample` command declares the flag.
        let withSample = CommandRegistry(registry.commands + [FakeSample.self])
        let fixed = try Playbook.parse(yaml: "version: 1\nsteps:\n  - run: sample 42 --work 'cmd:curl -s localhost/metrics'\n", file: "p.yaml")
        #expect(throws: PlaybookError("step 1 runs a command through '--work cmd:…'; run with --allow-shell to allow it",
                                      at: PlaybookLocation(file: "p.yaml", line: 3, column: 5))) {
            try fixed.validate(registry: withSample, allowShell: false)
        }
        try fixed.validate(registry: withSample, allowShell: true)
        // A variable where the value starts could hold cmd:…, so it needs the flag too.
        let variable = try Playbook.parse(yaml: "version: 1\nvars: {w: x}\nsteps:\n  - run: sample 42 --work {{w}}\n", file: "p.yaml")
        #expect(throws: PlaybookError.self) { try variable.validate(registry: withSample, allowShell: false) }
        let http = try Playbook.parse(yaml: "version: 1\nsteps:\n  - run: sample 42 --work http://localhost/metrics\n", file: "p.yaml")
        try http.validate(registry: withSample, allowShell: false)
    }

    @Test func promptsUseTheirDefaultUnattendedAndFailClearlyWithout() throws {
        let yaml = """
            version: 1
            steps:
              - prompt: Which process?
                var: target
                choices: [api, worker]
                default: api
              - prompt: Which log?
                var: log
              - note: "{{target}} {{log}}"
            """
        let b = try Bench()
        let unattended = try b.run(yaml)
        #expect(unattended.result.exitCode == 2)
        #expect(unattended.out.contains("? Which process? → api (the default: no answer given)\n"))
        #expect(unattended.err == "test.yaml:7:5: error: step 2: prompt 'Which log?' got no answer and has no default; give --var log=VALUE\n")
        let given = try b.run(yaml, vars: ["log": "/var/log/kern.log"])
        #expect(given.result.exitCode == 0)
        #expect(given.out.contains("· log = /var/log/kern.log (given with --var)\n"))
        let b2 = try Bench()
        let typed = try b2.run(yaml, input: ["wrker", "worker", "/tmp/k.log"])
        #expect(typed.result.exitCode == 0)
        #expect(typed.out.contains("? Which process? [api/worker] (default: api) 'wrker' is not one of api, worker; did you mean 'worker'?\n"))
        #expect(try b2.lines() == ["note 'target = worker (asked: Which process?)'", "note 'log = /tmp/k.log (asked: Which log?)'",
                                   "note 'worker /tmp/k.log'"])
    }

    @Test func anInterruptStopsBeforeTheNextStep() throws {
        let b = try Bench()
        var asked = false
        b.wb.isInterrupted = { asked }
        let playbook = try Playbook.parse(yaml: "version: 1\nsteps:\n  - ask: first?\n  - ask: second?\n", file: "t.yaml")
        var out = ""
        let runner = PlaybookRunner(playbook: playbook, workbench: b.wb, output: { out += $0; if $0.contains("Q1") { asked = true } },
                                    errorOutput: { _ in })
        let r = runner.run()
        #expect(r.stopped && r.exitCode == 0)
        #expect(out.hasSuffix("interrupted before step 2/2; everything so far is in the notebook\n"))
        #expect(try b.lines() == ["ask 'first?'"])
    }

    @Test func stepModeRunsSkipsEditsAndStops() throws {
        let b = try Bench()
        let (r, out, err) = try b.run("""
            version: 1
            vars: {log: ""}
            steps:
              - ask: Why was it killed?
              - note: skip me
              - run: dmesg {{log}}
              - say: not reached
              - note: not reached either
            """, vars: ["log": twoKills], stepMode: true, input: ["", "s", "x", "e", "dmesg \(twoKills) --all", "q"])
        #expect(err == "")
        #expect(r.stopped)
        #expect(r.exitCode == 0)
        #expect(r.stepsRun == 2)
        #expect(try b.lines() == ["ask 'Why was it killed?'", "dmesg \(twoKills) --all"])
        #expect(out.contains("▶ step 2/5 note: note 'skip me'\n  [Enter] run · s skip · e edit · q stop > · skipped\n"))
        #expect(out.contains("  [Enter] run · s skip · e edit · q stop >   answer Enter, s, e or q\n"))
        #expect(out.contains("  new command >   edited: dmesg \(twoKills) --all\n"))
        #expect(out.hasSuffix("▶ step 4/5 say:\nnot reached\n  [Enter] run · s skip · e edit · q stop > stopped at step 4/5; everything so far is in the notebook\n"))
        // The end of the input stops, like q.
        let b2 = try Bench()
        let eof = try b2.run("version: 1\nsteps:\n  - ask: why?\n", stepMode: true, input: [])
        #expect(eof.result.stopped)
        #expect(try b2.lines() == [])
    }
}

/// Stands in for the `sample` command (not in this registry yet), to test the `--work cmd:` refusal.
struct FakeSample: Command {
    static let spec = CommandSpec(
        "sample", group: "Test", summary: "stand-in",
        arguments: [ArgumentSpec("TARGET", .process, help: "pid")],
        flags: [FlagSpec("work", value: "SOURCE", help: "work counter")],
        examples: ["sample 1"], role: .experiment)
    init(_ arguments: ParsedArguments) throws {}
    func run(in context: CommandContext) throws -> CommandResult { CommandResult(["ok": true], text: "") }
}

import Foundation
import Notebook
import Testing
import Workbench
@testable import Playbook

@Suite struct ExportTests {
    let twoKills = fixture("memcg-v1-4.8-docker-two-kills.log")

    func ok(_ b: Bench, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let o = b.wb.run(line)!
        if o.status != .ok { Issue.record("'\(line)' failed: \(o.error ?? "")", sourceLocation: sourceLocation) }
        return o.output
    }

    /// An investigation typed by hand: a question, two hypotheses, an experiment, evidence, verdicts, a cause.
    func investigate(_ b: Bench) {
        _ = ok(b, #"ask "Why was the worker OOM-killed?""#)
        _ = ok(b, #"hyp "the kernel killed it" --predict oom-kill"#)
        _ = ok(b, "dmesg \(Tokenizer.quote(twoKills)) --all")
        _ = ok(b, "history")
        _ = ok(b, #"evidence #3 supports H1 --why "two kills of gunpowder-memho""#)
        _ = ok(b, "conclude H1 supported")
        _ = ok(b, #"hyp "the machine ran out of memory""#)
        _ = ok(b, #"evidence #3 refutes H2 --why "both kills were in a cgroup""#)
        _ = ok(b, "conclude H2 refuted")
        _ = ok(b, #"note "limits are set in the compose file""#)
        _ = ok(b, #"cause "the container's 300 MiB limit is below the worker's peak" --at compose.yaml:12 --evidence #3"#)
    }

    @Test func aFinishedInvestigationBecomesAPlaybookThatValidatesAndReruns() throws {
        let b = try Bench()
        investigate(b)
        let file = b.dir + "/worker-oom.yaml"
        let said = ok(b, "export playbook \(file)")
        #expect(said == "wrote playbook 'worker-oom' to \(file): 11 steps\n'\(twoKills)' became {{target}}; re-run with: sleuth run \(file) --var target=…\n")
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
        let body = yaml.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        #expect(body == """
            version: 1
            name: "worker-oom"
            description: "Re-runs the investigation: Why was the worker OOM-killed?"
            vars:
              target:
                description: "what the experiments looked at (a file, process or URL)"
                default: "\(twoKills)"
            steps:
              - ask: "Why was the worker OOM-killed?"
              - hypothesize: "the kernel killed it"
                id: h1
                predict: ["oom-kill"]
              - run: "dmesg {{target}} --all"
                register: r3
              - expect: "events.count >= 1"
              - evidence: supports
                hypothesis: h1
                why: "two kills of gunpowder-memho"
              - conclude: supported
                hypothesis: h1
              - hypothesize: "the machine ran out of memory"
                id: h2
              - evidence: refutes
                hypothesis: h2
                why: "both kills were in a cgroup"
              - conclude: refuted
                hypothesis: h2
              - note: "limits are set in the compose file"
              - cause: "the container's 300 MiB limit is below the worker's peak"
                at: "compose.yaml:12"
                evidence: ["r3"]

            """)

        // It re-runs in a new notebook with the same outcome: every expectation holds.
        let again = try Bench()
        let playbook = try Playbook.load(path: file, registry: registry)
        let (r, _, err) = again.run(playbook)
        #expect(err == "")
        #expect(r.exitCode == 0)
        let inv = try again.store.investigation()
        #expect(inv.questions.map(\.text) == ["Why was the worker OOM-killed?"])
        #expect(inv.verdicts.map(\.outcome) == [.supported, .refuted])
        #expect(inv.evidence.map(\.relation) == [.supports, .refutes])
        #expect(inv.findings.first?.location == "compose.yaml:12")
        #expect(inv.findings.first?.evidenceIds == [3])

        // On another target the experiment finds no kill: the expectation fails and the run ends with 3.
        let quiet = again.dir + "/quiet.log"
        try "nothing to see\n".write(toFile: quiet, atomically: true, encoding: .utf8)
        let third = try Bench()
        let (r3, out3, _) = third.run(playbook, vars: ["target": quiet])
        #expect(r3.exitCode == 3)
        #expect(out3.contains("✗ expect events.count >= 1 (was 0)"))
    }

    @Test func exportWithoutAFilePrintsTheYAML() throws {
        let b = try Bench()
        _ = ok(b, "ask why?")
        let yaml = ok(b, "export playbook --name mine")
        #expect(yaml.contains("name: \"mine\"\n"))
        #expect(yaml.contains("  - ask: \"why?\"\n"))
        #expect(!yaml.contains("vars:"))
        let json = try JSONValue(parsing: ok(b, "export playbook --json"))
        #expect(json["steps"] == .int(1))
        #expect(json["target"] == .null)
    }
}

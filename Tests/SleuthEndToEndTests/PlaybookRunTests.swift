import Foundation
import Notebook
import Testing

/// `sleuth run` through the binary: exit codes 0, 2 and 3, validation errors with positions, shell refusal.
@Suite struct PlaybookRunTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let log = repo + "/Tests/KernelLogTests/Fixtures/memcg-v1-4.8-docker-two-kills.log"

    @Test func oomTriageOnARealLogSucceedsAndIsRecorded() throws {
        let dir = try Scratch()
        let nb = dir.file("n.sleuth")
        let r = try sleuth(["run", Self.repo + "/Playbooks/oom-triage.yaml", "--var", "log=\(Self.log)", "--notebook", nb])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("notebook: \(nb)"))
        let store = try NotebookStore(path: nb, readOnly: true)
        let inv = try store.investigation()
        #expect(inv.questions.count >= 1)
        #expect(!inv.hypotheses.isEmpty)
        #expect(!inv.evidence.isEmpty)
        #expect(inv.verdicts.contains { $0.outcome == .supported })
        #expect(try store.entries().contains { $0.command == "dmesg" && $0.line.contains("two-kills.log") })
    }

    @Test func anExpectationThatFailsExitsThreeAndRefutes() throws {
        let dir = try Scratch()
        let empty = dir.file("quiet.log")
        try "[    1.000000] Linux version 6.1.0\n[    2.000000] eth0: link up\n".write(toFile: empty, atomically: true, encoding: .utf8)
        let nb = dir.file("n.sleuth")
        let r = try sleuth(["run", Self.repo + "/Playbooks/oom-triage.yaml", "--var", "log=\(empty)", "--notebook", nb])
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        let inv = try NotebookStore(path: nb, readOnly: true).investigation()
        #expect(inv.verdicts.contains { $0.outcome == .refuted })
        // The same from the REPL's command language: the script goes on, and exits 3.
        let c = try sleuth(["--notebook", dir.file("c.sleuth"), "-c", "playbook run oom-triage --var log=\(empty)", "-c", "status"],
                           cwd: Self.repo)
        #expect(c.status == 3, "\(c.stderr)")
        #expect(c.stdout.contains("refuted"))
    }

    @Test func aTypoIsRefusedWithItsPositionAndNothingRuns() throws {
        let dir = try Scratch()
        let pb = dir.file("typo.yaml")
        try """
            version: 1
            name: typo
            description: a typo
            steps:
              - ask: why?
              - rnu: dmesg
              - run: dmseg --all
            """.write(toFile: pb, atomically: true, encoding: .utf8)
        let nb = dir.file("n.sleuth")
        let r = try sleuth(["run", pb, "--notebook", nb])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(pb):6:5: error: unknown key 'rnu' in a step; did you mean 'run'?"), "\(r.stderr)")
        #expect(r.stderr.contains("\(pb):7:"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean 'dmesg'?"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: nb))
        let check = try sleuth(["run", "--check", pb])
        #expect(check.status == 2)
        let ok = try sleuth(["run", "--check", Self.repo + "/Playbooks/oom-triage.yaml"])
        #expect(ok == RunResult(status: 0, stdout: "oom-triage: valid\n", stderr: ""))
    }

    @Test func aShellStepIsRefusedWithoutAllowShell() throws {
        let dir = try Scratch()
        let pb = dir.file("shell.yaml")
        let marker = dir.file("ran")
        try """
            version: 1
            name: shell
            description: glue
            steps:
              - shell: touch \(marker)
            """.write(toFile: pb, atomically: true, encoding: .utf8)
        let r = try sleuth(["run", pb, "--notebook", dir.file("n.sleuth")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(pb):5:5: error: step 1 is a shell step; run with --allow-shell to allow it"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        let allowed = try sleuth(["run", pb, "--allow-shell", "--notebook", dir.file("m.sleuth")])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(FileManager.default.fileExists(atPath: marker))
    }
}

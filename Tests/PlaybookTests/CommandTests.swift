import Foundation
import Notebook
import Testing
import Workbench
@testable import Playbook

@Suite struct CommandTests {
    @Test func theCommandsAreWellFormed() throws {
        let specs: [CommandSpec] = Playbook.commands.map { $0.spec }
        for spec in specs {
            #expect(!spec.summary.isEmpty)
            #expect(!spec.examples.isEmpty)
            for example in spec.examples {
                let words = try Tokenizer.tokenize(example)
                let resolved = try registry.resolve(words.map(\.text))
                let name: String = resolved.0.spec.name
                #expect(name == spec.name)
                _ = try ParsedArguments(spec: spec, words: Array(words.dropFirst(resolved.1)))
            }
        }
        // No name collides with a standard command.
        let names: [String] = registry.commands.map { $0.spec.name }
        #expect(Set(names).count == names.count)
        #expect(specs.map(\.name) == ["playbook list", "playbook show", "playbook run", "export playbook"])
        // `export playbook` stands beside the Workbench's own `export FORMAT`.
        let exported: String = try registry.resolve(["export", "playbook"]).0.spec.name
        #expect(exported == "export playbook")
        if registry.command(named: "export") != nil {
            let report: String = try registry.resolve(["export", "markdown"]).0.spec.name
            #expect(report == "export")
        }
    }

    @Test func showAndRunInTheREPL() throws {
        let b = try Bench()
        let path = shippedDirectory + "/oom-triage.yaml"
        let shown = b.wb.run("playbook show \(path)")!
        #expect(shown.status == .ok)
        #expect(shown.output.hasPrefix("oom-triage — \(path)\nWho was OOM-killed"))
        #expect(shown.output.contains("\nvariables:\n  log — a kernel log file to read; empty reads the live log (/dev/kmsg)\n"))
        #expect(shown.output.contains("   4. run: dmesg {{log}}   (when log)\n"))
        var streamed = ""
        b.wb.stream = { streamed += $0 }
        let log = fixture("memcg-v1-4.8-docker-two-kills.log")
        let ran = b.wb.run("playbook run \(path) --var log=\(Tokenizer.quote(log))")!
        #expect(ran.status == .ok)
        #expect(streamed.hasSuffix("✓ oom-triage: 20 steps run, every expectation held\n"))
        let json = try JSONValue(parsing: ran.resultJSON!)
        #expect(json["exitCode"] == .int(0))
        // The playbook's steps come first in the notebook, then the command that ran them.
        let lines = try b.lines()
        #expect(lines[1] == "ask 'Why was a process OOM-killed?'")
        #expect(lines.last?.hasPrefix("playbook run ") == true)
        let bad = b.wb.run("playbook run \(path) --var lgo=x")!
        #expect(bad.status == .failed)
        #expect(bad.error == "error: --var lgo: unknown variable 'lgo'; did you mean 'log'?")
        let missing = b.wb.run("playbook run oom-triag")!
        #expect(missing.error?.hasPrefix("error: no playbook named 'oom-triag'") == true)
    }

    @Test func theLibraryLooksInTheProjectTheUserAndTheShippedPlaces() throws {
        let root = NSTemporaryDirectory() + "sleuth-lib-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        for d in ["work/Playbooks", "config/sleuth/playbooks", "install/bin", "install/Playbooks"] {
            try fm.createDirectory(atPath: root + "/" + d, withIntermediateDirectories: true)
        }
        let minimal = "version: 1\ndescription: D\nsteps:\n  - say: hi\n"
        try minimal.replacingOccurrences(of: "D", with: "project one").write(toFile: root + "/work/Playbooks/one.yaml", atomically: true, encoding: .utf8)
        try minimal.replacingOccurrences(of: "D", with: "user one").write(toFile: root + "/config/sleuth/playbooks/one.yaml", atomically: true, encoding: .utf8)
        try minimal.replacingOccurrences(of: "D", with: "user two").write(toFile: root + "/config/sleuth/playbooks/two.yml", atomically: true, encoding: .utf8)
        try minimal.replacingOccurrences(of: "D", with: "shipped").write(toFile: root + "/install/Playbooks/three.yaml", atomically: true, encoding: .utf8)
        try "not a playbook".write(toFile: root + "/install/Playbooks/notes.txt", atomically: true, encoding: .utf8)

        let lib = PlaybookLibrary.standard(environment: ["XDG_CONFIG_HOME": root + "/config", "HOME": "/nonexistent"],
                                           currentDirectory: root + "/work", executable: root + "/install/bin/sleuth")
        #expect(lib.directories.map(\.label) == ["project", "user", "shipped"])
        #expect(lib.list().map(\.name) == ["one", "two", "three"])
        #expect(lib.list().map(\.directory.label) == ["project", "user", "shipped"])
        #expect(try lib.locate("one") == root + "/work/Playbooks/one.yaml")
        #expect(throws: PlaybookError("no playbook named 'thre'; did you mean 'three'?", at: nil)) { try lib.locate("thre") }

        // SLEUTH_PLAYBOOKS replaces the shipped place; without XDG_CONFIG_HOME the user's is under HOME.
        let other = PlaybookLibrary.standard(environment: ["SLEUTH_PLAYBOOKS": root + "/elsewhere", "HOME": "/home/u"],
                                             currentDirectory: root + "/work", executable: root + "/install/bin/sleuth")
        #expect(other.directories.map(\.path) == [root + "/work/Playbooks", "/home/u/.config/sleuth/playbooks", root + "/elsewhere"])
        #expect(PlaybookLibrary.shippedDirectory(executable: "/nonexistent/dir/sleuth") == nil)
    }
}

import Foundation
import Testing
import Workbench
@testable import Playbook

/// Every playbook shipped in `Playbooks/` parses and validates against the real registry.
@Suite struct ShippedPlaybookTests {
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: shippedDirectory)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    @Test func thePlaybooksAreThere() {
        #expect(Self.files.contains("oom-triage.yaml"))
    }

    @Test(arguments: files)
    func validates(_ file: String) throws {
        let path = shippedDirectory + "/" + file
        // The format itself is checked in every case.
        let playbook = try Playbook.parse(yaml: String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(playbook.name + ".yaml" == file)
        #expect(!playbook.description.isEmpty)
        _ = try Playbook.load(path: path, registry: registry)
    }

    /// The committed example of format version 1 keeps loading.
    @Test func theVersion1ExampleStillLoads() throws {
        let p = try Playbook.load(path: fixture("playbook-v1-every-key.yaml"), registry: registry)
        #expect(p.version == 1)
        #expect(Set(p.steps.map(\.kind)) == ["say", "ask", "hypothesize", "run", "expect", "test", "evidence",
                                             "conclude", "cause", "note", "prompt", "shell"])
    }
}

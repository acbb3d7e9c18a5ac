import Foundation
import Notebook
import Testing
import Workbench
@testable import Playbook

/// The registry the executable builds: every standard command plus the playbook commands.
let registry = CommandRegistry(CommandRegistry.standard.commands + Playbook.commands)

/// A fixture copied beside these tests.
func fixture(_ name: String) -> String {
    Bundle.module.resourcePath! + "/Fixtures/" + name
}

/// The playbooks shipped in the repository's `Playbooks/`.
let shippedDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Playbooks").path

/// The problems a playbook text has, as the lines `sleuth run --check` prints.
func problems(_ yaml: String, file: String = "playbook.yaml") -> [String] {
    do {
        _ = try Playbook.check(yaml: yaml, file: file, registry: registry)
        return []
    } catch let e as PlaybookError {
        return e.problems.map(\.description)
    } catch {
        return ["unexpected: \(error)"]
    }
}

/// A workbench on a fresh notebook in a temporary directory, with the playbook commands registered.
final class Bench {
    let dir: String
    let store: NotebookStore
    let wb: Workbench

    init() throws {
        dir = NSTemporaryDirectory() + "sleuth-pb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        store = try NotebookStore(path: dir + "/n.sleuth")
        wb = try Workbench(store: store, registry: registry)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// The lines of every entry recorded so far.
    func lines() throws -> [String] { try store.entries().map(\.line) }

    /// Runs a playbook given as text; returns the result, its output and its errors.
    func run(_ yaml: String, file: String = "test.yaml", vars: [String: String] = [:], allowShell: Bool = false,
             stepMode: Bool = false, input: [String]? = nil) throws -> (result: PlaybookRunner.Result, out: String, err: String) {
        let playbook = try Playbook.parse(yaml: yaml, file: file)
        return run(playbook, vars: vars, allowShell: allowShell, stepMode: stepMode, input: input)
    }

    func run(_ playbook: Playbook, vars: [String: String] = [:], allowShell: Bool = false, stepMode: Bool = false,
             input: [String]? = nil) -> (result: PlaybookRunner.Result, out: String, err: String) {
        var out = ""
        var err = ""
        var lines = input?.makeIterator()
        let reader: (() -> String?)? = input == nil ? nil : { lines?.next() }
        let runner = PlaybookRunner(playbook: playbook, workbench: wb, vars: vars, allowShell: allowShell,
                                    stepMode: stepMode, output: { out += $0 }, errorOutput: { err += $0 }, input: reader)
        let result = runner.run()
        return (result, out, err)
    }
}

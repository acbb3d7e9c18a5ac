import Foundation
import Notebook
import Testing
@testable import Workbench

/// A command that writes a note, then runs the given lines as nested commands, then fails if asked to.
private struct WriteThenCommand: Command {
    static let spec = CommandSpec(
        "writethen", group: "Test", summary: "writes a note, runs nested lines, maybe fails",
        arguments: [ArgumentSpec("MODE", help: "ok or fail"), ArgumentSpec("LINES", help: "nested lines", joinsRest: true)],
        examples: ["writethen fail 'note a;note b'"], role: .investigation)

    let fails: Bool
    let lines: [String]
    init(_ arguments: ParsedArguments) throws {
        fails = arguments.argument("MODE") == "fail"
        lines = (arguments.argument("LINES") ?? "").split(separator: ";").map(String.init)
    }

    func run(in context: CommandContext) throws -> CommandResult {
        _ = try context.store.add(Note(text: "written by writethen", questionId: nil, hypothesisId: nil, createdAt: 0))
        for line in lines where !line.isEmpty {
            guard let outcome = context.workbench.run(line), outcome.status == .ok else { throw WorkbenchError("nested failed") }
        }
        if fails { throw WorkbenchError("failed after writing") }
        return CommandResult(["ok": true], text: "ok\n")
    }
}

/// A command's writes and its entry commit together: a failing command leaves no half of itself, and a
/// command that runs commands (a playbook run) keeps each finished step.
@Suite struct CommandTransactionTests {
    func bench() throws -> (Bench, Workbench) {
        let b = try Bench()
        let wb = try Workbench(store: b.store, registry: CommandRegistry(CommandRegistry.standard.commands + [WriteThenCommand.self]))
        return (b, wb)
    }

    func notes(_ store: NotebookStore) throws -> [String] { try store.investigation().notes.map(\.text) }

    @Test func aFailingCommandKeepsNoneOfItsWritesButItsFailureEntry() throws {
        let (b, wb) = try bench()
        #expect(wb.run("note before")?.status == .ok)
        let outcome = try #require(wb.run("writethen fail ';'"))
        #expect(outcome.status == .failed)
        #expect(outcome.error == "error: failed after writing")
        #expect(try notes(b.store) == ["before"])
        #expect(try b.store.entries().map(\.status) == [.ok, .failed])
    }

    @Test func aSucceedingCommandCommitsItsWritesWithItsEntry() throws {
        let (b, wb) = try bench()
        #expect(wb.run("writethen ok ';'")?.status == .ok)
        // A second store on the file sees it: it is committed, not pending in a transaction.
        let reader = try NotebookStore(path: b.store.path, readOnly: true)
        #expect(try notes(reader) == ["written by writethen"])
        #expect(try reader.entries().map(\.command) == ["writethen"])
    }

    @Test func nestedCommandsCommitAsTheyFinishAndTheOuterFailureDropsOnlyItsOwnWrites() throws {
        let (b, wb) = try bench()
        let outcome = try #require(wb.run("writethen fail 'note inner one;note inner two'"))
        #expect(outcome.status == .failed)
        // The outer note was written before the steps, so it was committed with the first step; the steps'
        // notes and entries stay; the outer command ends as a failed entry.
        #expect(try notes(b.store) == ["written by writethen", "inner one", "inner two"])
        #expect(try b.store.entries().map(\.command) == ["note", "note", "writethen"])
        #expect(try b.store.entries().map(\.status) == [.ok, .ok, .failed])
        // Nothing is left pending: the next command commits normally and a reader sees everything.
        #expect(wb.run("note after")?.status == .ok)
        let reader = try NotebookStore(path: b.store.path, readOnly: true)
        #expect(try reader.entries().count == 4)
    }

    @Test func theStoreIsUsableAfterEveryKindOfEnding() throws {
        let (b, wb) = try bench()
        for line in ["writethen fail ';'", "writethen ok ';'", "no-such-command", "note \"unterminated", "writethen fail 'bogus'"] {
            _ = wb.run(line)
        }
        #expect(wb.run("note last")?.status == .ok)
        #expect(try notes(b.store).last == "last")
        #expect(try b.store.integrityCheck() == "ok")
    }
}

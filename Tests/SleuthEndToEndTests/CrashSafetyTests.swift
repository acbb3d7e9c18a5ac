import Foundation
import Notebook
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` at any moment loses at most the command in flight.
@Suite struct CrashSafetyTests {
    @Test func killNineKeepsEveryAcknowledgedCommand() throws {
        let dir = try Scratch()
        let nb = dir.file("n.sleuth")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binary.path)
        p.arguments = ["--notebook", nb]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        var acknowledged: [String] = []
        for i in 1...8 {
            let line = "note \"entry \(i)\""
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
            // The REPL prints the result only after the entry is committed.
            var seen = ""
            while !seen.contains("N\(i) noted") { seen += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) }
            acknowledged.append(line)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        let store = try NotebookStore(path: nb)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.entries().map(\.line) == acknowledged)
        #expect(try store.investigation().notes.count == 8)
    }
}

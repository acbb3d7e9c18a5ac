import Foundation
import Notebook
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Sleuth must never be the second thing that breaks: kill it at any moment, fill its disk.
@Suite struct NothingLostTests {
    /// 50 sessions, each killed with SIGKILL at a random moment; every acknowledged command survives.
    @Test func killNineAtRandomMomentsFiftyTimes() throws {
        let dir = try Scratch()
        var rng = SystemRandomNumberGenerator()
        for round in 1...50 {
            let nb = dir.file("n\(round).sleuth")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Binary.path)
            p.arguments = ["--notebook", nb]
            let input = Pipe(), output = Pipe()
            p.standardInput = input
            p.standardOutput = output
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Commands go in as fast as the pipe takes them; each acknowledgement is its "N# noted" line.
            let total = Int.random(in: 5...40, using: &rng)
            signal(SIGPIPE, SIG_IGN)
            for i in 1...total { try? input.fileHandleForWriting.write(contentsOf: Data("note \"round \(round) entry \(i)\"\n".utf8)) }
            let deadline = Date().addingTimeInterval(Double.random(in: 0.005...0.25, using: &rng))
            var seen = ""
            let reader = output.fileHandleForReading
            let fd = reader.fileDescriptor
            while Date() < deadline {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if poll(&pfd, 1, 5) > 0 {
                    var buf = [UInt8](repeating: 0, count: 65536)
                    let n = read(fd, &buf, buf.count)
                    if n <= 0 { break }
                    seen += String(decoding: buf[0..<n], as: UTF8.self)
                }
            }
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let acknowledged = seen.split(separator: "\n").filter { $0.hasSuffix(" noted") }.count
            // Reopened as the next session would: writable, migrated, sound.
            let store = try NotebookStore(path: nb)
            #expect(try store.integrityCheck() == "ok", "round \(round)")
            let lines = try store.entries().map(\.line)
            #expect(lines.count >= acknowledged, "round \(round): \(acknowledged) acknowledged, \(lines.count) stored")
            #expect(lines == (0..<lines.count).map { "note \"round \(round) entry \($0 + 1)\"" }, "round \(round)")
            // A command's writes commit with its entry: no note without its entry, whenever the kill came.
            let notes = try store.investigation().notes.map(\.text)
            #expect(notes == (0..<lines.count).map { "round \(round) entry \($0 + 1)" }, "round \(round): \(notes.count) notes, \(lines.count) entries")
        }
    }

    /// A full disk while writing the notebook: a clear error, earlier entries intact, the session goes on.
    @Test(.enabled(if: getuid() == 0, "needs root to mount a small tmpfs"))
    func aFullDiskGivesAClearErrorAndKeepsEarlierEntries() throws {
        let dir = try Scratch()
        let mnt = dir.file("small")
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt]
        try mount.run()
        mount.waitUntilExit()
        try #require(mount.terminationStatus == 0, "cannot mount a tmpfs here")
        defer {
            let u = Process()
            u.executableURL = URL(fileURLWithPath: "/bin/umount")
            u.arguments = [mnt]
            try? u.run()
            u.waitUntilExit()
        }
        let nb = mnt + "/n.sleuth"
        let big = String(repeating: "x", count: 40_000)
        var script = "note first\n"
        for i in 0..<20 { script += "note \"\(i) \(big)\"\n" }
        let r = try sleuth(["--notebook", nb], stdin: script)
        #expect(r.status == 1)
        #expect(r.stderr.contains("notebook '\(nb)': cannot write"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("error: ") })
        let store = try NotebookStore(path: nb, readOnly: true)
        let lines = try store.entries().map(\.line)
        #expect(lines.first == "note first")
        #expect(try store.integrityCheck() == "ok")
    }
}

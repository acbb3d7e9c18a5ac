import Foundation
import Notebook
import RealEnvironment
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Hostile input through the real binary: a clear error or an honest result, bounded memory, the session
/// and the notebook intact.
@Suite struct HostileInputTests {
    /// Under a sanitizer (`make test-asan`/`test-tsan`) shadow memory and quarantine inflate the resident
    /// set: the memory bounds are checked in normal builds only; everything else is checked in both.
    static let boundsMemory = ProcessInfo.processInfo.environment["SLEUTH_SANITIZER"] == nil

    /// 1 GiB of kernel-log-like text without a single newline: read in bounded memory, the session goes on.
    @Test func aGibibyteKernelLogWithoutANewline() throws {
        let dir = try Scratch()
        let log = dir.file("one-line.log")
        let fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let chunk = Array(String(repeating: "Memory cgroup out of memory: Killed process 1 (x", count: 21_400).utf8.prefix(1 << 20))
        for _ in 0..<1024 { _ = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
        close(fd)
        let nb = dir.file("n.sleuth")
        let run = try sleuth(["--notebook", nb, "-c", "dmesg \(log)", "-c", "note after the big log"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("N1 noted"))
        // Every line of output is short: nothing of the giant line is echoed whole.
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.count < 400 })
        let store = try NotebookStore(path: nb, readOnly: true)
        #expect(try store.entries().map(\.command) == ["dmesg", "note"])
        #expect(try store.integrityCheck() == "ok")

        // Memory, read from the REPL's own VmHWM before it quits: wait4's ru_maxrss would also count the
        // test runner, whose memory the child shares until exec (posix_spawn is a vfork).
        let t = try Terminal(args: ["--notebook", dir.file("m.sleuth")], env: ["XDG_STATE_HOME": dir.path])
        #expect(t.waitFor("sleuth> "))
        let mark = t.mark
        t.type("dmesg \(log)\r")
        #expect(t.waitFor("OOM kill in", after: mark, timeout: 60))
        #expect(t.waitFor("sleuth> ", after: mark, timeout: 60))
        let peak = t.peakRSSKiB
        #expect(peak > 0)
        #expect(!Self.boundsMemory || peak < 96 << 10, "peak RSS \(peak) KiB reading a 1 GiB line")
        t.type("quit\r")
        #expect(t.exitStatus() == 0)
    }

    /// Random bytes, invalid UTF-8 and terminal escapes where a kernel log should be.
    @Test func binaryGarbageAsAKernelLog() throws {
        let dir = try Scratch()
        var rng = SplitMix(seed: 7)
        var bytes = (0..<(8 << 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        // A kill whose victim name carries an escape sequence and invalid UTF-8, amid the garbage.
        bytes += Array("\n<3>[ 5.000000] Out of memory: Killed process 66 (\u{1b}]0;pwn\u{07}".utf8) + [0xff, 0xfe]
            + Array(") total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB\n".utf8)
        let log = dir.file("garbage.log")
        try Data(bytes).write(to: URL(fileURLWithPath: log))
        let run = try sleuth(["--notebook", dir.file("n.sleuth"), "-c", "dmesg \(log)", "-c", "status"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("pid 66"), "\(run.stdout.prefix(2000))")
        #expect(!run.stdout.contains("\u{1b}"), "an escape reached the terminal")
        #expect(run.stdout.contains("\\x1b]0;pwn"))
    }

    /// A real process whose name is an escape sequence (set with prctl): `ps` and `sample` show it inert.
    @Test func aProcessNamedWithAnEscapeSequence() throws {
        let dir = try Scratch()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        child.arguments = ["-c", """
            import ctypes, sys, time
            ctypes.CDLL(None).prctl(15, b"\\x1b]0;pwn\\x07evil", 0, 0, 0)
            print("ready", flush=True)
            time.sleep(30)
            """]
        let ready = Pipe()
        child.standardOutput = ready
        try child.run()
        defer { kill(child.processIdentifier, SIGKILL); child.waitUntilExit() }
        _ = ready.fileHandleForReading.availableData  // "ready": the name is set
        let pid = child.processIdentifier
        let comm = try String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)
        try #require(comm.hasPrefix("\u{1b}]0;pwn"), "prctl did not rename the child: \(comm)")

        let run = try sleuth(["--notebook", dir.file("n.sleuth"), "-c", "ps --top 100000",
                              "-c", "sample \(pid) --every 100ms --for 500ms"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("\u{1b}") && !run.stdout.contains("\u{07}"), "an escape reached the terminal")
        #expect(run.stdout.contains("\\x1b]0;pwn\\x07evil"))
        // The notebook keeps the real name; only what is printed is neutralised.
        let store = try NotebookStore(path: dir.file("n.sleuth"), readOnly: true)
        #expect(try store.entries().first?.result.contains("\\u001b]0;pwn\\u0007evil") == true)
    }

    /// A profile endpoint that sends 10 GiB (without a length, and with one) or trickles forever: a one-line
    /// error, memory bounded by the fetch limit, the REPL and the notebook intact.
    @Test func aProfileEndpointThatNeverStops() throws {
        let dir = try Scratch()
        let endless = try TestServer(.stream(total: 10 << 30, declaredLength: nil))
        defer { endless.stop() }
        let declared = try TestServer(.stream(total: 10 << 30, declaredLength: 10 << 30))
        defer { declared.stop() }
        let t = try Terminal(args: ["--notebook", dir.file("n.sleuth")], env: ["XDG_STATE_HOME": dir.path])
        #expect(t.waitFor("sleuth> "))
        t.type("note before\r")
        #expect(t.waitFor("N1 noted"))

        var mark = t.mark
        t.type("heap load \(declared.url)\r")
        #expect(t.waitFor("response exceeds 536870912 bytes (Content-Length 10737418240)", after: mark))
        #expect(declared.bytesSent < 64 << 20)

        mark = t.mark
        t.type("heap load \(endless.url)\r")
        #expect(t.waitFor("response exceeds 536870912 bytes", after: mark, timeout: 60))
        #expect(t.waitFor("sleuth> ", after: mark))
        // The fetch stopped at its limit, and so did memory.
        #expect(endless.bytesSent < 1 << 30)
        #expect(!Self.boundsMemory || t.peakRSSKiB < 1_200 << 10, "peak RSS \(t.peakRSSKiB) KiB")

        mark = t.mark
        t.type("note after\r")
        #expect(t.waitFor("N2 noted", after: mark))
        t.type("quit\r")
        #expect(t.exitStatus() == 0)
        let store = try NotebookStore(path: dir.file("n.sleuth"), readOnly: true)
        #expect(try store.entries().map(\.status) == [.ok, .failed, .failed, .ok, .ok])
        #expect(try store.investigation().notes.map(\.text) == ["before", "after"])
    }
}

import Foundation
import Testing
@testable import KernelLog

@Suite struct SourceTests {
    @Test func fileSourceInSmallChunks() throws {
        let path = Fixture.directory.appendingPathComponent("memcg-v1-4.8-docker-two-kills.log").path
        let scan = try KernelLogScanner.scan([FileLogSource(path: path, chunkSize: 7)])
        #expect(scan.events.map(\.victimPid) == [1381, 1667])
        #expect(scan.events[0].lines.source == path)
    }

    @Test func severalSourcesNumberTheirLinesApart() throws {
        let a = BytesLogSource(name: "a.log", bytes: try Fixture.bytes("global-3.x-duplicity-dmesg-sacrifice.log"))
        let b = BytesLogSource(name: "b.log", bytes: try Fixture.bytes("global-4.x-journal-single-letter-name-R.log"))
        let scan = try KernelLogScanner.scan([a, b])
        #expect(scan.events.map(\.lines) == [LineSpan(source: "a.log", first: 1, last: 2), LineSpan(source: "b.log", first: 1, last: 2)])
    }

    @Test func missingFileErrorNamesIt() {
        #expect {
            try FileLogSource(path: "/nonexistent/kern.log").read { _ in }
        } throws: { error in
            guard let e = error as? KernelLogError else { return false }
            return e.kind == .notFound && e.description == "/nonexistent/kern.log: error: no such file"
        }
    }

    @Test func kmsgPermissionErrorNamesDmesgRestrict() {
        let e = KmsgLogSource.error(EPERM, path: "/dev/kmsg")
        #expect(e.kind == .permissionDenied)
        #expect(e.description == "/dev/kmsg: error: permission denied reading the kernel log; run as root or set 'kernel.dmesg_restrict=0'")
        #expect(KmsgLogSource.error(EACCES, path: "/dev/kmsg").description.contains("kernel.dmesg_restrict"))
    }

    @Test func errorWithLine() {
        #expect(KernelLogError(.readFailed, location: "kern.log", line: 12, "bad").description == "kern.log:12: error: bad")
    }

    /// `JournalLogSource` runs its executable without a shell, passes `-k -o FORMAT --lines=N`, and
    /// stops reading past `maxBytes`. A stand-in script plays `journalctl`.
    @Test func journalSubprocessIsBoundedAndReadsItsFormat() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sleuth-kl-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("kern.log")
        let messages = Rerender.messages(of: try Fixture.text("memcg-v1-6.18-tail-64MiB-dmesg.log"))
        try Rerender.journalShortMonotonic.render(messages).write(to: log, atomically: true, encoding: .utf8)
        let args = dir.appendingPathComponent("args")
        let script = dir.appendingPathComponent("journalctl")
        try """
        #!/bin/sh
        echo "$@" > '\(args.path)'
        cat '\(log.path)'
        """.write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)

        let source = JournalLogSource(format: .shortMonotonic, maxLines: 500, executable: script.path)
        let scan = try KernelLogScanner.scan([source])
        #expect(scan.events.first?.victim?.pid == 6115)
        #expect(scan.events.first?.time.uptimeSeconds != nil)
        let passed = try String(contentsOf: args, encoding: .utf8)
        #expect(passed == "-k -q --no-pager -o short-monotonic --lines=500\n")

        var bytes = 0
        try JournalLogSource(maxBytes: 1000, executable: script.path).read { bytes += $0.count }
        #expect(bytes == 1000)
    }

    @Test func journalMissingExecutable() {
        #expect(throws: KernelLogError.self) {
            try JournalLogSource(executable: "/nonexistent/journalctl").read { _ in }
        }
    }
}

import Foundation
import Notebook
import RealEnvironment
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real OOM kill in a memory cgroup made here, read back through the `sleuth` binary.
@Suite struct RealOOMTests {
    @Test(.enabled(if: RealEnvironment.canMakeMemoryCgroup, "needs root, a writable memory cgroup and /dev/kmsg"))
    func dmesgJSONListsTheKillWithVictimCgroupAndLimit() throws {
        let cgroup = try MemoryCgroup(prefix: "sleuth-e2e", limitBytes: 64 << 20)
        let pid = try cgroup.spawn("tail /dev/zero")
        let status = MemoryCgroup.wait(pid, timeout: 60)
        #expect(status & 0x7f == SIGKILL)
        cgroup.remove()

        let dir = try Scratch()
        var event: JSONValue?
        // The kernel may still be writing the report: look again briefly.
        for _ in 0..<20 {
            let r = try sleuth(["--notebook", dir.file("n\(UUID().uuidString).sleuth"), "-c", "dmesg --json"])
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONValue(parsing: r.stdout)
            event = json.value(at: "events")?.arrayValue?.last { $0.value(at: "victim.pid")?.numberValue == Double(pid) }
            if event != nil { break }
            usleep(100_000)
        }
        let e = try #require(event)
        #expect(e.value(at: "scope")?.stringValue == "memcg")
        #expect(e.value(at: "memory.limitKiB")?.numberValue == 65536)
        let paths = [e.value(at: "oomMemcg")?.stringValue, e.value(at: "taskMemcg")?.stringValue]
        #expect(paths.contains(cgroup.kernelPath))
        #expect(e.value(at: "victim.name")?.stringValue == "tail")
        #expect(e.value(at: "time.wallClock")?.stringValue != nil)

        // The same event read from files in other renderings, as a user would paste them.
        for args in [["-T"], ["--time-format", "iso"], ["--raw"]] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/dmesg")
            p.arguments = args
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            let file = dir.file("kern\(args[0]).log")
            try data.write(to: URL(fileURLWithPath: file))
            let r = try sleuth(["--notebook", dir.file("f\(UUID().uuidString).sleuth"), "-c", "dmesg \(file) --json"])
            let json = try JSONValue(parsing: r.stdout)
            let fromFile = json.value(at: "events")?.arrayValue?.last { $0.value(at: "victim.pid")?.numberValue == Double(pid) }
            #expect(fromFile?.value(at: "memory.limitKiB")?.numberValue == 65536, "dmesg \(args)")
            #expect(fromFile?.value(at: "scope")?.stringValue == "memcg", "dmesg \(args)")
        }
    }

    /// Guards the guard: in CI the real-environment tests must run, not skip.
    @Test func realEnvironmentTestsAreNotSilentlySkipped() {
        if RealEnvironment.required {
            #expect(RealEnvironment.canMakeMemoryCgroup, "SLEUTH_REQUIRE_REAL_TESTS=1 but no writable memory cgroup / kmsg here")
        }
    }
}

import Foundation
import Notebook
import RealEnvironment
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `sample` through the binary, on real children.
@Suite struct SampleCommandTests {
    /// Starts python3 with a script; its pid.
    func child(_ script: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs python3"))
    func leakingChildIsGrowingWithItsRate() throws {
        // 2 MiB every 200 ms ≈ 10 MiB/s, touched so that RSS really grows.
        let p = try child("import time\na=[]\nwhile True:\n a.append(bytearray(2<<20)); time.sleep(0.2)")
        defer { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        let dir = try Scratch()
        let r = try sleuth(["--notebook", dir.file("n.sleuth"), "-c", "sample \(p.processIdentifier) --every 200ms --for 6s --json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONValue(parsing: r.stdout)
        #expect(json.value(at: "analysis.verdict")?.stringValue == "growing")
        let slope = json.value(at: "analysis.slopeKiBPerSecond")?.numberValue ?? 0
        #expect(slope > 5 * 1024 && slope < 15 * 1024, "slope \(slope) KiB/s, expected about 10240")
        #expect(json.value(at: "target.pid")?.numberValue == Double(p.processIdentifier))
        #expect(json.value(at: "end.reason")?.stringValue == "completed")
        #expect((json.value(at: "samples")?.arrayValue?.count ?? 0) >= 25)
    }

    @Test(.enabled(if: RealEnvironment.canMakeMemoryCgroup && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
                   "needs root, a writable memory cgroup and python3"))
    func targetOOMKilledInItsCgroupEndsTheSampleAndLinksTheKernelEvent() throws {
        let cgroup = try MemoryCgroup(prefix: "sleuth-e2e-sample", limitBytes: 96 << 20)
        let pid = try cgroup.spawn("python3 -c 'import time\na=[]\nwhile True:\n a.append(bytearray(4<<20)); time.sleep(0.1)'")
        defer { kill(pid, SIGKILL); _ = MemoryCgroup.wait(pid, timeout: 5); cgroup.remove() }
        // A reaper for the child, so it does not linger as a zombie the sampler would still see.
        let reaper = Thread { _ = MemoryCgroup.wait(pid, timeout: 60) }
        reaper.start()
        let dir = try Scratch()
        let r = try sleuth(["--notebook", dir.file("n.sleuth"), "-c", "sample \(pid) --every 100ms --for 30s --json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONValue(parsing: r.stdout)
        #expect(json.value(at: "end.reason")?.stringValue == "oom-killed")
        #expect(json.value(at: "end.kernelEvent.victim.pid")?.numberValue == Double(pid))
        #expect(json.value(at: "end.kernelEvent.memory.limitKiB")?.numberValue == 98304)
    }
}

import Foundation
import Notebook
import RealEnvironment
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Each shipped playbook against a real scenario, run unattended by the real `sleuth run`: once where the
/// problem it looks for is there (exit 0, the finding in the notebook), once where it is not (exit 3, the
/// hypothesis refuted). Every assertion reads the notebook's structured results.
@Suite(.serialized) struct PlaybookScenarioTests {
    static let python = "/usr/bin/python3"
    static var hasPython: Bool { FileManager.default.isExecutableFile(atPath: python) }
    static let playbooks = SeedStoryTests.repo + "/Playbooks"
    static let cgroupLimit = 256 << 20
    /// The goroutine-leak playbook's default for how many goroutines one stack must gain.
    static let minGrowth = 10

    // MARK: - container-memory

    @Test(.enabled(if: hasPython && RealEnvironment.canMakeMemoryCgroup,
                   "needs /usr/bin/python3, root, a writable memory cgroup and /dev/kmsg"))
    func containerMemoryFindsAGrowingCgroupAndItsForecast() throws {
        let dir = try Scratch()
        // About 10 MiB/s, every page written (resident): 8 s of samples end far below the 256 MiB limit.
        let script = """
            import time
            kept = []
            while True:
                b = bytearray(1 << 20)
                b[::4096] = b"x" * 256
                kept.append(b)
                time.sleep(0.1)
            """
        let (run, cgroup, notebook) = try Self.runContainerMemory(script: script, in: dir, name: "growing")
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")

        let store = try NotebookStore(path: notebook, create: false, readOnly: true)
        let entries = try store.entries()
        let ps = try #require(entries.last { $0.command == "ps" && $0.status == .ok })
        let rows = try JSONValue(parsing: ps.result).value(at: "processes")?.arrayValue ?? []
        #expect(!rows.isEmpty && rows.allSatisfy { $0.value(at: "cgroupPath")?.stringValue == cgroup },
                "ps lists only the container's processes: \(rows)")

        let sample = try #require(entries.last { $0.command == "sample" && $0.status == .ok })
        let trend = try JSONValue(parsing: sample.result)
        #expect(trend.value(at: "target.cgroup")?.stringValue == cgroup || trend.value(at: "target.name")?.stringValue == cgroup)
        #expect(trend.value(at: "analysis.verdict")?.stringValue == "growing")
        #expect(trend.value(at: "analysis.forecast.limitSource")?.stringValue == "cgroup")
        #expect(trend.value(at: "analysis.forecast.limitKiB")?.numberValue == Double(Self.cgroupLimit / 1024))
        let seconds = try #require(trend.value(at: "analysis.forecast.secondsToLimit")?.numberValue, "no forecast to the limit")
        #expect(seconds > 0 && seconds < 600, "\(seconds) s to the limit")

        let inv = try store.investigation()
        let h = try #require(inv.hypotheses.first { $0.text.contains("grows towards its limit") })
        #expect(inv.verdict(of: try #require(h.id))?.outcome == .supported)
        #expect(inv.evidence(of: try #require(h.id)).contains { $0.relation == .supports })
    }

    @Test(.enabled(if: hasPython && RealEnvironment.canMakeMemoryCgroup,
                   "needs /usr/bin/python3, root, a writable memory cgroup and /dev/kmsg"))
    func containerMemoryRefutesGrowthOfASteadyCgroup() throws {
        let dir = try Scratch()
        // 32 MiB, written once, then nothing.
        let script = """
            import time
            b = bytearray(32 << 20)
            b[::4096] = b"x" * (len(b) // 4096)
            time.sleep(3600)
            """
        let (run, _, notebook) = try Self.runContainerMemory(script: script, in: dir, name: "steady")
        #expect(run.status == 3, "\(run.stdout)\n\(run.stderr)")

        let store = try NotebookStore(path: notebook, create: false, readOnly: true)
        let sample = try #require(try store.entries().last { $0.command == "sample" && $0.status == .ok })
        let verdict = try JSONValue(parsing: sample.result).value(at: "analysis.verdict")?.stringValue
        #expect(verdict != nil && verdict != "growing" && verdict != "insufficient-data", "verdict \(verdict ?? "nil")")
        let inv = try store.investigation()
        let h = try #require(inv.hypotheses.first { $0.text.contains("grows towards its limit") })
        #expect(inv.verdict(of: try #require(h.id))?.outcome == .refuted)
        #expect(inv.evidence(of: try #require(h.id)).contains { $0.relation == .refutes })
    }

    /// Starts `script` with python3 in a fresh memory cgroup, lets it start, and runs container-memory on
    /// the cgroup (8 s of samples every 250 ms). The child is killed and the cgroup removed on return.
    static func runContainerMemory(script: String, in dir: Scratch, name: String) throws
        -> (run: RunResult, cgroup: String, notebook: String) {
        let file = dir.file("\(name).py")
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let cgroup = try MemoryCgroup(prefix: "sleuth-playbook", limitBytes: cgroupLimit)
        defer { cgroup.remove() }
        let pid = try cgroup.spawn("'\(python)' '\(file)'")
        defer { kill(pid, SIGKILL); _ = MemoryCgroup.wait(pid, timeout: 5) }
        usleep(1_000_000)
        try #require(kill(pid, 0) == 0, "the python3 child did not start")
        let notebook = dir.file("\(name).sleuth")
        let run = try sleuth(["run", playbooks + "/container-memory.yaml", "--notebook", notebook,
                              "--var", "cgroup=\(cgroup.kernelPath)", "--var", "every=250ms", "--var", "duration=8s"])
        return (run, cgroup.kernelPath, notebook)
    }

    // MARK: - goroutine-leak

    @Test(.enabled(if: SeedStoryTests.hasGo, "needs /usr/bin/go (make test-deps installs golang-go)"))
    func goroutineLeakNamesTheBlockedFunction() throws {
        let dir = try Scratch()
        let (run, notebook) = try Self.runGoroutineLeak(mode: "goroutines", in: dir)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")

        let store = try NotebookStore(path: notebook, create: false, readOnly: true)
        let entries = try store.entries()
        let diff = try #require(entries.last { $0.command == "goroutines diff" && $0.status == .ok })
        let change = try JSONValue(parsing: diff.result)
        let top = try #require(change.value(at: "deltas.0"), "no stacks in the diff")
        let delta = try #require(top.value(at: "delta")?.numberValue)
        #expect(delta >= Double(Self.minGrowth), "the top stack gained \(delta)")
        let frames = (top.value(at: "frames")?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(frames.contains { $0.contains("main.leakBlockedGoroutine") }, "\(frames)")
        let before = try #require(change.value(at: "before")?.numberValue)
        let after = try #require(change.value(at: "after")?.numberValue)
        #expect(after - before >= Double(Self.minGrowth), "\(before) → \(after)")

        let inv = try store.investigation()
        let h = try #require(inv.hypotheses.first { $0.text.contains("goroutines pile up") })
        #expect(inv.verdict(of: try #require(h.id))?.outcome == .supported)
        #expect(inv.evidence(of: try #require(h.id)).contains { $0.relation == .supports })
        // The memory follow-up ran (its verdict is a finding either way, not an expectation).
        #expect(entries.contains { $0.command == "sample" && $0.status == .ok })
    }

    @Test(.enabled(if: SeedStoryTests.hasGo, "needs /usr/bin/go (make test-deps installs golang-go)"))
    func goroutineLeakRefutesAccumulationInASteadyService() throws {
        let dir = try Scratch()
        let (run, notebook) = try Self.runGoroutineLeak(mode: "steady", in: dir)
        #expect(run.status == 3, "\(run.stdout)\n\(run.stderr)")

        let store = try NotebookStore(path: notebook, create: false, readOnly: true)
        let entries = try store.entries()
        let diff = try #require(entries.last { $0.command == "goroutines diff" && $0.status == .ok })
        let change = try JSONValue(parsing: diff.result)
        let delta = change.value(at: "deltas.0.delta")?.numberValue ?? 0
        #expect(delta < Double(Self.minGrowth), "the top stack gained \(delta)")
        let frames = (change.value(at: "deltas")?.arrayValue ?? []).flatMap { ($0.value(at: "frames")?.arrayValue ?? []).compactMap(\.stringValue) }
        #expect(!frames.contains { $0.contains("main.leakBlockedGoroutine") })

        let inv = try store.investigation()
        let h = try #require(inv.hypotheses.first { $0.text.contains("goroutines pile up") })
        #expect(inv.verdict(of: try #require(h.id))?.outcome == .refuted)
        #expect(inv.evidence(of: try #require(h.id)).contains { $0.relation == .refutes })
        #expect(!entries.contains { $0.command == "sample" }, "memory is sampled only when goroutines pile up")
    }

    /// Builds and starts the leaky service in `mode` under 40 requests/s, and runs goroutine-leak on it
    /// (two profiles 3 s apart, then 3 s of memory samples). Service and load are killed on return.
    static func runGoroutineLeak(mode: String, in dir: Scratch) throws -> (run: RunResult, notebook: String) {
        let bin = try SeedStoryTests.build(into: dir)
        let log = dir.file("service.log")
        let service = Process()
        service.executableURL = URL(fileURLWithPath: bin.service)
        service.arguments = ["-addr", "127.0.0.1:0", "-mode", mode]
        FileManager.default.createFile(atPath: log, contents: nil)
        service.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        service.standardOutput = FileHandle.nullDevice
        try service.run()
        defer { SeedStoryTests.stop(service) }
        let addr = try #require(SeedStoryTests.address(in: log), "the service did not start")
        let load = try SeedStoryTests.load(bin.load, addr: addr, rate: 40)
        defer { SeedStoryTests.stop(load) }
        usleep(1_000_000)
        let notebook = dir.file("\(mode).sleuth")
        let run = try sleuth(["run", playbooks + "/goroutine-leak.yaml", "--notebook", notebook,
                              "--var", "target=\(service.processIdentifier)", "--var", "pprof=http://\(addr)",
                              "--var", "wait=3s", "--var", "every=200ms"])
        return (run, notebook)
    }
}

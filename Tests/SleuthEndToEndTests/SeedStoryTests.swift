import Foundation
import Notebook
import RealEnvironment
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The seed story end to end: Examples/leaky-service leaks in a memory cgroup under load,
/// Playbooks/go-memory-leak.yaml finds the growth and the line that holds it, the kernel OOM-kills the
/// service, `dmesg` records the kill, and the HTML report marks it on the memory chart. Its steady twin,
/// through the same playbook, is not a leak. Every assertion reads the notebook's structured results.
@Suite(.serialized) struct SeedStoryTests {
    static let go = "/usr/bin/go"
    static var hasGo: Bool { FileManager.default.isExecutableFile(atPath: go) }
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let serviceDir = repo + "/Examples/leaky-service"
    static let playbook = repo + "/Playbooks/go-memory-leak.yaml"
    static let payload = 65536
    static let limit = 128 << 20

    @Test(.enabled(if: hasGo && RealEnvironment.canMakeMemoryCgroup,
                   "needs /usr/bin/go, root, a writable memory cgroup and /dev/kmsg"))
    func leakIsFoundAtItsLineThenOOMKilledAndReported() throws {
        let dir = try Scratch()
        let bin = try Self.build(into: dir)
        let leakLine = try Self.leakLine()
        let cgroup = try MemoryCgroup(prefix: "sleuth-seed", limitBytes: Self.limit)
        defer { cgroup.remove() }
        let log = dir.file("service.log")
        let pid = try cgroup.spawn("'\(bin.service)' -addr 127.0.0.1:0 -mode leak -payload \(Self.payload) 2>'\(log)'")
        var serviceEnded = false
        defer {
            if !serviceEnded { kill(pid, SIGKILL); _ = MemoryCgroup.wait(pid, timeout: 5) }
        }
        let addr = try #require(Self.address(in: log), "the service did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

        // Load that leaks about 2.5 MiB/s: the playbook (15 s of samples, 8 s of profiles) ends well
        // before the 128 MiB limit.
        let steadyLoad = try Self.load(bin.load, addr: addr, rate: 40)
        defer { Self.stop(steadyLoad) }
        usleep(1_000_000)
        let notebook = dir.file("seed.sleuth")
        let run = try sleuth(["run", Self.playbook, "--notebook", notebook] + Self.vars(pid: pid, addr: addr))
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")

        // Then much more load, until the kernel kills the service at the cgroup's limit.
        Self.stop(steadyLoad)
        let flood = try Self.load(bin.load, addr: addr, rate: 400)
        defer { Self.stop(flood) }
        let status = MemoryCgroup.wait(pid, timeout: 45)
        serviceEnded = true
        #expect(status & 0x7f == SIGKILL, "the service ended with wait status \(status), not an OOM kill")
        Self.stop(flood)

        // The kernel may still be writing its report: wait until a scratch notebook sees the kill, then
        // record it once in the story's notebook.
        for _ in 0..<30 {
            let probe = try sleuth(["--notebook", dir.file("probe-\(UUID().uuidString).sleuth"), "-c", "dmesg --since 5m --json"])
            let events = (try? JSONValue(parsing: probe.stdout))?.value(at: "events")?.arrayValue ?? []
            if events.contains(where: { $0.value(at: "victim.pid")?.numberValue == Double(pid) }) { break }
            usleep(200_000)
        }
        let d = try sleuth(["--notebook", notebook, "-c", "dmesg --since 5m"])
        #expect(d.status == 0, "\(d.stderr)")

        let store = try NotebookStore(path: notebook, create: false, readOnly: true)
        let entries = try store.entries()
        func results(_ command: String) throws -> [JSONValue] {
            try entries.filter { $0.command == command && $0.status == .ok }.map { try JSONValue(parsing: $0.result) }
        }

        // The kernel's OOM event: the service's pid, in the test's cgroup, at its limit.
        let kill = try #require(try results("dmesg").last?.value(at: "events")?.arrayValue?
            .last { $0.value(at: "victim.pid")?.numberValue == Double(pid) }, "no OOM event for pid \(pid)")
        #expect(kill.value(at: "scope")?.stringValue == "memcg")
        #expect(kill.value(at: "victim.name")?.stringValue == "leaky-service")
        #expect(kill.value(at: "memory.limitKiB")?.numberValue == Double(Self.limit / 1024))
        let paths = [kill.value(at: "oomMemcg")?.stringValue, kill.value(at: "taskMemcg")?.stringValue]
        #expect(paths.contains(cgroup.kernelPath), "\(paths) does not name \(cgroup.kernelPath)")

        // The trend: growing, by about one payload per request.
        let trend = try #require(try results("sample").last)
        #expect(trend.value(at: "analysis.verdict")?.stringValue == "growing")
        let perRequest = try #require(trend.value(at: "analysis.work.kibPerUnit")?.numberValue)
        let payloadKiB = Double(Self.payload) / 1024
        #expect(perRequest >= payloadKiB / 2 && perRequest <= payloadKiB * 2, "\(perRequest) KiB per request")

        // The growth ranking's first suspect is the retaining function, and heap list places it.
        let growth = try #require(try results("heap watch").last)
        #expect(growth.value(at: "sites.0.name")?.stringValue == "main.retainPayload")
        #expect(growth.value(at: "sites.0.suspect")?.boolValue == true)
        let hot = try #require(try results("heap list").last)
        let file = try #require(hot.value(at: "hottest.file")?.stringValue)
        #expect(hot.value(at: "hottest.function")?.stringValue == "main.retainPayload")
        #expect(file.hasSuffix("Examples/leaky-service/main.go"), "\(file)")
        #expect(hot.value(at: "hottest.line")?.numberValue == Double(leakLine))

        // The cause, recorded at that line.
        let finding = try #require(try store.investigation().findings.last)
        #expect(finding.location == "\(file):\(leakLine)")
        #expect(finding.text.contains("main.retainPayload"))

        // The report's memory chart marks the kill of the sampled pid.
        let html = dir.file("report.html")
        let e = try sleuth(["export", notebook, "--format", "html", "-o", html])
        #expect(e.status == 0, "\(e.stderr)")
        let report = try String(contentsOfFile: html, encoding: .utf8)
        #expect(report.contains("OOM kill: leaky-service (pid \(pid))"))
    }

    @Test(.enabled(if: hasGo, "needs /usr/bin/go (make test-deps installs golang-go)"))
    func steadyTwinIsNotALeak() throws {
        let dir = try Scratch()
        let bin = try Self.build(into: dir)
        let log = dir.file("service.log")
        let service = Process()
        service.executableURL = URL(fileURLWithPath: bin.service)
        service.arguments = ["-addr", "127.0.0.1:0", "-mode", "steady", "-payload", String(Self.payload)]
        FileManager.default.createFile(atPath: log, contents: nil)
        service.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        service.standardOutput = FileHandle.nullDevice
        try service.run()
        defer { Self.stop(service) }
        let addr = try #require(Self.address(in: log), "the service did not start")
        let load = try Self.load(bin.load, addr: addr, rate: 40)
        defer { Self.stop(load) }
        // Let the heap reach its working size first (the window of 64 payloads fills in under 2 s, the GC
        // settles a few seconds later): the question is whether memory grows at a steady load, not while
        // the service warms up.
        Self.waitUntilSettled(service.processIdentifier)

        let notebook = dir.file("steady.sleuth")
        let run = try sleuth(["run", Self.playbook, "--notebook", notebook]
            + Self.vars(pid: service.processIdentifier, addr: addr))
        #expect(run.status == 3, "\(run.stdout)\n\(run.stderr)")

        let store = try NotebookStore(path: notebook, create: false, readOnly: true)
        let trend = try #require(try store.entries().last { $0.command == "sample" })
        let verdict = try JSONValue(parsing: trend.result).value(at: "analysis.verdict")?.stringValue
        #expect(verdict != "growing" && verdict != nil, "verdict \(verdict ?? "nil")")
        let inv = try store.investigation()
        let h = try #require(inv.hypotheses.first { $0.text.contains("grows with the work") })
        #expect(inv.verdict(of: try #require(h.id))?.outcome == .refuted)
        #expect(inv.evidence(of: try #require(h.id)).contains { $0.relation == .refutes })
        #expect(inv.findings.isEmpty)
        let watched = try store.entries().contains { $0.command == "heap watch" }
        #expect(!watched, "the heap is watched only when memory grows")
    }

    /// Guards the guard: in CI the seed story must run, not skip.
    @Test func goIsInstalledWhenRealTestsAreRequired() {
        if RealEnvironment.required {
            #expect(Self.hasGo, "SLEUTH_REQUIRE_REAL_TESTS=1 but /usr/bin/go is missing (apt-get install golang-go)")
        }
    }

    // MARK: - Helpers

    static func vars(pid: pid_t, addr: String) -> [String] {
        ["target=\(pid)", "metrics=\(addr)", "pprof=http://\(addr)", "every=250ms", "duration=15s", "profile_every=4s"]
            .flatMap { ["--var", $0] }
    }

    /// Builds the service and its load generator with `go build`.
    static func build(into dir: Scratch) throws -> (service: String, load: String) {
        let out = (service: dir.file("leaky-service"), load: dir.file("load"))
        for (target, package) in [(out.service, "."), (out.load, "./load")] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: go)
            p.arguments = ["build", "-o", target, package]
            p.currentDirectoryURL = URL(fileURLWithPath: serviceDir)
            var env = ProcessInfo.processInfo.environment
            if env["HOME"] == nil && env["GOCACHE"] == nil { env["GOCACHE"] = NSTemporaryDirectory() + "sleuth-go-cache" }
            p.environment = env
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            let message = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            try #require(p.terminationStatus == 0, "go build \(package): \(String(decoding: message, as: UTF8.self))")
        }
        return out
    }

    /// The line of main.go that allocates and keeps the leaked payload.
    static func leakLine() throws -> Int {
        let source = try String(contentsOfFile: serviceDir + "/main.go", encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains("// LEAK:") }) + 1
    }

    /// HOST:PORT from the service's "listening on http://HOST:PORT" log line.
    static func address(in log: String, timeout: Double = 15) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8), let r = text.range(of: "listening on http://") {
                let rest = text[r.upperBound...].prefix { !$0.isWhitespace }
                if !rest.isEmpty { return String(rest) }
            }
            usleep(50_000)
        }
        return nil
    }

    /// Waits until the process's RSS has varied by less than 5% over the last 2 s (at most 20 s).
    static func waitUntilSettled(_ pid: pid_t) {
        var readings: [Double] = []
        let start = Date()
        while Date().timeIntervalSince(start) < 20 {
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
               let kib = Double(line.split(separator: " ").dropFirst().first ?? "") {
                readings.append(kib)
            }
            let last = readings.suffix(5)
            if Date().timeIntervalSince(start) >= 4, last.count == 5, let lo = last.min(), let hi = last.max(), hi <= lo * 1.05 {
                return
            }
            usleep(500_000)
        }
    }

    /// Starts the load generator against the service, bounded to 60 s.
    static func load(_ bin: String, addr: String, rate: Int) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = ["-url", "http://\(addr)/work", "-rate", String(rate), "-for", "60s", "-workers", "16", "-give-up", "3s"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func stop(_ p: Process) {
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
    }
}

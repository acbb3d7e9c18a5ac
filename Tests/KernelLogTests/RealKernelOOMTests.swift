import Foundation
import Synchronization
import Testing
@testable import KernelLog

/// Real OOM kills made by the suite itself, in a memory cgroup of its own with a 64 MiB limit.
///
/// Needs root and a writable memory cgroup (v1 at /sys/fs/cgroup/memory, or v2 at /sys/fs/cgroup with
/// the memory controller); skipped otherwise, with that reason. `SLEUTH_REQUIRE_REAL_TESTS=1` turns
/// a skip into a failure (see `realKernelTestsAreNotSilentlySkipped`), so CI cannot lose them unnoticed.
enum RealKernel {
    enum Hierarchy {
        case v1(root: String)
        case v2(root: String)
    }

    static var hierarchy: Hierarchy? {
        guard getuid() == 0 else { return nil }
        if access("/sys/fs/cgroup/memory/memory.limit_in_bytes", R_OK) == 0, access("/sys/fs/cgroup/memory", W_OK) == 0 {
            return .v1(root: "/sys/fs/cgroup/memory")
        }
        if let controllers = try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.subtree_control", encoding: .utf8),
           controllers.split(separator: " ").contains(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "memory" }),
           access("/sys/fs/cgroup", W_OK) == 0 {
            return .v2(root: "/sys/fs/cgroup")
        }
        return nil
    }

    static var canMakeOOM: Bool { hierarchy != nil && access("/dev/kmsg", R_OK) == 0 && access("/bin/sh", X_OK) == 0 }

    /// Creates `NAME` with a 64 MiB limit, runs `tail /dev/zero` in it until the kernel kills it, and
    /// removes the cgroup. Returns the child's pid and the cgroup path as the kernel prints it.
    static func makeOOM() throws -> (pid: Int32, cgroup: String, signal: Int32) {
        guard let hierarchy else { throw KernelLogError(.invalidArgument, location: "cgroup", "no writable memory cgroup") }
        let name = "sleuth-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let root: String
        let limitFile: String
        switch hierarchy {
        case .v1(let r): root = r; limitFile = "memory.limit_in_bytes"
        case .v2(let r): root = r; limitFile = "memory.max"
        }
        let dir = "\(root)/\(name)"
        guard mkdir(dir, 0o755) == 0 else {
            throw KernelLogError(.invalidArgument, location: dir, "cannot create the cgroup: \(String(cString: strerror(errno)))")
        }
        defer { rmdir(dir) }
        try "67108864".write(toFile: "\(dir)/\(limitFile)", atomically: false, encoding: .utf8)
        if case .v2 = hierarchy { try? "0".write(toFile: "\(dir)/memory.swap.max", atomically: false, encoding: .utf8) }

        let script = "echo $$ > \(dir)/cgroup.procs; exec tail /dev/zero"
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", script]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        guard posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ) == 0 else {
            throw KernelLogError(.spawnFailed, location: "/bin/sh", "cannot start the memory hog")
        }
        // Wait for the kernel to kill it (a 64 MiB limit takes well under a second); never forever.
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(60)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw KernelLogError(.readFailed, location: dir, "the memory hog was not killed within 60 s")
            }
            usleep(20_000)
        }
        let signal = status & 0x7f
        // The cgroup can be removed only once its last task is gone (rmdir in `defer`).
        return (pid, "/\(name)", signal)
    }

    static func run(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: arguments[0])
        p.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite(.serialized) struct RealKernelOOMTests {
    @Test(.enabled(if: RealKernel.canMakeOOM, "needs root and a writable memory cgroup"))
    func realKillInAMemoryCgroupIsFoundInEveryRendering() throws {
        // Follow /dev/kmsg while the kill happens, as a REPL would, and stop once it is seen.
        let seen = Mutex<[OOMEvent]>([])
        let stop = Atomic<Bool>(false)
        let followerDone = DispatchSemaphore(value: 0)
        let followerError = Mutex<String?>(nil)
        Thread.detachNewThread {
            do {
                try KernelLogScanner.follow(pollTimeoutMilliseconds: 50, shouldStop: { stop.load(ordering: .relaxed) },
                                            onEvent: { event in seen.withLock { $0.append(event) } })
            } catch {
                followerError.withLock { $0 = "\(error)" }
            }
            followerDone.signal()
        }
        usleep(200_000)
        let (pid, cgroup, signal) = try RealKernel.makeOOM()
        #expect(signal == SIGKILL)

        // 1. The whole ring buffer, read from /dev/kmsg directly.
        let kmsg = try KernelLogScanner.scan([KmsgLogSource()])
        let event = try #require(kmsg.events.last { $0.victim?.pid == Int(pid) }, "no event for pid \(pid) in /dev/kmsg")
        #expect(event.scope == .memcg)
        #expect(event.complete)
        #expect(event.trigger?.name == "tail")
        #expect(event.victim?.name == "tail")
        #expect(event.oomMemcg == cgroup || event.taskMemcg == cgroup)
        #expect(event.memory?.limitKiB == 65536)
        #expect(event.time.uptimeSeconds != nil)
        #expect((event.victim?.anonRssKiB ?? 0) > 32_000)
        #expect(event.explanation().contains("cgroup \(cgroup)"))

        // 2. Follow mode saw the same kill.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && !seen.withLock({ $0.contains { $0.victim?.pid == Int(pid) } }) { usleep(50_000) }
        stop.store(true, ordering: .relaxed)
        followerDone.wait()
        #expect(followerError.withLock { $0 } == nil)
        let followed = seen.withLock { $0.first { $0.victim?.pid == Int(pid) } }
        #expect(followed?.oomMemcg == event.oomMemcg)
        #expect(followed?.memory == event.memory)

        // 3. The real `dmesg` binary's renderings of the same ring buffer.
        if access("/usr/bin/dmesg", X_OK) == 0 || access("/bin/dmesg", X_OK) == 0 {
            let dmesg = access("/usr/bin/dmesg", X_OK) == 0 ? "/usr/bin/dmesg" : "/bin/dmesg"
            for args in [["-T"], ["--time-format", "iso"], [], ["--raw"]] {
                let text = try RealKernel.run([dmesg] + args)
                let events = KernelLogScanner.scan(Array(text.utf8)).events
                let e = try #require(events.last { $0.victim?.pid == Int(pid) }, "no event in dmesg \(args)")
                #expect(e.oomMemcg == event.oomMemcg, "dmesg \(args)")
                #expect(e.memory == event.memory, "dmesg \(args)")
                #expect(e.victim == event.victim, "dmesg \(args)")
                #expect(e.tasks == event.tasks, "dmesg \(args)")
                if args == ["-T"] || args == ["--time-format", "iso"] {
                    #expect(e.time.wallClock != nil, "dmesg \(args)")
                }
            }
        }

        // 4. The journal, when one is running here.
        if access("/run/systemd/journal/socket", F_OK) == 0 {
            for format in [JournalLogSource.Format.shortMonotonic, .json] {
                let scan = try KernelLogScanner.scan([JournalLogSource(format: format, maxLines: 20_000)])
                let e = scan.events.last { $0.victim?.pid == Int(pid) }
                #expect(e?.oomMemcg == event.oomMemcg, "journalctl -o \(format.rawValue)")
            }
        }
    }

    @Test func realKernelTestsAreNotSilentlySkipped() {
        if ProcessInfo.processInfo.environment["SLEUTH_REQUIRE_REAL_TESTS"] == "1" {
            #expect(RealKernel.canMakeOOM, "SLEUTH_REQUIRE_REAL_TESTS=1 but this machine cannot make a real OOM kill (needs root and a writable memory cgroup)")
        }
    }
}

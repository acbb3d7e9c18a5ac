import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What this machine lets the real-environment tests do, and whether CI demands them.
public enum RealEnvironment {
    /// `SLEUTH_REQUIRE_REAL_TESTS=1` (set by `.ci/run`): a real-environment test that cannot run fails.
    public static var required: Bool { ProcessInfo.processInfo.environment["SLEUTH_REQUIRE_REAL_TESTS"] == "1" }

    public static var canMakeMemoryCgroup: Bool { MemoryCgroup.hierarchy != nil && access("/dev/kmsg", R_OK) == 0 }
}

/// A memory cgroup made by a test (v1 or v2, whichever is mounted and writable), removed by `remove()`.
public final class MemoryCgroup {
    public enum Hierarchy: Sendable { case v1(String), v2(String) }

    /// The directory in the cgroup filesystem.
    public let directory: String
    /// The path as the kernel prints it (`/sleuth-e2e-123-456`).
    public let kernelPath: String
    public let limitBytes: Int

    public static var hierarchy: Hierarchy? {
        guard getuid() == 0 else { return nil }
        if access("/sys/fs/cgroup/memory/memory.limit_in_bytes", R_OK) == 0, access("/sys/fs/cgroup/memory", W_OK) == 0 {
            return .v1("/sys/fs/cgroup/memory")
        }
        if let c = try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.subtree_control", encoding: .utf8),
           c.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains("memory"), access("/sys/fs/cgroup", W_OK) == 0 {
            return .v2("/sys/fs/cgroup")
        }
        return nil
    }

    public init(prefix: String, limitBytes: Int) throws {
        guard let h = Self.hierarchy else { throw POSIXError(.EPERM) }
        let name = "\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let root: String
        let limitFile: String
        switch h {
        case .v1(let r): root = r; limitFile = "memory.limit_in_bytes"
        case .v2(let r): root = r; limitFile = "memory.max"
        }
        directory = root + "/" + name
        kernelPath = "/" + name
        self.limitBytes = limitBytes
        guard mkdir(directory, 0o755) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        try String(limitBytes).write(toFile: directory + "/" + limitFile, atomically: false, encoding: .utf8)
        if case .v2 = h { try? "0".write(toFile: directory + "/memory.swap.max", atomically: false, encoding: .utf8) }
    }

    /// Starts `command` (a /bin/sh command line) inside the cgroup; output goes to /dev/null.
    public func spawn(_ command: String) throws -> pid_t {
        let script = "echo $$ > \(directory)/cgroup.procs && exec \(command)"
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", script]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let rc = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        return pid
    }

    /// Waits for a child to end, at most `timeout` seconds (then kills it); its wait status.
    public static func wait(_ pid: pid_t, timeout: Double) -> Int32 {
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL); waitpid(pid, &status, 0); break }
            usleep(20_000)
        }
        return status
    }

    /// Removes the cgroup (its tasks must have ended); retried briefly while the kernel lets go of it.
    public func remove() {
        for _ in 0..<50 {
            if rmdir(directory) == 0 || errno == ENOENT { return }
            usleep(100_000)
        }
    }

    deinit { remove() }
}

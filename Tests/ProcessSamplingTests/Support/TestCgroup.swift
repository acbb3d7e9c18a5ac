import Foundation
@testable import ProcessSampling

/// A memory cgroup the OOM test creates below its own, with a limit; removed by `remove()`.
struct TestCgroup {
    let directory: String
    let procsFile: String

    /// Whether this machine lets the tests make a memory cgroup: root, and a writable cgroup v1
    /// memory hierarchy or a v2 one with the memory controller enabled where this process lives.
    static var parentDirectory: String? {
        guard getuid() == 0,
              let own = try? TargetResolver(excluded: []).memoryCgroup(getpid()),
              access(own.directory, W_OK) == 0 else { return nil }
        if own.version == .v2 {
            // v2: a child only gets memory files if the parent delegates the controller.
            guard let control = try? String(contentsOfFile: own.directory + "/cgroup.subtree_control", encoding: .utf8),
                  control.split(separator: " ").contains(where: { $0.hasPrefix("memory") }) else { return nil }
        }
        return own.directory
    }

    static var isAvailable: Bool { parentDirectory != nil }

    /// Creates `sleuth-test-PID-N` with the given limit.
    init(limitBytes: UInt64, tag: String) throws {
        let parent = try require_(TestCgroup.parentDirectory)
        directory = parent + "/sleuth-test-\(getpid())-\(tag)"
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else {
            throw SamplingError(.io, file: directory, "mkdir failed: errno \(errno)")
        }
        let v1 = FileManager.default.fileExists(atPath: directory + "/memory.limit_in_bytes")
        try "\(limitBytes)".write(toFile: directory + (v1 ? "/memory.limit_in_bytes" : "/memory.max"), atomically: false, encoding: .utf8)
        if v1, FileManager.default.fileExists(atPath: directory + "/memory.memsw.limit_in_bytes") {
            // With swap, the limit alone would swap rather than kill.
            try? "\(limitBytes)".write(toFile: directory + "/memory.memsw.limit_in_bytes", atomically: false, encoding: .utf8)
        }
        if !v1 { try? "0".write(toFile: directory + "/memory.swap.max", atomically: false, encoding: .utf8) }
        procsFile = directory + "/cgroup.procs"
    }

    /// Removes the cgroup, retrying while the killed process is still being torn down.
    func remove() {
        for _ in 0..<50 {
            if rmdir(directory) == 0 || errno == ENOENT { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
}

private func require_<T>(_ value: T?) throws -> T {
    guard let value else { throw SamplingError(.notAllowed, "memory cgroups cannot be created here") }
    return value
}

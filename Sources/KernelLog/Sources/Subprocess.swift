#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Running a helper program with its standard output read in chunks (`posix_spawn`, no shell).
enum Subprocess {
    static func find(_ executable: String) -> String? {
        if executable.contains("/") { return access(executable, X_OK) == 0 ? executable : nil }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(executable)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs `path` with `arguments`, streaming its stdout to `body`, at most `maxBytes` of it.
    /// Returns the exit status (or minus the signal number when it was killed) and whether its
    /// output was read to the end (false when reading stopped at `maxBytes`).
    static func run(path: String, arguments: [String], name: String, maxBytes: Int,
                    _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> (status: Int32, complete: Bool) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw KernelLogError(.spawnFailed, location: name, "cannot create a pipe: \(POSIX.errorText(errno))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw KernelLogError(.spawnFailed, location: name, "cannot start: \(POSIX.errorText(rc))")
        }
        var reachedEnd = false
        do {
            reachedEnd = try POSIX.readAll(fd: fds[0], name: name, chunkSize: 1 << 16, maxBytes: maxBytes, body)
        } catch {
            kill(pid, SIGTERM)
            close(fds[0])
            _ = wait(pid)
            throw error
        }
        if !reachedEnd { kill(pid, SIGTERM) }
        close(fds[0])
        return (wait(pid), reachedEnd)
    }

    private static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return -(status & 0x7f)
    }
}

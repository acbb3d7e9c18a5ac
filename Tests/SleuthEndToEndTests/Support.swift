import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `sleuth` binary built beside this test bundle.
enum Binary {
    static let path: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("sleuth").path
    }()
}

/// A scratch directory removed at the end of a test.
final class Scratch {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "sleuth-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

struct RunResult: Equatable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `sleuth` to completion with the given arguments and standard input.
func sleuth(_ args: [String], stdin: String? = nil, cwd: String? = nil, env extra: [String: String] = [:]) throws -> RunResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Binary.path)
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    env["COLUMNS"] = "80"
    for (k, v) in extra { env[k] = v }
    p.environment = env
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
    p.standardInput = inPipe
    p.standardOutput = outPipe
    p.standardError = errPipe
    try p.run()
    // sleuth stops reading at its first failure: a write into the closed pipe must fail, not kill the runner.
    signal(SIGPIPE, SIG_IGN)
    if let stdin { try? inPipe.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
    try? inPipe.fileHandleForWriting.close()
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    let err = errPipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                     stderr: String(decoding: err, as: UTF8.self))
}

/// `sleuth` on a real pseudo-terminal, which it has as its controlling terminal (so Ctrl-C is SIGINT).
final class Terminal {
    let master: Int32
    let pid: pid_t
    private let process: Process
    private(set) var screen = ""

    init(args: [String], env extra: [String: String], columns: UInt16 = 100, rows: UInt16 = 30) throws {
        // posix_openpt & co. are not exported to Swift: the same through /dev/ptmx and its ioctls.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430
        guard master >= 0, ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else {
            throw POSIXError(.ENOTTY)
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        env["LANG"] = "C.UTF-8"
        for (k, v) in extra { env[k] = v }
        // setsid --ctty: a new session whose controlling terminal is the pty on standard input (setsid forks
        // when it leads a process group; --wait hands back the child's exit status). Foundation's Process
        // reaps its children itself, so it starts this one too and reports how it ended.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        p.arguments = ["--wait", "--ctty", Binary.path] + args
        p.environment = env
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        p.standardInput = handle
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        close(slave)
        process = p
        pid = p.processIdentifier
    }

    deinit {
        // Closing the master hangs up the terminal: the kernel sends SIGHUP to sleuth, its session leader.
        close(master)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Types keys. Before a control key it lets the terminal settle for a moment, as a person would: under
    /// load a key can reach the line discipline before libedit has switched it back to raw mode.
    func type(_ keys: String) {
        if let first = keys.unicodeScalars.first, first.value < 0x20, first != "\r" { usleep(150_000) }
        _ = keys.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Reads until `text` appears in the output since `from`, or the timeout passes.
    @discardableResult
    func waitFor(_ text: String, after from: String.Index? = nil, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let from, screen[from...].contains(text) { return true }
            if from == nil, screen.contains(text) { return true }
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&fds, 1, 100) > 0 {
                var buf = [UInt8](repeating: 0, count: 4096)
                let n = read(master, &buf, buf.count)
                if n <= 0 { return false }
                screen += String(decoding: buf[0..<n], as: UTF8.self)
            }
        }
        return false
    }

    var mark: String.Index { screen.endIndex }

    /// Waits for the process to exit; its exit status, or nil on timeout.
    func exitStatus(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            _ = waitFor("\u{0}", timeout: 0.1)
            if !process.isRunning { return process.terminationStatus }
        }
        return nil
    }
}

extension Terminal {
    /// The sleuth process under `setsid` (itself, or its child when setsid had to fork).
    var sleuthPid: pid_t {
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
        if comm.hasPrefix("sleuth") { return pid }
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) } ?? pid
    }

    /// The peak resident set size of the sleuth process so far (VmHWM of its own address space since
    /// exec), in KiB; -1 when it cannot be read.
    var peakRSSKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(sleuthPid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ")[safe: 1] ?? "") ?? -1
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

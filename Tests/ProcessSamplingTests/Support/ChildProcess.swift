import Foundation
@testable import ProcessSampling

/// A child process the tests start: python3 workloads that touch real memory.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()

    /// The real python3 binary (not a pyenv shim, which would run python as a grandchild).
    static let python: String = {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        let pipe = Pipe()
        probe.standardOutput = pipe
        try? probe.run()
        probe.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    static var hasPython: Bool { !python.isEmpty && FileManager.default.isExecutableFile(atPath: python) }

    /// Starts `executable arguments…` with stdout piped.
    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
    }

    /// Starts python3 with `script` (which should print `ready` when its workload begins).
    convenience init(python script: String, arguments: [String] = []) throws {
        try self.init(ChildProcess.python, ["-c", script] + arguments)
    }

    var pid: Int32 { process.processIdentifier }

    /// Blocks until the child prints a line (its `ready`), and returns it.
    @discardableResult
    func readLine() -> String {
        var bytes: [UInt8] = []
        let handle = output.fileHandleForReading
        while true {
            let chunk = handle.readData(ofLength: 1)
            if chunk.isEmpty || chunk.first == 0x0A { break }
            bytes.append(chunk.first!)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The sampler's wait hook: reaps the child and reports how it ended.
    func exitHook() -> () -> ChildExit? {
        { [process] in
            process.waitUntilExit()
            return process.terminationReason == .exit ? .exited(process.terminationStatus) : .signaled(process.terminationStatus)
        }
    }

    /// Kills the child with SIGKILL: children that Foundation starts from a test's (dispatch)
    /// thread inherit its blocked signal mask, so SIGTERM would stay pending forever.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// The python workloads, one step every 50 ms.
enum Workload {
    /// Leaks `leakKiB` per step (heap bytearrays, kept) and allocates 1 MiB of garbage per step
    /// (anonymous mmaps) that it frees every `gcEvery` steps: a GC sawtooth whose troughs rise at
    /// `leakKiB` per step. Writes its step count to argv[1] when given (a work counter).
    static func sawtooth(leakKiB: Int, gcEvery: Int = 40) -> String {
        """
        import mmap, os, sys, time
        counter = sys.argv[1] if len(sys.argv) > 1 else None
        leak, garbage, i = [], [], 0
        print('ready', flush=True)
        while True:
            if \(leakKiB) > 0:
                b = bytearray(\(leakKiB) * 1024)
                for j in range(0, len(b), 4096): b[j] = 1
                leak.append(b)
            m = mmap.mmap(-1, 1 << 20)
            m.write(b'\\x01' * (1 << 20))
            garbage.append(m)
            i += 1
            if i % \(gcEvery) == 0:
                for m in garbage: m.close()
                garbage = []
            if counter:
                with open(counter + '.tmp', 'w') as f: f.write(str(i))
                os.replace(counter + '.tmp', counter)
            time.sleep(0.05)
        """
    }

    /// Grows by `stepKiB` per step for `steps` steps (caches filling), then holds still.
    static func warmUp(stepKiB: Int, steps: Int) -> String {
        """
        import time
        cache = []
        print('ready', flush=True)
        for i in range(\(steps)):
            b = bytearray(\(stepKiB) * 1024)
            for j in range(0, len(b), 4096): b[j] = 1
            cache.append(b)
            time.sleep(0.05)
        while True:
            time.sleep(1)
        """
    }
}

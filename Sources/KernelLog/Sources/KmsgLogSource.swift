#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The live kernel ring buffer, read from `/dev/kmsg` directly (no `dmesg` binary involved).
///
/// Each `read()` returns one record, `6,1234,11272036465,-;message\n` possibly followed by
/// ` KEY=value` dictionary lines; the scanner understands that rendering. `read` takes the whole
/// buffer (until `EAGAIN`); a record overwritten while reading (`EPIPE`) is skipped.
public struct KmsgLogSource: KernelLogSource {
    public let path: String
    /// Large enough for any record (the kernel refuses a smaller buffer with `EINVAL`).
    static let recordBufferSize = 16 * 1024

    public init(path: String = "/dev/kmsg") {
        self.path = path
    }

    public var name: String { path }

    private func openDevice() throws -> Int32 {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error(errno, path: path) }
        return fd
    }

    static func error(_ code: Int32, path: String) -> KernelLogError {
        switch code {
        case EPERM, EACCES:
            return KernelLogError(.permissionDenied, location: path,
                                  "permission denied reading the kernel log; run as root or set 'kernel.dmesg_restrict=0'")
        case ENOENT:
            return KernelLogError(.notFound, location: path, "no such device; is this Linux?")
        default:
            return KernelLogError(.readFailed, location: path, "cannot read: \(POSIX.errorText(code))")
        }
    }

    /// Reads the records available now. Returns false when the device said `EAGAIN` (no more).
    private func drain(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer,
                       _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 {
                try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
                continue
            }
            if n == 0 { return }
            switch errno {
            case EAGAIN:
                return
            case EPIPE, EINTR:
                // EPIPE: the record we were at was overwritten; the next read continues after it.
                continue
            default:
                throw Self.error(errno, path: path)
            }
        }
    }

    public func read(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd = try openDevice()
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.recordBufferSize, alignment: 16)
        defer { buffer.deallocate() }
        try drain(fd, buffer, body)
    }

    /// Follows the live log: hands over records as they arrive, waiting with `poll()` in between.
    ///
    /// - Parameters:
    ///   - fromStart: also hand over the records already in the buffer (otherwise start at its end).
    ///   - pollTimeoutMilliseconds: how long one wait lasts; `shouldStop` is checked after each.
    ///   - shouldStop: checked between waits, so a REPL can stop following on Ctrl-C.
    ///   - onIdle: called when a wait ended with no new record.
    ///   - body: receives each chunk (one record).
    public func follow(fromStart: Bool = false, pollTimeoutMilliseconds: Int32 = 250,
                       shouldStop: () -> Bool, onIdle: () throws -> Void = {},
                       _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd = try openDevice()
        defer { close(fd) }
        if !fromStart {
            _ = lseek(fd, 0, SEEK_END)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.recordBufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while !shouldStop() {
            try drain(fd, buffer, body)
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, pollTimeoutMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw Self.error(errno, path: path)
            }
            if ready == 0 { try onIdle() }
        }
    }
}

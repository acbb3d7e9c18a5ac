#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads small kernel files (/proc, /sys/fs/cgroup) into a reusable buffer: one-off files with one
/// open/read/close, files sampled repeatedly with one pread on a descriptor kept open (`reread`).
///
/// /proc files are generated on read and report a size of 0, so the reader reads until end of
/// file, growing the buffer by doubling up to `maximumSize` (4 MiB; larger files are an error).
/// The returned bytes stay valid until the next read on the same reader. Not thread-safe: give each
/// sampler or lister its own.
public final class ProcFileReader {
    /// The largest file the reader accepts.
    public static let maximumSize = 4 << 20

    private var storage: UnsafeMutableRawPointer
    private var capacity: Int

    /// - Parameter initialCapacity: starting buffer size; 16 KiB holds status, stat and cgroup files.
    public init(initialCapacity: Int = 16 << 10) {
        capacity = max(initialCapacity, 256)
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Reads the whole file at `path`, resolved against the directory descriptor `directory`
    /// (`AT_FDCWD` for the current directory).
    /// - Returns: the file's bytes, valid until the next call on this reader.
    /// - Throws: `SamplingError` `.notFound` when the file (or the process behind it) is gone,
    ///   `.permission`, or `.io`.
    /// - Complexity: one openat, ⌈size/4 KiB⌉ reads (procfs hands out at most a page per read), one
    ///   close; no allocation once the buffer is large enough.
    public func read(_ path: String, relativeTo directory: Int32 = AT_FDCWD) throws(SamplingError) -> UnsafeRawBufferPointer {
        let fd = path.withCString { openat(directory, $0, O_RDONLY | O_CLOEXEC) }
        if fd < 0 { throw ProcFileReader.error(errno, path) }
        defer { close(fd) }
        return try fill(path) { buffer, count, _ in Glibc.read(fd, buffer, count) }
    }

    /// Re-reads a file kept open, from offset 0, with pread: procfs and kernfs (cgroup) files
    /// regenerate their content for a read at offset 0, so this sees fresh values without the cost
    /// of an open and a close. A kept `/proc/PID/status` descriptor stays tied to that process:
    /// once it is reaped the read fails with ESRCH (reported as `.notFound`), even if the pid is
    /// reused; a removed cgroup's files fail with ENODEV (also `.notFound`).
    /// - Parameter path: the file's name, for errors.
    /// - Complexity: ⌈size/4 KiB⌉ preads; no allocation once the buffer is large enough.
    public func reread(_ fd: Int32, path: String) throws(SamplingError) -> UnsafeRawBufferPointer {
        try fill(path) { buffer, count, offset in pread(fd, buffer, count, off_t(offset)) }
    }

    /// Fills the buffer from `next(buffer, room, offset)` until it returns 0 (end of file), doubling the
    /// buffer up to `maximumSize` and retrying on EINTR.
    private func fill(_ path: String, _ next: (UnsafeMutableRawPointer, Int, Int) -> Int) throws(SamplingError) -> UnsafeRawBufferPointer {
        var used = 0
        while true {
            if used == capacity {
                guard capacity < ProcFileReader.maximumSize else {
                    throw SamplingError(.malformed, file: path, "file is larger than \(ProcFileReader.maximumSize >> 20) MiB")
                }
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: storage, byteCount: used)
                storage.deallocate()
                storage = bigger
                capacity *= 2
            }
            let n = next(storage + used, capacity - used, used)
            if n < 0 {
                if errno == EINTR { continue }
                throw ProcFileReader.error(errno, path)
            }
            if n == 0 { break }
            used += n
        }
        return UnsafeRawBufferPointer(start: storage, count: used)
    }

    /// Opens a file to be re-read with `reread`.
    /// - Throws: `.notFound`, `.permission` or `.io` naming the file.
    public static func openKept(_ path: String, relativeTo directory: Int32 = AT_FDCWD) throws(SamplingError) -> Int32 {
        let fd = path.withCString { openat(directory, $0, O_RDONLY | O_CLOEXEC) }
        if fd < 0 { throw error(errno, path) }
        return fd
    }

    /// Maps an errno to a `SamplingError` naming the file.
    static func error(_ code: Int32, _ path: String) -> SamplingError {
        switch code {
        case ENOENT, ESRCH, ENODEV: return SamplingError(.notFound, file: path, "no such file (or the process has exited)")
        case EACCES, EPERM: return SamplingError(.permission, file: path, "permission denied")
        default: return SamplingError(.io, file: path, String(cString: strerror(code)))
        }
    }
}

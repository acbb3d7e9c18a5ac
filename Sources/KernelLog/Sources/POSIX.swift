#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers around the POSIX calls the sources need, turning `errno` into `KernelLogError`.
enum POSIX {
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }

    static func openError(_ code: Int32, path: String) -> KernelLogError {
        switch code {
        case ENOENT:
            return KernelLogError(.notFound, location: path, "no such file")
        case EACCES, EPERM:
            return KernelLogError(.permissionDenied, location: path, "permission denied")
        default:
            return KernelLogError(.readFailed, location: path, "cannot open: \(errorText(code))")
        }
    }

    /// Reads `fd` to its end in chunks of `chunkSize`, calling `body` for each.
    static func readAll(fd: Int32, name: String, chunkSize: Int, maxBytes: Int = Int.max,
                        _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while total < maxBytes {
            let want = min(chunkSize, maxBytes - total)
            let n = Glibc.read(fd, buffer.baseAddress, want)
            if n < 0 {
                if errno == EINTR { continue }
                throw KernelLogError(.readFailed, location: name, "read failed: \(errorText(errno))")
            }
            if n == 0 { return true }
            total += n
            try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
        }
        return false
    }
}

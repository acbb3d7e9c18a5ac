#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A kernel log in a file (`kern.log`, `messages`, a saved `dmesg -T`, a pasted report), or standard
/// input when the path is `-`. Read in 1 MiB chunks; never held whole.
public struct FileLogSource: KernelLogSource {
    public let path: String
    public let chunkSize: Int

    public init(path: String, chunkSize: Int = 1 << 20) {
        self.path = path
        self.chunkSize = max(1, chunkSize)
    }

    /// Standard input.
    public static var standardInput: FileLogSource { FileLogSource(path: "-") }

    public var name: String { path }

    public func read(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if path == "-" {
            _ = try POSIX.readAll(fd: 0, name: "-", chunkSize: chunkSize, body)
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIX.openError(errno, path: path) }
        defer { close(fd) }
        _ = try POSIX.readAll(fd: fd, name: path, chunkSize: chunkSize, body)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The kernel messages kept by systemd's journal: `journalctl -k` run as a subprocess, bounded in
/// lines (`--lines`) and bytes (reading stops, and the child is ended, past `maxBytes`).
public struct JournalLogSource: KernelLogSource {
    public enum Format: String, Sendable {
        /// `[  123.456789] host kernel: message`: kernel-relative time, like dmesg.
        case shortMonotonic = "short-monotonic"
        /// One JSON object per line with wall-clock and monotonic microseconds.
        case json
        /// `2026-11-26T10:00:00.123456+01:00 host kernel: message`
        case shortISOPrecise = "short-iso-precise"
    }

    public var format: Format
    public var maxLines: Int
    public var maxBytes: Int
    /// Extra arguments, e.g. `["-b", "-1"]` for the previous boot, `["--since", "1 hour ago"]`.
    public var extraArguments: [String]
    public var executable: String

    public init(format: Format = .shortMonotonic, maxLines: Int = 200_000, maxBytes: Int = 256 << 20,
                extraArguments: [String] = [], executable: String = "journalctl") {
        self.format = format
        self.maxLines = maxLines
        self.maxBytes = maxBytes
        self.extraArguments = extraArguments
        self.executable = executable
    }

    public var name: String { "journalctl -k" }

    public var arguments: [String] {
        ["-k", "-q", "--no-pager", "-o", format.rawValue, "--lines=\(maxLines)"] + extraArguments
    }

    public func read(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let path = Subprocess.find(executable) else {
            throw KernelLogError(.notFound, location: executable, "not found in PATH; is systemd's journal installed?")
        }
        let (status, complete) = try Subprocess.run(path: path, arguments: arguments, name: name, maxBytes: maxBytes, body)
        // Past `maxBytes` the child was ended on purpose: its status says nothing then.
        if complete && status != 0 {
            throw KernelLogError(.subprocessFailed, location: name, "exited with status \(status)")
        }
    }
}

/// The one error type of the KernelLog module.
///
/// Every case renders as a single line that names where the fault is and what went wrong,
/// in the house form `where: error: what` (lower case, values quoted, a hint when there is one):
///
///     /dev/kmsg: error: permission denied reading the kernel log; run as root or set 'kernel.dmesg_restrict=0'
public struct KernelLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in broad strokes, so callers can branch without parsing text.
    public enum Kind: String, Sendable, Equatable {
        case permissionDenied
        case notFound
        case readFailed
        case spawnFailed
        case subprocessFailed
        case invalidArgument
    }

    public var kind: Kind
    /// The file, device or command the error is about (e.g. `/dev/kmsg`, `journalctl`).
    public var location: String
    /// The 1-based line in `location`, when the fault is tied to one.
    public var line: Int?
    /// The message, lower case, without the location.
    public var message: String

    public init(_ kind: Kind, location: String, line: Int? = nil, _ message: String) {
        self.kind = kind
        self.location = location
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line {
            return "\(location):\(line): error: \(message)"
        }
        return "\(location): error: \(message)"
    }
}

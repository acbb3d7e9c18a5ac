/// Where kernel log bytes come from: a file, stdin, `/dev/kmsg`, `journalctl -k`, or memory.
///
/// A source hands its bytes over in chunks of any size and makes no sense of them; the scanner
/// (`KernelLogScanner`) detects each line's rendering, so any source can carry any rendering.
public protocol KernelLogSource: Sendable {
    /// The name events cite in `LineSpan.source`: a path, `-`, `/dev/kmsg`, `journalctl -k`.
    var name: String { get }
    /// Calls `body` with successive chunks until the source is exhausted.
    /// - Throws: `KernelLogError` naming the source when it cannot be read.
    func read(_ body: (UnsafeRawBufferPointer) throws -> Void) throws
}

/// Bytes already in memory (tests, pasted text).
public struct BytesLogSource: KernelLogSource {
    public let name: String
    public let bytes: [UInt8]

    public init(name: String = "-", bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public init(name: String = "-", text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    public func read(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try bytes.withUnsafeBytes { try body($0) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming line splitter over byte chunks, with a cap on line length.
///
/// Feed it chunks of any size (1 byte, 7 bytes, 1 MiB): it hands every complete line to the body,
/// without its `\n` (and without a trailing `\r`). Lines inside one chunk are passed as a borrowed
/// view of the chunk (no copy); only a line that spans chunks is copied into a carry buffer.
///
/// The carry buffer is capped at `maxLineLength` bytes (64 KiB by default): a longer line is cut
/// there, the rest of it up to the next newline is dropped, and the body is told `truncated: true`.
/// So a 1 GiB log with no newline costs 64 KiB, not 1 GiB.
///
/// State machine: `inChunk` (no carry) → `carrying` (a partial line is buffered) →
/// `overflowing` (the partial line hit the cap; bytes are dropped until the next `\n`).
///
/// - Complexity: O(n) in the bytes fed; newlines are found with `memchr`.
public struct LineSplitter: Sendable {
    public static let defaultMaxLineLength = 64 * 1024

    public let maxLineLength: Int
    private var carry: [UInt8] = []
    private var overflowing = false
    /// How many lines were cut at `maxLineLength` so far.
    public private(set) var truncatedLineCount = 0

    public init(maxLineLength: Int = LineSplitter.defaultMaxLineLength) {
        self.maxLineLength = max(1, maxLineLength)
    }

    /// Splits `chunk`, calling `body(line, truncated)` for each complete line.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer,
        _ body: (UnsafeBufferPointer<UInt8>, _ truncated: Bool) throws -> Void
    ) rethrows {
        guard chunk.count > 0, let raw = chunk.baseAddress else { return }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let end = chunk.count
        var start = 0
        while start < end {
            guard let hit = memchr(base + start, 10, end - start) else {
                appendCarry(base + start, end - start)
                return
            }
            let newline = UnsafeRawPointer(hit) - raw
            if carry.isEmpty && !overflowing {
                var length = newline - start
                var truncated = false
                if length > maxLineLength {
                    length = maxLineLength
                    truncated = true
                    truncatedLineCount += 1
                }
                try body(Self.trimCR(UnsafeBufferPointer(start: base + start, count: length)), truncated)
            } else {
                appendCarry(base + start, newline - start)
                let truncated = overflowing
                if truncated { truncatedLineCount += 1 }
                try carry.withUnsafeBufferPointer { try body(Self.trimCR($0), truncated) }
                carry.removeAll(keepingCapacity: true)
                overflowing = false
            }
            start = newline + 1
        }
    }

    /// Hands over the last line when the input did not end with a newline.
    public mutating func finish(_ body: (UnsafeBufferPointer<UInt8>, _ truncated: Bool) throws -> Void) rethrows {
        guard !carry.isEmpty || overflowing else { return }
        let truncated = overflowing
        if truncated { truncatedLineCount += 1 }
        try carry.withUnsafeBufferPointer { try body(Self.trimCR($0), truncated) }
        carry.removeAll(keepingCapacity: true)
        overflowing = false
    }

    private mutating func appendCarry(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard n > 0, !overflowing else { return }
        let room = maxLineLength - carry.count
        if n > room {
            carry.append(contentsOf: UnsafeBufferPointer(start: p, count: room))
            overflowing = true
        } else {
            carry.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
    }

    @inline(__always)
    private static func trimCR(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if b.count > 0, b[b.count - 1] == 13 {
            return UnsafeBufferPointer(start: b.baseAddress, count: b.count - 1)
        }
        return b
    }
}

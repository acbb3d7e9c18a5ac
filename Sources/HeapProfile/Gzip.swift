import CZlib

/// Gzip decompression through the system zlib, streaming and bounded.
///
/// Input arrives in chunks from a provider and output leaves in chunks to a sink, so neither the
/// compressed nor the decompressed profile has to be held whole. Handles concatenated gzip
/// members (as `cat a.gz b.gz` makes) and refuses to inflate past a maximum size, so a small
/// "zip bomb" cannot exhaust memory.
enum Gzip {
    /// Whether `bytes` start with the gzip magic number 1f 8b.
    static func isGzip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Inflates the chunks `next` returns (nil at the end), handing each decompressed chunk to `sink`.
    /// - Throws: `HeapProfileError` naming the compressed byte offset for corrupt or truncated
    ///   data, or when the output would exceed `maxOutput` bytes.
    /// - Complexity: O(n) in the decompressed size; memory O(chunk size).
    static func inflate(
        next: () throws -> [UInt8]?, maxOutput: Int, chunkSize: Int = 1 << 18,
        sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw HeapProfileError("zlib could not start inflating", source: "profile")
        }
        defer { inflateEnd(&stream) }
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { out.deallocate() }
        var input: [UInt8] = []
        var inputBase = 0  // absolute offset of input[0]
        var used = 0  // bytes of `input` consumed by zlib
        var total = 0
        var sawData = false
        func refill() throws -> Bool {
            inputBase += input.count
            used = 0
            guard let chunk = try next() else {
                input = []
                return false
            }
            input = chunk
            if !chunk.isEmpty { sawData = true }
            return true
        }
        guard try refill(), sawData else { throw HeapProfileError("empty gzip stream", source: "profile") }
        while true {
            if used == input.count {
                guard try refill() else {
                    throw HeapProfileError.at(byte: inputBase, "gzip: truncated stream (unexpected end of data)")
                }
                if input.isEmpty { continue }
            }
            let (status, consumed, produced) = input.withUnsafeMutableBytes { raw -> (Int32, Int, Int) in
                stream.next_in = raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + used
                stream.avail_in = UInt32(raw.count - used)
                stream.next_out = out
                stream.avail_out = UInt32(chunkSize)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, raw.count - used - Int(stream.avail_in), chunkSize - Int(stream.avail_out))
            }
            used += consumed
            let offset = inputBase + used
            if produced > 0 {
                total += produced
                if total > maxOutput {
                    throw HeapProfileError.at(byte: offset, "gzip: decompressed size exceeds the limit of \(maxOutput) bytes")
                }
                try sink(UnsafeRawBufferPointer(start: out, count: produced))
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue  // needs more input (refilled above) or more output space
            case Z_STREAM_END:
                // Another member may follow; skip the zero padding some writers leave behind.
                while true {
                    while used < input.count && input[used] == 0 { used += 1 }
                    if used < input.count { break }
                    guard try refill() else { return }
                }
                guard input[used] == 0x1f else {
                    throw HeapProfileError.at(byte: inputBase + used, "gzip: trailing garbage after the compressed data")
                }
                guard inflateReset(&stream) == Z_OK else {
                    throw HeapProfileError.at(byte: inputBase + used, "gzip: could not start the next member")
                }
            case Z_DATA_ERROR:
                let why = stream.msg.map { String(cString: $0) } ?? "corrupt data"
                throw HeapProfileError.at(byte: offset, "gzip: \(why)")
            case Z_MEM_ERROR:
                throw HeapProfileError.at(byte: offset, "gzip: zlib is out of memory")
            default:
                throw HeapProfileError.at(byte: offset, "gzip: zlib error \(status)")
            }
        }
    }

    /// Inflates all of `input` into one array.
    static func inflate(_ input: [UInt8], maxOutput: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var given = false
        try inflate(next: { defer { given = true }; return given ? nil : input }, maxOutput: maxOutput) {
            result.append(contentsOf: $0)
        }
        return result
    }
}

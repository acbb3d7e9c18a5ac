import Foundation
import HTTPFetch

extension Profile {
    /// Bounds applied while decoding untrusted profiles.
    public struct Limits: Sendable, Codable, Equatable {
        /// Maximum size of the decompressed profile, in bytes.
        public var maxDecompressedBytes: Int
        public var maxSamples: Int
        public var maxLocations: Int
        public var maxStrings: Int
        public var maxStackDepth: Int

        public init(
            maxDecompressedBytes: Int = 2 << 30, maxSamples: Int = 20_000_000, maxLocations: Int = 20_000_000,
            maxStrings: Int = 20_000_000, maxStackDepth: Int = 100_000
        ) {
            self.maxDecompressedBytes = maxDecompressedBytes
            self.maxSamples = maxSamples
            self.maxLocations = maxLocations
            self.maxStrings = maxStrings
            self.maxStackDepth = maxStackDepth
        }

        public static let `default` = Limits()
    }

    /// Decodes a profile in any format Sleuth reads: gzip-compressed or raw profile.proto, Go's
    /// legacy text heap profile (`/debug/pprof/heap?debug=1`), goroutine profiles in text
    /// (`?debug=1`) and full dumps (`?debug=2`).
    /// - Parameter source: names the input in errors (a path or URL).
    /// - Throws: `HeapProfileError` saying what is wrong and where.
    /// - Complexity: O(n) in the decompressed size; the protobuf path streams, holding O(chunk)
    ///   of input at a time besides the decoded profile.
    public init(decoding bytes: [UInt8], source: String = "profile", limits: Limits = .default) throws {
        do {
            self = try bytes.withUnsafeBytes { try Profile.decode($0, limits: limits) }
        } catch let error as HeapProfileError {
            throw error.naming(source)
        }
    }

    /// Reads and decodes a profile file, streaming it in 1 MiB chunks (neither the file nor its
    /// decompressed form is held whole when it is a protobuf profile).
    public init(contentsOfFile path: String, limits: Limits = .default) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HeapProfileError("cannot open file: \(String(cString: strerror(errno)))", source: path) }
        defer { close(fd) }
        var readError: Int32 = 0
        let next = { () -> [UInt8]? in
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { readError = errno }
            if n <= 0 { return nil }
            chunk.removeSubrange(n...)
            return chunk
        }
        do {
            self = try Profile.decode(next: next, limits: limits)
        } catch let error as HeapProfileError {
            throw error.naming(path)
        }
        if readError != 0 { throw HeapProfileError("read failed: \(String(cString: strerror(readError)))", source: path) }
    }

    /// Fetches a profile over http:// (e.g. `http://127.0.0.1:6060/debug/pprof/heap`) and decodes it.
    public init(url: String, timeout: Double = 30, limits: Limits = .default) throws {
        let body: [UInt8]
        do {
            body = try httpGet(url, timeout: timeout, maxBytes: min(limits.maxDecompressedBytes, 1 << 30))
        } catch let error as HTTPFetchError {
            throw HeapProfileError(error.message, source: url)
        }
        try self.init(decoding: body, source: url, limits: limits)
    }

    static func decode(_ input: UnsafeRawBufferPointer, limits: Limits) throws -> Profile {
        var given = false
        return try decode(next: { defer { given = true }; return given ? nil : Array(input) }, limits: limits)
    }

    /// Decodes chunks from `next` (nil at the end): gzip or not, protobuf or text.
    static func decode(next: () throws -> [UInt8]?, limits: Limits) throws -> Profile {
        var first = try next() ?? []
        while first.count < 64, let more = try next() {
            if more.isEmpty { break }
            first += more
        }
        guard !first.isEmpty else { throw HeapProfileError("empty input", source: "profile") }
        var pendingFirst: [UInt8]? = first
        func source() throws -> [UInt8]? {
            if let f = pendingFirst {
                pendingFirst = nil
                return f
            }
            return try next()
        }
        let gzip = first.withUnsafeBytes { Gzip.isGzip($0) }
        // Either stream into the protobuf decoder, or collect (bounded) for a text parser.
        var decoder: ProfileDecoder?
        var text: [UInt8]?
        func consume(_ chunk: UnsafeRawBufferPointer) throws {
            if let d = decoder { return try d.feed(chunk) }
            if text != nil {
                text!.append(contentsOf: chunk)
                return
            }
            if TextProfiles.looksLikeText(chunk) {
                text = Array(chunk)
            } else {
                let d = ProfileDecoder(limits: limits)
                decoder = d
                try d.feed(chunk)
            }
        }
        if gzip {
            try Gzip.inflate(next: source, maxOutput: limits.maxDecompressedBytes) { try consume($0) }
        } else {
            var size = 0
            while let chunk = try source() {
                size += chunk.count
                guard size <= limits.maxDecompressedBytes else {
                    throw HeapProfileError("input exceeds the limit of \(limits.maxDecompressedBytes) bytes", source: "profile")
                }
                try chunk.withUnsafeBytes { try consume($0) }
            }
        }
        if let text { return try text.withUnsafeBytes { try TextProfiles.parse($0, limits: limits) } }
        guard let decoder else { throw HeapProfileError("empty input (gzip stream holds no data)", source: "profile") }
        return try decoder.finish()
    }
}

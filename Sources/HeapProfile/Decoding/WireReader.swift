/// A bounds-checked reader of protobuf wire format over a byte buffer.
///
/// Every read checks the remaining length and throws `HeapProfileError` naming the absolute byte
/// offset (`base + position`) and the field being read; nothing traps on malformed input.
struct WireReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let end: Int
    /// Absolute offset of `bytes[0]` in the whole (decompressed) profile, for error messages.
    let base: Int

    init(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, to end: Int? = nil, base: Int = 0) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
        self.base = base
    }

    var isAtEnd: Bool { position >= end }
    var offset: Int { base + position }

    /// Reads a varint of at most 10 bytes.
    /// - Complexity: O(1); the hot path of the decoder.
    @inline(__always)
    mutating func varint(_ what: @autoclosure () -> String) throws -> UInt64 {
        if position < end {
            let b0 = bytes[position]
            if b0 < 0x80 {
                position += 1
                return UInt64(b0)
            }
        }
        return try varintSlow(what)
    }

    @inline(never)
    mutating func varintSlow(_ what: () -> String) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while true {
            guard position < end else {
                throw HeapProfileError.at(byte: base + start, "\(what()): truncated varint")
            }
            let b = bytes[position]
            position += 1
            if shift == 63 && b > 1 {
                throw HeapProfileError.at(byte: base + start, "\(what()): varint overflows 64 bits")
            }
            result |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 {
                throw HeapProfileError.at(byte: base + start, "\(what()): varint longer than 10 bytes")
            }
        }
    }

    /// Reads a length prefix and returns the end of the delimited range, checked against `end`.
    @inline(__always)
    mutating func lengthDelimited(_ what: @autoclosure () -> String) throws -> Int {
        let start = position
        let length = try varint(what())
        guard length <= UInt64(end - position) else {
            throw HeapProfileError.at(
                byte: base + start,
                "\(what()): length \(length) overruns the enclosing message (\(end - position) bytes left)")
        }
        return position + Int(length)
    }

    /// Skips a field of `wireType`; groups (3, 4) and unknown wire types are errors.
    mutating func skip(wireType: UInt64, field: UInt64, in message: String) throws {
        let at = position
        switch wireType {
        case 0: _ = try varint("\(message) field \(field)")
        case 1:
            guard end - position >= 8 else {
                throw HeapProfileError.at(byte: base + at, "\(message) field \(field): truncated fixed64")
            }
            position += 8
        case 2: position = try lengthDelimited("\(message) field \(field)")
        case 5:
            guard end - position >= 4 else {
                throw HeapProfileError.at(byte: base + at, "\(message) field \(field): truncated fixed32")
            }
            position += 4
        default:
            throw HeapProfileError.at(byte: base + at, "\(message) field \(field): unsupported wire type \(wireType)")
        }
    }

    /// Reads a repeated integer field that may be packed (wire type 2) or not (wire type 0),
    /// calling `add` for each element.
    @inline(__always)
    mutating func repeatedVarints(
        wireType: UInt64, _ what: @autoclosure () -> String, _ add: (UInt64) throws -> Void
    ) throws {
        if wireType == 0 {
            try add(try varint(what()))
        } else if wireType == 2 {
            let stop = try lengthDelimited(what())
            var r = WireReader(bytes, from: position, to: stop, base: base)
            while r.position < stop {
                try add(try r.varint(what()))
            }
            position = stop
        } else {
            throw HeapProfileError.at(byte: offset, "\(what()): wire type \(wireType), expected a varint or packed varints")
        }
    }

    /// Reads a singular varint field, checking its wire type.
    @inline(__always)
    mutating func scalar(wireType: UInt64, _ what: @autoclosure () -> String) throws -> UInt64 {
        guard wireType == 0 else {
            throw HeapProfileError.at(byte: offset, "\(what()): wire type \(wireType), expected a varint")
        }
        return try varint(what())
    }
}

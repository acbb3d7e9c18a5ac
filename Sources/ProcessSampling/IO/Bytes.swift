/// Byte-level helpers for the kernel's text formats: no String is made for fields that are not kept.
enum Bytes {
    typealias View = Slice<UnsafeRawBufferPointer>

    /// Calls `body` with each line (without its newline).
    @inline(__always)
    static func forEachLine(_ bytes: UnsafeRawBufferPointer, _ body: (View) throws -> Void) rethrows {
        var start = 0
        let n = bytes.count
        while start < n {
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            try body(bytes[start..<end])
            start = end + 1
        }
    }

    /// Whether `line` starts with the ASCII `prefix`.
    @inline(__always)
    static func hasPrefix(_ line: View, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard line.count >= count else { return false }
        let p = prefix.utf8Start
        var i = line.startIndex
        for k in 0..<count {
            if line[i] != p[k] { return false }
            i += 1
        }
        return true
    }

    /// The first unsigned decimal integer in `line` after skipping `skip` bytes and blanks.
    @inline(__always)
    static func unsigned(_ line: View, skip: Int = 0) -> UInt64? {
        var i = line.startIndex + skip
        while i < line.endIndex && (line[i] == 0x20 || line[i] == 0x09) { i += 1 }
        var value: UInt64 = 0
        var digits = 0
        while i < line.endIndex, line[i] >= 0x30, line[i] <= 0x39 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(line[i] - 0x30))
            if o1 || o2 { return nil }
            value = a
            digits += 1
            i += 1
        }
        return digits > 0 ? value : nil
    }

    /// The line's bytes after `skip`, trimmed of blanks, as a String.
    static func string(_ line: View, skip: Int = 0) -> String {
        var lo = line.startIndex + skip
        var hi = line.endIndex
        while lo < hi && (line[lo] == 0x20 || line[lo] == 0x09) { lo += 1 }
        while hi > lo && (line[hi - 1] == 0x20 || line[hi - 1] == 0x09 || line[hi - 1] == 0x0D) { hi -= 1 }
        return String(decoding: line[lo..<hi], as: UTF8.self)
    }

    /// The whole content, trimmed of whitespace, as a String.
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> String {
        var lo = 0
        var hi = bytes.count
        while lo < hi && isSpace(bytes[lo]) { lo += 1 }
        while hi > lo && isSpace(bytes[hi - 1]) { hi -= 1 }
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}

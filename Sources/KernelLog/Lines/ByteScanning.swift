#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A borrowed view of bytes: a line, a message inside a line, a chunk.
typealias Bytes = UnsafeBufferPointer<UInt8>

/// `memmem(3)`: a GNU extension the Swift `Glibc` module does not expose, so it is looked up once with
/// `dlsym`; where it is missing, a `memchr`-and-`memcmp` search stands in.
enum Memmem {
    typealias Function = @convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) -> UnsafeMutableRawPointer?

    static let function: Function = {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memmem") {
            return unsafeBitCast(symbol, to: Function.self)
        }
        #endif
        return { haystack, count, needle, needleCount in
            guard let haystack, let needle, needleCount > 0, count >= needleCount else { return nil }
            let first = Int32(needle.load(as: UInt8.self))
            var p = haystack
            let last = haystack + (count - needleCount)
            while p <= last {
                guard let hit = memchr(p, first, last - p + 1) else { return nil }
                if memcmp(hit, needle, needleCount) == 0 { return hit }
                p = UnsafeRawPointer(hit) + 1
            }
            return nil
        }
    }()

    @inline(__always)
    static func find(_ haystack: UnsafeRawPointer, _ count: Int, _ needle: StaticString) -> UnsafeMutableRawPointer? {
        function(haystack, count, needle.utf8Start, needle.utf8CodeUnitCount)
    }
}

/// Small byte-level helpers shared by the parsers. None of them allocates.
enum ByteScan {
    @inline(__always)
    static func hasPrefix(_ b: Bytes, at i: Int = 0, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i >= 0, i + n <= b.count, let base = b.baseAddress else { return false }
        return memcmp(base + i, literal.utf8Start, n) == 0
    }

    /// First index of `literal` in `b[from..<to]`, using `memmem`.
    @inline(__always)
    static func find(_ b: Bytes, _ literal: StaticString, from: Int = 0, to: Int? = nil) -> Int? {
        let end = to ?? b.count
        let n = literal.utf8CodeUnitCount
        guard from >= 0, end - from >= n, let base = b.baseAddress else { return nil }
        guard let p = Memmem.find(base + from, end - from, literal) else { return nil }
        return UnsafeRawPointer(p) - UnsafeRawPointer(base)
    }

    /// Last index of `literal` in `b[from..<to]`.
    static func findLast(_ b: Bytes, _ literal: StaticString, from: Int = 0, to: Int? = nil) -> Int? {
        let end = to ?? b.count
        let n = literal.utf8CodeUnitCount
        guard from >= 0, end - from >= n, let base = b.baseAddress else { return nil }
        var i = end - n
        let first = literal.utf8Start[0]
        while i >= from {
            if base[i] == first && memcmp(base + i, literal.utf8Start, n) == 0 { return i }
            i -= 1
        }
        return nil
    }

    @inline(__always)
    static func find(_ b: Bytes, byte: UInt8, from: Int = 0, to: Int? = nil) -> Int? {
        let end = to ?? b.count
        guard from < end, let base = b.baseAddress else { return nil }
        guard let p = memchr(base + from, Int32(byte), end - from) else { return nil }
        return UnsafeRawPointer(p) - UnsafeRawPointer(base)
    }

    static func findLast(_ b: Bytes, byte: UInt8, from: Int = 0, to: Int? = nil) -> Int? {
        var i = (to ?? b.count) - 1
        while i >= from {
            if b[i] == byte { return i }
            i -= 1
        }
        return nil
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    @inline(__always)
    static func skipSpaces(_ b: Bytes, _ i: inout Int) {
        while i < b.count && (b[i] == 32 || b[i] == 9) { i += 1 }
    }

    /// Parses an optionally signed decimal integer at `i`, advancing `i` past it.
    /// Returns nil (and leaves `i` unchanged) when there is no digit.
    static func parseInt(_ b: Bytes, _ i: inout Int) -> Int? {
        var j = i
        var negative = false
        if j < b.count && (b[j] == 45 || b[j] == 43) {
            negative = b[j] == 45
            j += 1
        }
        let digitsStart = j
        var value = 0
        while j < b.count && isDigit(b[j]) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(b[j] &- 48))
            if o1 || o2 { return nil }
            value = s
            j += 1
        }
        if j == digitsStart { return nil }
        i = j
        return negative ? -value : value
    }

    /// Parses a decimal integer that may carry `,` digit-group separators (as some people paste them:
    /// `total-vm:26,184,840kB`), advancing `i`.
    static func parseGroupedInt(_ b: Bytes, _ i: inout Int) -> Int? {
        var j = i
        var negative = false
        if j < b.count && b[j] == 45 { negative = true; j += 1 }
        var value = 0
        var digits = 0
        while j < b.count {
            let c = b[j]
            if isDigit(c) {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(c &- 48))
                if o1 || o2 { return nil }
                value = s
                digits += 1
                j += 1
            } else if c == 44 && digits > 0 && j + 1 < b.count && isDigit(b[j + 1]) {
                j += 1
            } else {
                break
            }
        }
        if digits == 0 { return nil }
        i = j
        return negative ? -value : value
    }

    /// Parses `123.456789` (or `123`) as seconds.
    static func parseSeconds(_ b: Bytes, _ lo: Int, _ hi: Int) -> Double? {
        var i = lo
        while i < hi && b[i] == 32 { i += 1 }
        var whole = 0.0
        var any = false
        while i < hi && isDigit(b[i]) {
            whole = whole * 10 + Double(b[i] &- 48)
            i += 1
            any = true
        }
        guard any else { return nil }
        if i < hi && (b[i] == 46 || b[i] == 44) {
            i += 1
            var fraction = 0.0
            var scale = 1.0
            while i < hi && ByteScan.isDigit(b[i]) && scale < 1e15 {
                fraction = fraction * 10 + Double(b[i] &- 48)
                scale *= 10
                i += 1
            }
            whole += fraction / scale
        }
        return whole
    }

    static func string(_ b: Bytes, _ lo: Int, _ hi: Int) -> String {
        guard lo < hi, let base = b.baseAddress else { return "" }
        return String(decoding: UnsafeBufferPointer(start: base + lo, count: hi - lo), as: UTF8.self)
    }

    /// The string in `b[lo..<hi]` with spaces and tabs trimmed at both ends.
    static func trimmedString(_ b: Bytes, _ lo: Int, _ hi: Int) -> String {
        var lo = lo
        var hi = hi
        while lo < hi && (b[lo] == 32 || b[lo] == 9) { lo += 1 }
        while hi > lo && (b[hi - 1] == 32 || b[hi - 1] == 9 || b[hi - 1] == 13) { hi -= 1 }
        return string(b, lo, hi)
    }

    @inline(__always)
    static func slice(_ b: Bytes, from lo: Int) -> Bytes {
        guard let base = b.baseAddress, lo < b.count else { return Bytes(start: nil, count: 0) }
        return Bytes(start: base + lo, count: b.count - lo)
    }
}

/// Where the parts of one line are: the result of the per-line rendering detector.
///
/// Offsets are into the line's bytes; `-1` means absent. Nothing is converted here: the time is
/// only turned into numbers and strings for lines that are kept (`EventTime(line:head:options:)`).
struct LineHead {
    var rendering: LineRendering = .plain
    /// The timestamp as printed, without brackets.
    var stampStart = -1
    var stampEnd = -1
    /// Seconds since boot (`123.456789`), or microseconds for kmsg records.
    var uptimeStart = -1
    var uptimeEnd = -1
    var uptimeInMicroseconds = false
    /// The syslog identifier (`kernel`, `systemd-oomd`, `earlyoom`), without `[pid]`.
    var identStart = -1
    var identEnd = -1
    var messageStart = 0
    /// False for syslog/journal lines from another program than the kernel.
    var isKernel = true
}

/// The per-line rendering detector: a small state machine over the first bytes of each line.
///
/// Its only memory across lines is whether the previous line was a `/dev/kmsg` record, so that the
/// record's ` KEY=value` dictionary lines can be skipped.
struct LineRenderingDetector {
    private var previousWasKmsg = false

    mutating func detect(_ b: Bytes) -> LineHead {
        var head = LineHead()
        guard b.count > 0 else {
            return head
        }
        let c = b[0]
        switch c {
        case UInt8(ascii: "["):
            if detectBracketUptime(b, &head) || detectCtime(b, &head) {
                previousWasKmsg = false
                return head
            }
        case UInt8(ascii: "<"):
            if detectRaw(b, &head) {
                previousWasKmsg = false
                return head
            }
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            if detectKmsg(b, &head) {
                previousWasKmsg = true
                return head
            }
            if detectISO(b, &head) {
                previousWasKmsg = false
                return head
            }
        case UInt8(ascii: " "):
            if previousWasKmsg, ByteScan.find(b, byte: UInt8(ascii: "="), to: min(b.count, 256)) != nil {
                head.rendering = .kmsgDictionary
                head.messageStart = b.count
                return head
            }
        case UInt8(ascii: "{"):
            head.rendering = .journalJSON
            previousWasKmsg = false
            return head
        default:
            if c >= 0x41 && detectSyslog(b, &head) {
                previousWasKmsg = false
                return head
            }
        }
        previousWasKmsg = false
        return head
    }

    // `[  123.456789] msg` (dmesg) or `[  123.456789] host kernel: msg` (journalctl short-monotonic).
    private func detectBracketUptime(_ b: Bytes, _ head: inout LineHead) -> Bool {
        var i = 1
        ByteScan.skipSpaces(b, &i)
        let digits = i
        while i < b.count && ByteScan.isDigit(b[i]) { i += 1 }
        guard i > digits, i < b.count, b[i] == UInt8(ascii: ".") else { return false }
        i += 1
        let frac = i
        while i < b.count && ByteScan.isDigit(b[i]) { i += 1 }
        guard i > frac, i < b.count, b[i] == UInt8(ascii: "]") else { return false }
        head.rendering = .dmesg
        head.stampStart = digits
        head.stampEnd = i
        head.uptimeStart = digits
        head.uptimeEnd = i
        i += 1
        if i < b.count && b[i] == 32 { i += 1 }
        head.messageStart = i
        // journalctl -o short-monotonic: a host and `kernel:` / `ident[pid]:` follow.
        if let (identStart, identEnd, messageStart, hasHost) = Self.syslogTag(b, from: i), hasHost {
            let ident = Bytes(start: b.baseAddress! + identStart, count: identEnd - identStart)
            let isKernelIdent = ByteScan.hasPrefix(ident, "kernel") && ident.count == 6
            let hasPid = identEnd < b.count && b[identEnd] == UInt8(ascii: "[")
            if isKernelIdent || hasPid {
                head.rendering = .journalMonotonic
                head.identStart = identStart
                head.identEnd = identEnd
                head.isKernel = isKernelIdent
                head.messageStart = messageStart
            }
        }
        return true
    }

    // `[Thu Dec  7 00:05:15 2017] msg` (dmesg -T, any locale's day and month names).
    private func detectCtime(_ b: Bytes, _ head: inout LineHead) -> Bool {
        var i = 1
        guard Self.skipWord(b, &i), Self.skipSpaces1(b, &i), Self.skipWord(b, &i), Self.skipSpaces1(b, &i)
        else { return false }
        guard Self.digits(b, &i, min: 1, max: 2), Self.skipSpaces1(b, &i), Self.clock(b, &i),
              Self.skipSpaces1(b, &i), Self.digits(b, &i, min: 4, max: 4),
              i < b.count, b[i] == UInt8(ascii: "]")
        else { return false }
        head.rendering = .dmesgCtime
        head.stampStart = 1
        head.stampEnd = i
        i += 1
        if i < b.count && b[i] == 32 { i += 1 }
        head.messageStart = i
        return true
    }

    // `<6>[  12.345000] msg` or `<6>msg` (dmesg --raw).
    private func detectRaw(_ b: Bytes, _ head: inout LineHead) -> Bool {
        var i = 1
        guard Self.digits(b, &i, min: 1, max: 4), i < b.count, b[i] == UInt8(ascii: ">") else { return false }
        i += 1
        head.rendering = .dmesgRaw
        head.messageStart = i
        if i < b.count && b[i] == UInt8(ascii: "[") {
            var sub = LineHead()
            let rest = ByteScan.slice(b, from: i)
            if detectBracketUptime(rest, &sub) {
                head.stampStart = sub.stampStart + i
                head.stampEnd = sub.stampEnd + i
                head.uptimeStart = sub.uptimeStart + i
                head.uptimeEnd = sub.uptimeEnd + i
                head.messageStart = i + (sub.rendering == .journalMonotonic ? stampMessageStart(rest) : sub.messageStart)
            }
        }
        return true
    }

    private func stampMessageStart(_ b: Bytes) -> Int {
        var i = (ByteScan.find(b, byte: UInt8(ascii: "]")) ?? 0) + 1
        if i < b.count && b[i] == 32 { i += 1 }
        return i
    }

    // `6,1234,5678901,-;msg` (a /dev/kmsg record: priority, sequence, µs since boot, flags[, more];).
    private func detectKmsg(_ b: Bytes, _ head: inout LineHead) -> Bool {
        var i = 0
        guard Self.digits(b, &i, min: 1, max: 5), i < b.count, b[i] == UInt8(ascii: ",") else { return false }
        i += 1
        guard Self.digits(b, &i, min: 1, max: 20), i < b.count, b[i] == UInt8(ascii: ",") else { return false }
        i += 1
        let ts = i
        guard Self.digits(b, &i, min: 1, max: 20), i < b.count, b[i] == UInt8(ascii: ",") else { return false }
        let tsEnd = i
        let limit = min(b.count, i + 128)
        guard let semicolon = ByteScan.find(b, byte: UInt8(ascii: ";"), from: i, to: limit) else { return false }
        head.rendering = .kmsg
        head.stampStart = ts
        head.stampEnd = tsEnd
        head.uptimeStart = ts
        head.uptimeEnd = tsEnd
        head.uptimeInMicroseconds = true
        head.messageStart = semicolon + 1
        return true
    }

    // `2026-11-26T10:00:00,123456+00:00 msg` (dmesg iso: comma before the fraction) or
    // `2026-11-26T10:00:00.123456+01:00 host kernel: msg` (RFC 3339 syslog, journalctl short-iso).
    private func detectISO(_ b: Bytes, _ head: inout LineHead) -> Bool {
        var i = 0
        guard Self.digits(b, &i, min: 4, max: 4), Self.expect(b, &i, "-"), Self.digits(b, &i, min: 2, max: 2),
              Self.expect(b, &i, "-"), Self.digits(b, &i, min: 2, max: 2), i < b.count,
              b[i] == UInt8(ascii: "T") || b[i] == 32
        else { return false }
        i += 1
        guard Self.clock(b, &i) else { return false }
        var commaFraction = false
        if i < b.count && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",")) {
            commaFraction = b[i] == UInt8(ascii: ",")
            i += 1
            guard Self.digits(b, &i, min: 1, max: 9) else { return false }
        }
        if i < b.count && b[i] == UInt8(ascii: "Z") {
            i += 1
        } else if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
            i += 1
            guard Self.digits(b, &i, min: 2, max: 2) else { return false }
            if i < b.count && b[i] == UInt8(ascii: ":") { i += 1 }
            guard Self.digits(b, &i, min: 2, max: 2) else { return false }
        }
        guard i >= b.count || b[i] == 32 else { return false }
        head.stampStart = 0
        head.stampEnd = i
        if i < b.count { i += 1 }
        head.messageStart = i
        if commaFraction {
            head.rendering = .dmesgISO
            return true
        }
        head.rendering = .syslogISO
        if let (identStart, identEnd, messageStart, _) = Self.syslogTag(b, from: i) {
            head.identStart = identStart
            head.identEnd = identEnd
            head.isKernel = identEnd - identStart == 6
                && ByteScan.hasPrefix(b, at: identStart, "kernel")
            head.messageStart = messageStart
            Self.innerUptime(b, &head)
        } else {
            head.rendering = .dmesgISO
        }
        return true
    }

    // `Nov 26 10:00:00 host kernel: [ 123.456] msg`, `апр 28 01:23:30 PC kernel: msg`,
    // `avril 16 21:08:50 systemd-oomd[93234]: msg` (host optional), `.123456` after the seconds allowed.
    private func detectSyslog(_ b: Bytes, _ head: inout LineHead) -> Bool {
        var i = 0
        guard Self.skipWord(b, &i), i <= 16, Self.skipSpaces1(b, &i), Self.digits(b, &i, min: 1, max: 2),
              Self.skipSpaces1(b, &i), Self.clock(b, &i)
        else { return false }
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            guard Self.digits(b, &i, min: 1, max: 9) else { return false }
        }
        guard i < b.count, b[i] == 32 else { return false }
        let stampEnd = i
        i += 1
        guard let (identStart, identEnd, messageStart, _) = Self.syslogTag(b, from: i) else { return false }
        head.rendering = .syslog
        head.stampStart = 0
        head.stampEnd = stampEnd
        head.identStart = identStart
        head.identEnd = identEnd
        head.isKernel = identEnd - identStart == 6 && ByteScan.hasPrefix(b, at: identStart, "kernel")
        head.messageStart = messageStart
        Self.innerUptime(b, &head)
        return true
    }

    /// The kernel's own `[ 7097.004932] ` at the start of a syslog message.
    private static func innerUptime(_ b: Bytes, _ head: inout LineHead) {
        var i = head.messageStart
        guard i < b.count, b[i] == UInt8(ascii: "[") else { return }
        i += 1
        ByteScan.skipSpaces(b, &i)
        let start = i
        while i < b.count && ByteScan.isDigit(b[i]) { i += 1 }
        guard i > start, i < b.count, b[i] == UInt8(ascii: ".") else { return }
        i += 1
        while i < b.count && ByteScan.isDigit(b[i]) { i += 1 }
        guard i < b.count, b[i] == UInt8(ascii: "]") else { return }
        head.uptimeStart = start
        head.uptimeEnd = i
        i += 1
        if i < b.count && b[i] == 32 { i += 1 }
        head.messageStart = i
    }

    /// `[host ]ident[pid]: ` starting at `from`. Returns the ident range (without `[pid]`), the
    /// message start and whether a host token preceded the ident.
    static func syslogTag(_ b: Bytes, from: Int) -> (Int, Int, Int, Bool)? {
        var i = from
        let firstStart = i
        while i < b.count && b[i] != 32 && i - firstStart < 256 { i += 1 }
        guard i > firstStart else { return nil }
        if b[i - 1] == UInt8(ascii: ":") && (i >= b.count || b[i] == 32) {
            // No host: `systemd-oomd[93234]: msg`.
            let (s, e) = identRange(b, firstStart, i - 1)
            return (s, e, min(i + 1, b.count), false)
        }
        guard i < b.count else { return nil }
        i += 1
        let secondStart = i
        while i < b.count && b[i] != 32 && i - secondStart < 256 { i += 1 }
        guard i > secondStart + 1, b[i - 1] == UInt8(ascii: ":"), i >= b.count || b[i] == 32 else { return nil }
        let (s, e) = identRange(b, secondStart, i - 1)
        return (s, e, min(i + 1, b.count), true)
    }

    private static func identRange(_ b: Bytes, _ lo: Int, _ hi: Int) -> (Int, Int) {
        if hi > lo, b[hi - 1] == UInt8(ascii: "]"), let open = ByteScan.find(b, byte: UInt8(ascii: "["), from: lo, to: hi) {
            return (lo, open)
        }
        return (lo, hi)
    }

    private static func skipWord(_ b: Bytes, _ i: inout Int) -> Bool {
        let start = i
        while i < b.count && b[i] != 32 && b[i] != UInt8(ascii: "]") && i - start < 24 { i += 1 }
        return i > start && i < b.count && b[i] == 32
    }

    private static func skipSpaces1(_ b: Bytes, _ i: inout Int) -> Bool {
        let start = i
        while i < b.count && b[i] == 32 { i += 1 }
        return i > start
    }

    private static func digits(_ b: Bytes, _ i: inout Int, min: Int, max: Int) -> Bool {
        let start = i
        while i < b.count && ByteScan.isDigit(b[i]) && i - start < max { i += 1 }
        return i - start >= min
    }

    private static func expect(_ b: Bytes, _ i: inout Int, _ c: Unicode.Scalar) -> Bool {
        guard i < b.count, b[i] == UInt8(ascii: c) else { return false }
        i += 1
        return true
    }

    /// `hh:mm:ss`
    private static func clock(_ b: Bytes, _ i: inout Int) -> Bool {
        digits(b, &i, min: 2, max: 2) && expect(b, &i, ":") && digits(b, &i, min: 2, max: 2)
            && expect(b, &i, ":") && digits(b, &i, min: 2, max: 2)
    }
}

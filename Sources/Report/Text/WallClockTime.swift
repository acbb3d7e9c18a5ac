/// A wall-clock time read from a kernel log's ISO-8601 string.
struct WallClockTime: Equatable {
    var epoch: Double
    /// The string had no UTC offset: it is the log machine's local time, read here as if UTC.
    var offsetUnknown: Bool

    /// Parses `2025-11-26T09:41:07.512+00:00`, `…Z`, `…+0100`, `2025-11-26 09:41:07,512` and the same
    /// without an offset. Returns nil for anything else.
    init?(iso text: String) {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8...) -> Bool {
            guard i < b.count, c.contains(b[i]) else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(0x2D), let mo = digits(2), expect(0x2D), let d = digits(2),
              expect(0x54, 0x20), let h = digits(2), expect(0x3A), let mi = digits(2), expect(0x3A),
              let s = digits(2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var fraction = 0.0
        if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
            i += 1
            var scale = 0.1
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        var known = false
        if i < b.count {
            if b[i] == 0x5A || b[i] == 0x7A {
                i += 1
                known = true
            } else if b[i] == 0x2B || b[i] == 0x2D {
                let sign = b[i] == 0x2D ? -1 : 1
                i += 1
                guard let oh = digits(2) else { return nil }
                _ = expect(0x3A)
                let om = digits(2) ?? 0
                offset = sign * (oh * 3600 + om * 60)
                known = true
            }
        }
        guard i == b.count else { return nil }
        let day = Format.days(year: y, month: mo, day: d)
        epoch = Double(day * 86_400 + h * 3600 + mi * 60 + s - offset) + fraction
        offsetUnknown = !known
    }
}

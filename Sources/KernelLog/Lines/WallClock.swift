/// Turning the timestamps of the renderings into `EventTime`s: month names in several languages,
/// ISO-8601 strings, and civil dates from Unix time. Only called for lines that are kept.
enum WallClock {
    /// Month abbreviations (and a few full names) as `dmesg -T`, syslog and `journalctl` print them
    /// in English, German, French, Spanish, Italian, Portuguese and Russian locales. Lower case,
    /// without a trailing dot.
    static let months: [String: Int] = {
        var table: [String: Int] = [:]
        let names: [[String]] = [
            ["jan", "january", "januar", "jän", "janv", "janvier", "ene", "enero", "gen", "gennaio", "janeiro", "янв", "января", "январь"],
            ["feb", "february", "februar", "févr", "fevr", "février", "febrero", "febbraio", "fev", "fevereiro", "фев", "февраля", "февраль"],
            ["mar", "march", "mär", "mrz", "märz", "mars", "marzo", "março", "мар", "марта", "март"],
            ["apr", "april", "avr", "avril", "abr", "abril", "aprile", "апр", "апреля", "апрель"],
            ["may", "mai", "mayo", "mag", "maggio", "maio", "мая", "май"],
            ["jun", "june", "juni", "juin", "junio", "giu", "giugno", "junho", "июн", "июня", "июнь"],
            ["jul", "july", "juli", "juil", "juillet", "julio", "lug", "luglio", "julho", "июл", "июля", "июль"],
            ["aug", "august", "août", "aout", "ago", "agosto", "авг", "августа", "август"],
            ["sep", "sept", "september", "septembre", "septiembre", "set", "settembre", "setembro", "сен", "сент", "сентября", "сентябрь"],
            ["oct", "october", "okt", "oktober", "octobre", "octubre", "ott", "ottobre", "out", "outubro", "окт", "октября", "октябрь"],
            ["nov", "november", "novembre", "noviembre", "novembro", "ноя", "нояб", "ноября", "ноябрь"],
            ["dec", "december", "dez", "dezember", "déc", "decembre", "décembre", "dic", "diciembre", "dicembre", "dezembro", "дек", "декабря", "декабрь"],
        ]
        for (index, list) in names.enumerated() {
            for name in list { table[name] = index + 1 }
        }
        return table
    }()

    /// The month number for a name as printed (`Nov`, `nov.`, `Mär`, `апр`), or nil when unknown.
    static func month(_ b: Bytes, _ lo: Int, _ hi: Int) -> Int? {
        var hi = hi
        if hi > lo && b[hi - 1] == UInt8(ascii: ".") { hi -= 1 }
        guard hi > lo else { return nil }
        // Fast path: ASCII English abbreviations.
        if hi - lo == 3 {
            let a = b[lo] | 0x20, c1 = b[lo + 1] | 0x20, c2 = b[lo + 2] | 0x20
            switch (a, c1, c2) {
            case (0x6a, 0x61, 0x6e): return 1
            case (0x66, 0x65, 0x62): return 2
            case (0x6d, 0x61, 0x72): return 3
            case (0x61, 0x70, 0x72): return 4
            case (0x6d, 0x61, 0x79): return 5
            case (0x6a, 0x75, 0x6e): return 6
            case (0x6a, 0x75, 0x6c): return 7
            case (0x61, 0x75, 0x67): return 8
            case (0x73, 0x65, 0x70): return 9
            case (0x6f, 0x63, 0x74): return 10
            case (0x6e, 0x6f, 0x76): return 11
            case (0x64, 0x65, 0x63): return 12
            default: break
            }
        }
        let name = ByteScan.string(b, lo, hi).lowercased()
        return months[name]
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func iso(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                    fraction: String?, offset: String?) -> String {
        var s = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if let fraction, !fraction.isEmpty { s += "." + fraction }
        if let offset { s += offset }
        return s
    }

    /// `2026-11-26T10:00:00.123456Z` from microseconds since the Unix epoch.
    static func iso(unixMicroseconds us: Int) -> String {
        let seconds = us >= 0 ? us / 1_000_000 : (us - 999_999) / 1_000_000
        let micros = us - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = civil(daysSinceEpoch: days)
        return iso(year: y, month: m, day: d, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
                   second: secondOfDay % 60, fraction: pad(micros, 6), offset: "Z")
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civil(daysSinceEpoch z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    private static func number(_ b: Bytes, _ i: inout Int) -> Int? {
        ByteScan.parseInt(b, &i)
    }

    private static func skip(_ b: Bytes, _ i: inout Int) {
        while i < b.count && (b[i] == 32 || b[i] == UInt8(ascii: ":")) { i += 1 }
    }

    /// `26 10:00:00`: a day of the month, then the time of day; `i` ends after the seconds.
    private static func dayAndTime(_ b: Bytes, _ i: inout Int) -> (Int, Int, Int, Int)? {
        guard let day = number(b, &i) else { return nil }
        skip(b, &i)
        guard let h = number(b, &i) else { return nil }
        i += 1
        guard let mi = number(b, &i) else { return nil }
        i += 1
        guard let s = number(b, &i) else { return nil }
        return (day, h, mi, s)
    }

    /// The wall-clock time of a line, from its head, as ISO-8601; nil when it has none or the month
    /// name is unknown or the year is neither printed nor assumed.
    static func wallClock(_ b: Bytes, _ head: LineHead, assumedYear: Int?) -> String? {
        guard head.stampStart >= 0 else { return nil }
        switch head.rendering {
        case .dmesgISO, .syslogISO:
            return isoStamp(b, head.stampStart, head.stampEnd)
        case .dmesgCtime:
            // `Thu Dec  7 00:05:15 2017`
            var i = head.stampStart
            while i < head.stampEnd && b[i] != 32 { i += 1 }
            while i < head.stampEnd && b[i] == 32 { i += 1 }
            let monthStart = i
            while i < head.stampEnd && b[i] != 32 { i += 1 }
            guard let month = month(b, monthStart, i) else { return nil }
            while i < head.stampEnd && b[i] == 32 { i += 1 }
            guard let (day, h, mi, s) = dayAndTime(b, &i) else { return nil }
            skip(b, &i)
            guard let year = number(b, &i) else { return nil }
            return iso(year: year, month: month, day: day, hour: h, minute: mi, second: s, fraction: nil, offset: nil)
        case .syslog:
            // `Nov 26 10:00:00[.123456]`
            var i = head.stampStart
            while i < head.stampEnd && b[i] != 32 { i += 1 }
            guard let month = month(b, head.stampStart, i), let year = assumedYear else { return nil }
            while i < head.stampEnd && b[i] == 32 { i += 1 }
            guard let (day, h, mi, s) = dayAndTime(b, &i) else { return nil }
            var fraction: String?
            if i < head.stampEnd && b[i] == UInt8(ascii: ".") {
                fraction = ByteScan.string(b, i + 1, head.stampEnd)
            }
            return iso(year: year, month: month, day: day, hour: h, minute: mi, second: s, fraction: fraction, offset: nil)
        default:
            return nil
        }
    }

    /// Normalises `2026-11-26T10:00:00,123456+0000` to `2026-11-26T10:00:00.123456+00:00`.
    static func isoStamp(_ b: Bytes, _ lo: Int, _ hi: Int) -> String? {
        guard hi - lo >= 19 else { return nil }
        var s = ByteScan.string(b, lo, lo + 10) + "T" + ByteScan.string(b, lo + 11, lo + 19)
        var i = lo + 19
        if i < hi && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",")) {
            let start = i + 1
            i += 1
            while i < hi && ByteScan.isDigit(b[i]) { i += 1 }
            s += "." + ByteScan.string(b, start, i)
        }
        if i < hi {
            if b[i] == UInt8(ascii: "Z") {
                s += "Z"
            } else {
                let sign = ByteScan.string(b, i, i + 1)
                let digits = String(ByteScan.string(b, i + 1, hi).filter { $0 != ":" })
                if digits.count == 4 {
                    s += sign + String(digits.prefix(2)) + ":" + String(digits.suffix(2))
                }
            }
        }
        return s
    }
}

extension EventTime {
    /// The time of a line, converted from the ranges the detector found.
    init(line b: Bytes, head: LineHead, assumedYear: Int?) {
        var text: String?
        if head.stampStart >= 0 {
            text = ByteScan.trimmedString(b, head.stampStart, head.stampEnd)
        }
        var uptime: Double?
        if head.uptimeStart >= 0 {
            if head.uptimeInMicroseconds {
                var i = head.uptimeStart
                if let us = ByteScan.parseInt(b, &i) { uptime = Double(us) / 1_000_000 }
            } else {
                uptime = ByteScan.parseSeconds(b, head.uptimeStart, head.uptimeEnd)
            }
            if head.rendering == .syslog || head.rendering == .syslogISO, let t = text {
                text = t + " [" + ByteScan.trimmedString(b, head.uptimeStart, head.uptimeEnd) + "]"
            }
        }
        self.init(text: text, uptimeSeconds: uptime,
                  wallClock: WallClock.wallClock(b, head, assumedYear: assumedYear))
    }
}

import Foundation

/// A unit of memory values in an input file.
public enum MemoryUnit: String, Sendable, Equatable, Codable, CaseIterable {
    case bytes, kib, mib, gib

    /// KiB per unit.
    public var kibFactor: Double {
        switch self {
        case .bytes: return 1.0 / 1024
        case .kib: return 1
        case .mib: return 1024
        case .gib: return 1024 * 1024
        }
    }

    /// Parses a unit as users and headers spell it: `bytes`/`b`, `KiB`/`kB`/`k`, `MiB`/`MB`/`m`,
    /// `GiB`/`GB`/`g`. Decimal spellings are taken as binary: psrecord, top and most tools that
    /// write "MB" mean MiB.
    public static func parse(_ text: String) -> MemoryUnit? {
        switch text.lowercased() {
        case "b", "byte", "bytes": return .bytes
        case "k", "kb", "kib", "kbytes": return .kib
        case "m", "mb", "mib", "mbytes": return .mib
        case "g", "gb", "gib", "gbytes": return .gib
        default: return nil
        }
    }
}

/// Options of `trend FILE.csv`: which columns to read and the memory unit.
public struct MemoryCSVOptions: Sendable, Equatable {
    /// Header name of the time column; by default the first whose name says time, elapsed or date.
    public var timeColumn: String?
    /// Header name of the memory column; by default psrecord's `Real (MB)`, else the first column
    /// whose name says rss, real, mem, resident, heap, used, bytes or value, else the first other.
    public var memoryColumn: String?
    /// Header name of a work column; none by default.
    public var workColumn: String?
    /// Overrides the unit detected from the memory column's header.
    public var unit: MemoryUnit?

    public init(timeColumn: String? = nil, memoryColumn: String? = nil, workColumn: String? = nil, unit: MemoryUnit? = nil) {
        self.timeColumn = timeColumn
        self.memoryColumn = memoryColumn
        self.workColumn = workColumn
        self.unit = unit
    }
}

/// A memory series read from a CSV file or a psrecord log.
///
/// psrecord log (`psrecord PID --log FILE`), whitespace-separated, MB meaning MiB:
/// ```
/// # Elapsed time   CPU (%)     Real (MB)   Virtual (MB)
///        0.000        0.000       10.312       17.980
///        0.100        2.000       10.441       17.980
/// ```
/// Grafana / Prometheus CSV export, values in bytes unless the header names a unit, time as ISO
/// 8601, epoch seconds or epoch milliseconds (all rows alike):
/// ```
/// "Time","Value"
/// "2024-05-01 10:00:00",104857600
/// "2024-05-01 10:00:15",105906176
/// ```
/// Delimiter: `,`, `;` or tab, whichever the header holds most of (outside quotes), else runs of
/// blanks. Fields may be quoted with `"` (`""` inside is a quote). Rows whose memory cell is empty,
/// `null`, `NaN` or `-` are skipped and counted; other unreadable cells are errors naming
/// file:line:column.
public struct MemoryCSV: Sendable, Equatable, Codable {
    /// `psrecord` or `csv`.
    public var format: String
    public var timeColumn: String
    public var memoryColumn: String
    public var workColumn: String?
    public var unit: MemoryUnit
    /// `header`, `option` or `default` (bytes, as Prometheus exports).
    public var unitSource: String
    /// Epoch seconds of the first row when the time column held absolute times.
    public var startEpochSeconds: Double?
    /// Seconds since the first row.
    public var times: [Double]
    public var memoryKiB: [Double]
    /// Work values, when a work column was chosen (`nil` cells for unreadable ones).
    public var work: [Double?]?
    /// Rows skipped for an empty or null memory cell.
    public var skippedRows: Int

    /// The largest series file read: a million rows of a memory series take ~50 MB.
    public static let maxFileBytes = 256 << 20

    /// Names for an error message: at most 8, each cut to 40 characters (a garbage header stays one line).
    static func columnList(_ names: [String]) -> String {
        let shown = names.prefix(8).map { "'" + ($0.count > 40 ? String($0.prefix(39)) + "…" : $0) + "'" }
        return shown.joined(separator: ", ") + (names.count > 8 ? ", … (\(names.count) columns)" : "")
    }

    /// Reads and parses a file (not on a hot path: Foundation's file read is fine here).
    /// - Throws: `.notFound`/`.io` for the file, `.invalidArgument` past `maxFileBytes`, or the parse errors
    ///   of `parse(bytes:)`.
    public static func read(path: String, options: MemoryCSVOptions = MemoryCSVOptions()) throws(SamplingError) -> MemoryCSV {
        let tooBig = { (size: Int) in
            SamplingError(.invalidArgument, file: path,
                          "is \(size >> 20) MiB or more; a memory series file is at most \(maxFileBytes >> 20) MiB")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
            throw tooBig(size)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SamplingError(FileManager.default.fileExists(atPath: path) ? .permission : .notFound, file: path,
                                FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
        }
        defer { try? handle.close() }
        // Bounded while reading too: a device or a pipe has no size to check first.
        let data: Data
        do {
            data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
        } catch {
            throw SamplingError(.io, file: path, "cannot read the file")
        }
        if data.count > maxFileBytes { throw tooBig(data.count) }
        return try parse(bytes: [UInt8](data), file: path, options: options)
    }

    /// Parses CSV or psrecord bytes.
    /// - Parameter file: the name used in errors.
    /// - Throws: `.malformed` or `.invalidArgument` with file:line:column.
    /// - Complexity: O(size).
    public static func parse(bytes: [UInt8], file: String = "input.csv", options: MemoryCSVOptions = MemoryCSVOptions()) throws(SamplingError) -> MemoryCSV {
        let text = String(decoding: bytes, as: UTF8.self)
        // "\r\n" is one Character in Swift: split on both.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw SamplingError(.malformed, file: file, line: 1, column: 1, "the file is empty")
        }
        let headerLine = lines[headerIndex]
        let psrecord = headerLine.hasPrefix("#") && headerLine.lowercased().contains("elapsed")
        let splitter: Splitter
        var header: [Cell]
        if psrecord {
            splitter = .blanks
            // Header names hold single spaces ("Elapsed time"): split on runs of two or more.
            header = splitHeaderOnWideGaps(headerLine)
        } else {
            splitter = Splitter.detect(headerLine)
            header = try splitter.split(headerLine, file: file, line: headerIndex + 1)
        }
        let names = header.map { $0.text.trimmingCharacters(in: .whitespaces) }
        func column(_ wanted: String?, option: String, fallback: () -> Int?) throws(SamplingError) -> Int? {
            guard let wanted else { return fallback() }
            if let i = names.firstIndex(of: wanted) ?? names.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) { return i }
            throw SamplingError(.invalidArgument, file: file, line: headerIndex + 1, column: 1,
                                "no column '\(wanted)' for \(option); the columns are \(columnList(names))")
        }
        let timeIndex = try column(options.timeColumn, option: "--time") {
            names.firstIndex { n in
                let l = n.lowercased()
                return l.contains("time") || l.contains("elapsed") || l.contains("date") || l == "t" || l == "ts"
            } ?? 0
        }!
        let workIndex = try column(options.workColumn, option: "--work-column") { nil }
        let memoryIndex = try column(options.memoryColumn, option: "--memory") {
            let others = names.indices.filter { $0 != timeIndex && $0 != workIndex }
            let keys = ["real", "rss", "resident", "mem", "heap", "used", "bytes", "value"]
            return others.first { i in keys.contains { names[i].lowercased().contains($0) } } ?? others.first
        }
        guard let memoryIndex else {
            throw SamplingError(.invalidArgument, file: file, line: headerIndex + 1, column: 1,
                                "no memory column besides the time column; the columns are \(columnList(names))")
        }
        var unit = MemoryUnit.bytes
        var unitSource = "default"
        if let override = options.unit {
            unit = override
            unitSource = "option"
        } else if let detected = detectUnit(names[memoryIndex]) {
            unit = detected
            unitSource = "header"
        }

        var rawTimes: [(value: Double, absolute: Bool)] = []
        var memory: [Double] = []
        var work: [Double?] = []
        var skipped = 0
        for lineIndex in (headerIndex + 1)..<lines.count {
            let line = lines[lineIndex]
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let cells = try splitter.split(line, file: file, line: lineIndex + 1)
            func cell(_ i: Int, _ what: String) throws(SamplingError) -> Cell {
                guard i < cells.count else {
                    throw SamplingError(.malformed, file: file, line: lineIndex + 1, column: line.count + 1,
                                        "the row has \(cells.count) fields; '\(names[i])' (\(what)) is field \(i + 1)")
                }
                return cells[i]
            }
            let m = try cell(memoryIndex, "memory")
            let mText = m.text.trimmingCharacters(in: .whitespaces)
            if ["", "null", "nan", "-", "none", "undefined"].contains(mText.lowercased()) {
                skipped += 1
                continue
            }
            guard let mValue = Double(mText), mValue.isFinite else {
                throw SamplingError(.malformed, file: file, line: lineIndex + 1, column: m.column,
                                    "cannot read '\(mText.prefix(40))' in column '\(names[memoryIndex])' as a number")
            }
            let t = try cell(timeIndex, "time")
            guard let time = parseTime(t.text.trimmingCharacters(in: .whitespaces)) else {
                throw SamplingError(.malformed, file: file, line: lineIndex + 1, column: t.column,
                                    "cannot read '\(t.text.prefix(40))' in column '\(names[timeIndex])' as a time (seconds, epoch milliseconds or ISO 8601)")
            }
            // Numeric times: epoch milliseconds (> 1e11), epoch seconds (> 1e9) or seconds elapsed.
            let normalized: (value: Double, absolute: Bool) = time.absolute ? time : (time.value > 1e11 ? (time.value / 1000, true) : (time.value, time.value > 1e9))
            if let first = rawTimes.first, first.absolute != normalized.absolute {
                throw SamplingError(.malformed, file: file, line: lineIndex + 1, column: t.column,
                                    "time '\(t.text.prefix(40))' is \(normalized.absolute ? "absolute" : "relative") but the first row's is not")
            }
            if let workIndex {
                let w = try cell(workIndex, "work")
                work.append(Double(w.text.trimmingCharacters(in: .whitespaces)))
            }
            rawTimes.append(normalized)
            memory.append(mValue * unit.kibFactor)
        }
        let t0 = rawTimes.first?.value ?? 0
        let start: Double? = rawTimes.first?.absolute == true ? t0 : nil
        let times = rawTimes.map { $0.value - t0 }
        return MemoryCSV(format: psrecord ? "psrecord" : "csv", timeColumn: names[timeIndex], memoryColumn: names[memoryIndex],
                         workColumn: workIndex.map { names[$0] }, unit: unit, unitSource: unitSource, startEpochSeconds: start,
                         times: times, memoryKiB: memory, work: workIndex == nil ? nil : work, skippedRows: skipped)
    }

    /// The unit a header names: `Real (MB)` → MiB, `rss_kib` → KiB, `process_resident_memory_bytes` → bytes.
    static func detectUnit(_ header: String) -> MemoryUnit? {
        let words = header.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        for word in words.reversed() {
            if let unit = MemoryUnit.parse(word), word.count > 1 || header.contains("(") { return unit }
        }
        return nil
    }

    /// Seconds (numeric, `absolute` false, maybe epoch) or epoch seconds from ISO 8601.
    static func parseTime(_ text: String) -> (value: Double, absolute: Bool)? {
        if let v = Double(text), v.isFinite { return (v, false) }
        return parseISO8601(text).map { ($0, true) }
    }

    /// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]`, without a zone taken as UTC.
    static func parseISO8601(_ text: String) -> Double? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var v = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += count
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = digits(2), expect(":"), let minute = digits(2) else { return nil }
        var second = 0.0
        if expect(":") {
            guard let s = digits(2) else { return nil }
            second = Double(s)
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                var scale = 0.1
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    second += Double(b[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        var offset = 0
        if i < b.count {
            if b[i] == UInt8(ascii: "Z") {
                i += 1
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let h = digits(2) else { return nil }
                _ = expect(":")
                guard let m = digits(2) else { return nil }
                offset = sign * (h * 3600 + m * 60)
            }
        }
        guard i == b.count else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86400 + hour * 3600 + minute * 60 - offset) + second
    }

    /// A field and the 1-based column where it starts.
    struct Cell {
        var text: String
        var column: Int
    }

    static func splitHeaderOnWideGaps(_ line: Substring) -> [Cell] {
        var cells: [Cell] = []
        let chars = Array(line.dropFirst())   // the leading '#'
        var i = 0
        while i < chars.count {
            while i < chars.count && chars[i] == " " { i += 1 }
            guard i < chars.count else { break }
            let start = i
            while i < chars.count && !(chars[i] == " " && (i + 1 >= chars.count || chars[i + 1] == " ")) { i += 1 }
            cells.append(Cell(text: String(chars[start..<i]), column: start + 2))
        }
        return cells
    }

    enum Splitter {
        case delimiter(Character)
        case blanks

        /// The delimiter the header holds most of, outside quotes.
        static func detect(_ header: Substring) -> Splitter {
            var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
            var quoted = false
            for c in header {
                if c == "\"" { quoted.toggle() } else if !quoted, counts[c] != nil { counts[c]! += 1 }
            }
            let best = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key != "," }!
            return best.value > 0 ? .delimiter(best.key) : .blanks
        }

        func split(_ line: Substring, file: String, line number: Int) throws(SamplingError) -> [Cell] {
            let chars = Array(line)
            var cells: [Cell] = []
            switch self {
            case .blanks:
                var i = 0
                while i < chars.count {
                    while i < chars.count && (chars[i] == " " || chars[i] == "\t") { i += 1 }
                    guard i < chars.count else { break }
                    let start = i
                    while i < chars.count && chars[i] != " " && chars[i] != "\t" { i += 1 }
                    cells.append(Cell(text: String(chars[start..<i]), column: start + 1))
                }
            case .delimiter(let d):
                var i = 0
                while true {
                    let start = i
                    var text = ""
                    // Leading blanks before a quote are allowed.
                    var j = i
                    while j < chars.count && chars[j] == " " { j += 1 }
                    if j < chars.count && chars[j] == "\"" {
                        i = j + 1
                        while true {
                            guard i < chars.count else {
                                throw SamplingError(.malformed, file: file, line: number, column: j + 1, "unterminated quoted field")
                            }
                            if chars[i] == "\"" {
                                if i + 1 < chars.count && chars[i + 1] == "\"" { text.append("\""); i += 2; continue }
                                i += 1
                                break
                            }
                            text.append(chars[i])
                            i += 1
                        }
                        while i < chars.count && chars[i] == " " { i += 1 }
                        if i < chars.count && chars[i] != d {
                            throw SamplingError(.malformed, file: file, line: number, column: i + 1, "unexpected text after a quoted field")
                        }
                    } else {
                        while i < chars.count && chars[i] != d { text.append(chars[i]); i += 1 }
                    }
                    cells.append(Cell(text: text, column: start + 1))
                    if i >= chars.count { break }
                    i += 1   // the delimiter
                }
            }
            return cells
        }
    }
}

import Foundation

/// Re-renders the messages of a real report into the other renderings the scanner accepts, the way
/// `dmesg`, `dmesg -T`, `dmesg --time-format iso`, `dmesg --raw`, `/dev/kmsg`, `journalctl -k` (short,
/// short-monotonic, short-iso, json) and syslog (traditional, RFC 3339) print them.
enum Rerender: String, CaseIterable {
    case dmesg, dmesgCtime, dmesgCtimeGerman, dmesgCtimeRussian, dmesgISO, dmesgRaw, kmsg, kmsgWithDictionary
    case journalShort, journalShortMonotonic, journalShortISO, journalJSON, journalJSONBytes
    case syslog, syslogWithUptime, syslogRFC3339

    /// The message of every line of a fixture: the line itself for plain fixtures, the part after
    /// `] ` for dmesg ones.
    static func messages(of text: String) -> [String] {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { line in
            if line.hasPrefix("["), let close = line.firstIndex(of: "]"),
               line[line.index(after: line.startIndex)..<close].contains("."),
               line[line.index(after: line.startIndex)..<close].allSatisfy({ $0 == " " || $0 == "." || $0.isNumber }) {
                var rest = line[line.index(after: close)...]
                if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                return String(rest)
            }
            return line
        }
    }

    /// Uptime of message `i`: 1234.500000 + i × 7 µs.
    static func uptimeMicros(_ i: Int) -> Int { 1_234_500_000 + i * 7 }

    static func uptimeText(_ i: Int) -> String {
        let us = uptimeMicros(i)
        let whole = String(us / 1_000_000)
        let frac = String(us % 1_000_000)
        let padded = String(repeating: " ", count: max(0, 5 - whole.count)) + whole
        return padded + "." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    func render(_ messages: [String]) -> String {
        var out = ""
        for (i, m) in messages.enumerated() {
            out += line(m, i) + "\n"
        }
        return out
    }

    /// Renders each message with the rendering `i % renderings.count`: mixed renderings in one file.
    static func mixed(_ messages: [String], _ renderings: [Rerender]) -> String {
        var out = ""
        for (i, m) in messages.enumerated() {
            out += renderings[i % renderings.count].line(m, i) + "\n"
        }
        return out
    }

    func line(_ m: String, _ i: Int) -> String {
        let up = Self.uptimeText(i)
        let us = Self.uptimeMicros(i)
        let second = 10 + (i / 1000) % 50
        switch self {
        case .dmesg: return "[\(up)] \(m)"
        case .dmesgCtime: return "[Thu Nov 26 10:00:\(second) 2026] \(m)"
        case .dmesgCtimeGerman: return "[Do Mär 26 10:00:\(second) 2026] \(m)"
        case .dmesgCtimeRussian: return "[Чт ноя 26 10:00:\(second) 2026] \(m)"
        case .dmesgISO: return "2026-11-26T10:00:\(second),\(String(format: "%06d", us % 1_000_000))+00:00 \(m)"
        case .dmesgRaw: return "<6>[\(up)] \(m)"
        case .kmsg: return "6,\(1000 + i),\(us),-;\(m)"
        case .kmsgWithDictionary: return "6,\(1000 + i),\(us),-;\(m)\n SUBSYSTEM=memory\n DEVICE=+memory:oom"
        case .journalShort: return "Nov 26 10:00:\(second) testhost kernel: \(m)"
        case .journalShortMonotonic: return "[\(up)] testhost kernel: \(m)"
        case .journalShortISO: return "2026-11-26T10:00:\(second)+0100 testhost kernel: \(m)"
        case .journalJSON, .journalJSONBytes:
            let realtime = 1_795_687_200_000_000 + us
            var object: [String: Any] = [
                "__REALTIME_TIMESTAMP": String(realtime),
                "__MONOTONIC_TIMESTAMP": String(us + 5),
                "_SOURCE_MONOTONIC_TIMESTAMP": String(us),
                "_TRANSPORT": "kernel",
                "SYSLOG_IDENTIFIER": "kernel",
                "PRIORITY": "6",
            ]
            object["MESSAGE"] = self == .journalJSONBytes ? Array(m.utf8).map { Int($0) } : m
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        case .syslog: return "Nov 26 10:00:\(second) testhost kernel: \(m)"
        case .syslogWithUptime: return "Nov 26 10:00:\(second) testhost kernel: [\(up)] \(m)"
        case .syslogRFC3339: return "2026-11-26T10:00:\(second).\(String(format: "%06d", us % 1_000_000))+01:00 testhost kernel: \(m)"
        }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One line of `journalctl -k -o json`:
///
///     {"__REALTIME_TIMESTAMP":"1764151200123456","__MONOTONIC_TIMESTAMP":"11272036465",
///      "_SOURCE_MONOTONIC_TIMESTAMP":"11272036465","_TRANSPORT":"kernel","SYSLOG_IDENTIFIER":"kernel",
///      "MESSAGE":"Memory cgroup out of memory: Killed process 6115 (tail) total-vm:68148kB, ..."}
///
/// `MESSAGE` is an array of bytes when the text is not valid UTF-8; timestamps are microseconds
/// as decimal strings.
struct JournalJSONLine: Decodable {
    enum Message: Decodable {
        case text(String)
        case bytes([UInt8])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                self = .text(s)
            } else {
                self = .bytes(try c.decode([UInt8].self))
            }
        }
    }

    var message: Message?
    var realtime: String?
    var monotonic: String?
    var sourceMonotonic: String?
    var identifier: String?
    var transport: String?

    enum CodingKeys: String, CodingKey {
        case message = "MESSAGE"
        case realtime = "__REALTIME_TIMESTAMP"
        case monotonic = "__MONOTONIC_TIMESTAMP"
        case sourceMonotonic = "_SOURCE_MONOTONIC_TIMESTAMP"
        case identifier = "SYSLOG_IDENTIFIER"
        case transport = "_TRANSPORT"
    }

    static func decode(_ line: Bytes) -> JournalJSONLine? {
        guard let base = line.baseAddress else { return nil }
        let data = Data(bytes: base, count: line.count)
        return try? JSONDecoder().decode(JournalJSONLine.self, from: data)
    }

    var messageBytes: [UInt8] {
        switch message {
        case .text(let s): return Array(s.utf8)
        case .bytes(let b): return b
        case nil: return []
        }
    }

    var origin: LineOrigin {
        if transport == "kernel" || identifier == "kernel" { return .kernel }
        switch identifier {
        case "systemd-oomd": return .systemdOomd
        case "earlyoom": return .earlyoom
        default: return .other
        }
    }

    var time: EventTime {
        var t = EventTime()
        if let realtime, let us = Int(realtime) {
            t.wallClock = WallClock.iso(unixMicroseconds: us)
            t.text = t.wallClock
        }
        if let mono = sourceMonotonic ?? monotonic, let us = Int(mono) {
            t.uptimeSeconds = Double(us) / 1_000_000
            if t.text == nil { t.text = String(t.uptimeSeconds!) }
        }
        return t
    }
}

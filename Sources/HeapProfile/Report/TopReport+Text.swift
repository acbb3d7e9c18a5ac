import Glibc

/// How reports print the profile's `Time:`: in the local time zone (as pprof does) or in UTC.
public enum TimeZoneStyle: Sendable, Codable { case local, utc }

extension ProfileHeader {
    /// pprof's `ProfileLabels` lines.
    public func lines(timeZone: TimeZoneStyle = .local) -> [String] {
        var out: [String] = []
        if let file { out.append("File: " + file) }
        if let buildID { out.append("Build ID: " + buildID) }
        out += comments
        if !sampleType.isEmpty { out.append("Type: " + sampleType) }
        if timeNanos != 0 { out.append("Time: " + Self.formatTime(timeNanos, timeZone)) }
        if durationNanos != 0 {
            out.append("Duration: \(Measurement.label(durationNanos, unit: "nanoseconds")), \(durationTotal)")
        }
        return out
    }

    /// Go's `Jan 2, 2006 at 3:04pm (MST)`.
    static func formatTime(_ nanos: Int64, _ zone: TimeZoneStyle) -> String {
        var seconds = time_t(nanos / 1_000_000_000)
        if nanos < 0 && nanos % 1_000_000_000 != 0 { seconds -= 1 }
        var t = tm()
        if zone == .utc { gmtime_r(&seconds, &t) } else { localtime_r(&seconds, &t) }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let month = months[Int(max(0, min(11, t.tm_mon)))]
        var hour = Int(t.tm_hour) % 12
        if hour == 0 { hour = 12 }
        let minute = Int(t.tm_min) < 10 ? "0\(t.tm_min)" : "\(t.tm_min)"
        let ampm = t.tm_hour < 12 ? "am" : "pm"
        let zoneName = zone == .utc ? "UTC" : (t.tm_zone.map { String(cString: $0) } ?? "UTC")
        return "\(month) \(t.tm_mday), \(Int(t.tm_year) + 1900) at \(hour):\(minute)\(ampm) (\(zoneName))"
    }
}

extension TopReport {
    /// Formats a value as pprof does in this report (`806kB`, `53.12kB`, `0`).
    public func format(_ value: Int64) -> String {
        Measurement.scaledLabel(value, from: unit.lowercased(), to: outputUnit)
    }

    /// pprof's header lines for this report (`Showing nodes accounting for ...`, `Dropped ...`).
    public func headerLines(timeZone: TimeZoneStyle = .local) -> [String] {
        var out = header.lines(timeZone: timeZone)
        if !activeFilters.isEmpty {
            out.append("Active filters:")
            for f in activeFilters { out.append("   " + (f.count > 80 ? String(f.prefix(80)) + "…" : f)) }
        }
        let pct = Measurement.percentage(shownFlat, of: total).trimmingLeadingSpaces
        out.append("Showing nodes accounting for \(format(shownFlat)), \(pct) of \(format(total)) total")
        if total != 0 {
            if droppedNodes > 0 {
                out.append("Dropped \(droppedNodes) node\(droppedNodes > 1 ? "s" : "") (cum <= \(format(dropCutoff)))")
            }
            if !rows.isEmpty && rows.count < nodesBeforeLimit {
                out.append("Showing top \(rows.count) nodes out of \(nodesBeforeLimit)")
            }
        }
        return out
    }

    /// The report as `go tool pprof -top` prints it, line for line.
    public func text(timeZone: TimeZoneStyle = .local) -> String {
        var out = headerLines(timeZone: timeZone).joined(separator: "\n") + "\n"
        out += "      flat  flat%   sum%        cum   cum%\n"
        var sum: Int64 = 0
        for row in rows {
            sum &+= row.flat
            let inline = row.inline.map { " " + $0 } ?? ""
            out += Measurement.pad(format(row.flat), 10) + " " + Measurement.percentage(row.flat, of: total) + " "
                + Measurement.percentage(sum, of: total) + " " + Measurement.pad(format(row.cum), 10) + " "
                + Measurement.percentage(row.cum, of: total) + "  " + Terminal.safe(row.name) + inline + "\n"
        }
        return out
    }
}

extension String {
    var trimmingLeadingSpaces: String { String(drop(while: { $0 == " " })) }
}

/// Profile strings are attacker-controlled: control characters are made visible before printing.
enum Terminal {
    static func safe(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || (0x80...0x9f).contains($0.value) }) else {
            return s
        }
        var out = ""
        for u in s.unicodeScalars {
            if u == "\t" {
                out += "    "  // source lines: a tab is layout, shown as spaces
            } else if u.value < 0x20 || u.value == 0x7f || (0x80...0x9f).contains(u.value) {
                out += "\\x" + String(u.value, radix: 16)
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

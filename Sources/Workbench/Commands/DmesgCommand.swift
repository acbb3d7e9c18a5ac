import Foundation
import KernelLog

/// `dmesg [SOURCE...]`: every OOM kill in the kernel log, explained.
struct DmesgCommand: Command {
    static let spec = CommandSpec(
        "dmesg", aliases: ["oom"], group: "Kernel log",
        summary: "find and explain every OOM kill in the kernel log (live, files, or the journal)",
        discussion: """
            Without a SOURCE it reads the live ring buffer from /dev/kmsg (root, or kernel.dmesg_restrict=0). \
            A SOURCE is a file in any rendering (dmesg, dmesg -T, --time-format iso, --raw, /dev/kmsg records, \
            journalctl -k in short, iso, monotonic or json form, syslog/kern.log), or - for standard input. \
            Renderings may be mixed line by line. A field the log does not show is null in --json, never 0.
            """,
        arguments: [ArgumentSpec("SOURCE", .file, help: "a kernel log file, or - for standard input", optional: true, repeating: true)],
        flags: [FlagSpec("journal", help: "read the journal's kernel messages (journalctl -k)"),
                FlagSpec("since", value: "TIME", help: "only events after TIME: a duration back from now (30m, 2h) or an ISO date-time"),
                FlagSpec("follow", short: "f", help: "wait for new kills on the live log until Ctrl-C"),
                FlagSpec("all", help: "also list look-alikes: allocation failures, systemd-oomd and earlyoom kills")],
        examples: ["dmesg", "dmesg /var/log/kern.log --since 2h", "oom --journal --all", "dmesg --follow", "dmesg - --json"],
        role: .experiment)

    struct Result: Codable, Sendable {
        var sources: [String]
        var events: [OOMEvent]
        var lookalikes: [Lookalike]
        var repeated: [RepeatedKill]
    }

    let sources: [String]
    let journal: Bool
    let since: String?
    let follow: Bool
    let all: Bool

    init(_ arguments: ParsedArguments) throws {
        sources = arguments.arguments("SOURCE")
        journal = arguments.isSet("journal")
        since = arguments.value("since")
        follow = arguments.isSet("follow")
        all = arguments.isSet("all")
    }

    func validate(in context: CommandContext) throws {
        if follow && (!sources.isEmpty || journal) {
            throw WorkbenchError("dmesg: --follow reads the live log; it takes no SOURCE and no --journal")
        }
        if let since { _ = try SinceFilter(since) }
        for s in sources where s != "-" && !FileManager.default.isReadableFile(atPath: s) {
            throw WorkbenchError("dmesg: cannot read '\(s)'" + (FileManager.default.fileExists(atPath: s) ? ": permission denied" : ": no such file"))
        }
    }

    func run(in context: CommandContext) throws -> CommandResult {
        var options = KernelLogScanner.Options()
        options.assumedYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        var scan: KernelLogScan
        var names: [String]
        do {
            if follow {
                names = ["/dev/kmsg"]
                scan = KernelLogScan()
                var collected = KernelLogScan()
                context.stream("following /dev/kmsg for OOM kills; Ctrl-C to stop\n")
                try KernelLogScanner.follow(KmsgLogSource(), options: options, shouldStop: context.isInterrupted,
                                            onEvent: { event in
                                                collected.events.append(event)
                                                context.stream(Self.row(event, index: collected.events.count) + "\n")
                                            },
                                            onLookalike: { collected.lookalikes.append($0) })
                scan = collected
            } else {
                var list: [any KernelLogSource] = sources.map { FileLogSource(path: $0) }
                if journal { list.append(JournalLogSource(format: .json)) }
                if list.isEmpty { list = [KmsgLogSource()] }
                names = list.map(\.name)
                scan = try KernelLogScanner.scan(list, options: options)
            }
        } catch let error as KernelLogError {
            throw WorkbenchError("dmesg: \(error)")
        }
        if names == ["/dev/kmsg"], let boot = BootClock.bootTime() {
            // The live buffer counts from boot: give its events the wall-clock time, as dmesg -T does.
            for i in scan.events.indices { BootClock.fill(&scan.events[i].time, boot: boot) }
            for i in scan.lookalikes.indices { BootClock.fill(&scan.lookalikes[i].time, boot: boot) }
        }
        if let since {
            let filter = try SinceFilter(since)
            scan.events = scan.events.filter { filter.keeps($0.time) }
            scan.lookalikes = scan.lookalikes.filter { filter.keeps($0.time) }
        }
        let result = Result(sources: names, events: scan.events, lookalikes: scan.lookalikes,
                            repeated: RepeatedKill.find(in: scan.events))
        return CommandResult(result, text: Self.text(result, showLookalikes: all))
    }

    static func row(_ e: OOMEvent, index: Int) -> String {
        let victim = e.victim.map { "\($0.name ?? "?") (\($0.pid.map(String.init) ?? "?"))" } ?? "none"
        return "\(index). \(when(e.time))  \(e.scope?.rawValue ?? "?")  killed \(victim)"
    }

    /// The best time a log line gives: its wall clock, else seconds since boot.
    static func when(_ t: EventTime) -> String {
        if let w = t.wallClock { return w }
        if let u = t.uptimeSeconds { return "[" + Format.fixed(u, 6) + "]" }
        return t.text ?? "-"
    }

    static func text(_ r: Result, showLookalikes: Bool) -> String {
        var out = ""
        if r.events.isEmpty {
            out += "no OOM kill in \(r.sources.joined(separator: ", "))\n"
        } else {
            var table = TextTable(["#", "time", "scope", "victim", "pid", "anon-rss", "cgroup", "usage", "limit"],
                                  align: [.right, .left, .left, .left, .right, .right, .left, .right, .right])
            for (i, e) in r.events.enumerated() {
                table.add(["\(i + 1)", when(e.time), e.scope?.rawValue ?? "?",
                           e.victim?.name ?? (e.noKillableProcesses ? "(none killable)" : "?"),
                           e.victim?.pid.map(String.init) ?? "-", Size.kib(e.victim?.anonRssKiB),
                           e.oomMemcg ?? e.taskMemcg ?? "-", Size.kib(e.memory?.usageKiB), Size.kib(e.memory?.limitKiB)])
            }
            out += "\(r.events.count) OOM kill\(r.events.count == 1 ? "" : "s") in \(r.sources.joined(separator: ", "))\n\n" + table.text
            for (i, e) in r.events.enumerated() {
                out += "\n\(i + 1). " + e.explanation().replacing("\n", with: "\n   ") + "\n"
            }
            for rep in r.repeated { out += "\n" + rep.summary + "\n" }
        }
        if !r.lookalikes.isEmpty {
            if showLookalikes {
                out += "\nlook-alikes (not kernel OOM kills):\n"
                for l in r.lookalikes { out += "  \(l.kind.rawValue)  \(when(l.time))  \(l.text)\n" }
            } else {
                out += "\n\(r.lookalikes.count) look-alike\(r.lookalikes.count == 1 ? "" : "s") (allocation failures, userspace killers) not shown; --all lists them\n"
            }
        }
        return out
    }
}

/// `--since`: a duration back from now, or an ISO 8601 date-time.
struct SinceFilter {
    let wallClock: Date
    let uptime: Double?

    init(_ text: String) throws {
        if let seconds = try? DurationValue.parse(text, what: "--since") {
            wallClock = Date().addingTimeInterval(-seconds)
            uptime = SinceFilter.currentUptime().map { $0 - seconds }
            return
        }
        guard let date = SinceFilter.parseISO(text) else {
            throw WorkbenchError("dmesg: '\(text)' is not a valid --since; use a duration (30m, 2h) or a date-time (2026-11-26T10:00:00Z)")
        }
        wallClock = date
        uptime = nil
    }

    func keeps(_ time: EventTime) -> Bool {
        if let w = time.wallClock, let d = SinceFilter.parseISO(w) { return d >= wallClock }
        if let uptime, let u = time.uptimeSeconds { return u >= uptime }
        return true  // an event with no usable time is kept rather than silently dropped
    }

    static func parseISO(_ text: String) -> Date? {
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
                                                      [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]] {
            let f = ISO8601DateFormatter()
            f.formatOptions = options
            if let d = f.date(from: text.replacing(",", with: ".")) { return d }
        }
        return nil
    }

    static func currentUptime() -> Double? {
        guard let s = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8) else { return nil }
        return Double(s.split(separator: " ").first ?? "")
    }
}

/// The wall-clock time of boot, to date records of the live kernel buffer (which count from boot).
enum BootClock {
    static func bootTime() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingWhitespace())
        }
        return nil
    }

    static func fill(_ time: inout EventTime, boot: Double) {
        guard time.wallClock == nil, let u = time.uptimeSeconds else { return }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        time.wallClock = f.string(from: Date(timeIntervalSince1970: boot + u))
    }
}

import Analysis
import Foundation
import HTTPFetch
import KernelLog
import Notebook
import ProcessSampling

/// The structured result of `sample`, `trend` and `correlate`.
struct SampleResult: Encodable, Sendable {
    struct Target: Encodable, Sendable {
        var pid: Int32?
        var name: String
        var startTime: UInt64?
        var cgroup: String?
        var commandLine: [String]?
    }
    struct End: Encodable, Sendable {
        var reason: String
        var exitStatus: ChildExit?
        var oomKillsDuringSampling: UInt64?
        /// The kernel's report of the kill, when the live log has one for this pid.
        var kernelEvent: OOMEvent?
    }
    struct Sampling: Encodable, Sendable {
        var intervalSeconds: Double
        var achievedIntervalSeconds: Double?
        var jitterP50Milliseconds: Double?
        var jitterP99Milliseconds: Double?
        var missedDeadlines: Int
        var work: String?
        var workErrors: Int
        var firstWorkError: String?
    }
    var target: Target
    /// Wall-clock time of the first sample (epoch seconds).
    var startedAt: Double?
    var samples: [Sample]
    var end: End
    var sampling: Sampling?
    var source: String?
    var analysis: TrendAnalysis
}

enum SampleText {
    /// The chart of a series and the analysis behind its verdict.
    static func render(_ r: SampleResult, width: Int) -> String {
        let memory = r.samples.compactMap { $0.memoryKiB.map { Double($0) } }
        var out = ""
        let who = r.target.pid.map { "\(r.target.name) (pid \($0))" } ?? r.target.name
        let span = r.samples.last?.t ?? 0
        out += "\(who): \(r.samples.count) samples over \(Format.seconds(span))"
        if let s = r.sampling {
            out += ", every \(Format.seconds(s.intervalSeconds))"
            if let p50 = s.jitterP50Milliseconds, let p99 = s.jitterP99Milliseconds {
                out += " (jitter p50 \(Format.fixed(p50, 2)) ms, p99 \(Format.fixed(p99, 2)) ms)"
            }
        }
        out += "; ended: \(r.end.reason)"
        if case .exited(let c)? = r.end.exitStatus { out += " with status \(c)" }
        if case .signaled(let s)? = r.end.exitStatus { out += " by signal \(s)" }
        out += "\n"
        if let e = r.end.kernelEvent {
            out += "kernel: OOM-killed in \(e.oomMemcg ?? e.taskMemcg ?? "the machine") at \(DmesgCommand.when(e.time)), anon-rss \(Size.kib(e.victim?.anonRssKiB))\n"
        }
        if let first = memory.first, let last = memory.last {
            out += "memory \(Size.kib(Int(first))) → \(Size.kib(Int(last))), peak \(Size.kib(Int(memory.max()!)))"
            if let limit = r.samples.last(where: { $0.cgroupLimitKiB != nil })?.cgroupLimitKiB {
                out += ", cgroup limit \(Size.kib(Int(limit)))"
            }
            out += "\n\n" + Chart.blocks(memory, limit: r.samples.last(where: { $0.cgroupLimitKiB != nil })?.cgroupLimitKiB.map { Double($0) }, width: width) + "\n"
        }
        let a = r.analysis
        out += "verdict: \(a.verdict.rawValue) — \(a.reason)\n"
        if let slope = a.slopeKiBPerSecond {
            out += "slope: \(Format.fixed(slope * 60 / 1024, 2)) MiB/min"
            if let lo = a.slopeInterval?.lower, let hi = a.slopeInterval?.upper {
                out += " [\(Format.fixed(lo * 60 / 1024, 2)), \(Format.fixed(hi * 60 / 1024, 2))]"
            }
            if let p = a.mannKendallP { out += ", Mann–Kendall \(Format.p(p))" }
            if a.cycles > 0 { out += ", \(a.cycles) GC cycles" }
            out += "\n"
        }
        if let secs = a.forecast.secondsToLimit, let limit = a.forecast.limitKiB {
            out += "forecast: \(Size.kib(Int(limit))) (\(a.forecast.limitSource ?? "limit")) reached in \(Format.seconds(secs))"
            if let lo = a.forecast.secondsInterval?.lower, let hi = a.forecast.secondsInterval?.upper {
                out += " [\(Format.seconds(lo)), \(Format.seconds(hi))]"
            }
            out += "\n"
        }
        if let w = a.work {
            if let c = w.correlation { out += "work: correlation \(Format.fixed(c, 2))" }
            if let k = w.kibPerUnit { out += ", \(Format.fixed(k, 2)) KiB retained per unit of work" }
            out += "\n"
        }
        return out
    }

    static func analysis(times: [Double], memory: [Double?], work: [Double?]?, limit: Double?, memTotal: Double?) throws -> TrendAnalysis {
        do {
            return try TrendAnalyzer.analyze(TrendInput(times: times, memoryKiB: memory, work: work, limitKiB: limit, memTotalKiB: memTotal))
        } catch { throw WorkbenchError("\(error)") }
    }

    static func memTotalKiB() -> Double? {
        (try? Meminfo.memTotalKiB()).map { Double($0) }
    }
}

/// `sample TARGET`
struct SampleCommand: Command {
    static let spec = CommandSpec(
        "sample", group: "Processes", summary: "sample a process's (or cgroup's) memory over time and judge its trend",
        discussion: """
            TARGET is a pid, a process name, or cgroup:PATH. Samples are taken on absolute deadlines (no drift) from \
            /proc/PID/status (microseconds per sample) and the process's memory cgroup; --pss also reads \
            smaps_rollup, which costs milliseconds on big processes. Ctrl-C ends sampling and keeps every sample. \
            The verdict (growing, steady, warming-up, shrinking, insufficient-data) follows the GC troughs of a \
            sawtooth, so a garbage collector's teeth are not mistaken for a leak. --work samples a counter at \
            the same instants: http://HOST:PORT/metrics#metric{label="v"} (Prometheus text), file:PATH, or \
            cmd:COMMAND (typed commands only; a playbook needs --allow-shell).
            """,
        arguments: [ArgumentSpec("TARGET", .process, help: "a pid, a process name, or cgroup:PATH")],
        flags: [FlagSpec("every", value: "DURATION", kind: .duration, help: "time between samples (default 1s)"),
                FlagSpec("for", value: "DURATION", kind: .duration, help: "how long to sample (default 60s)"),
                FlagSpec("until-exit", help: "sample until the process exits (or Ctrl-C)"),
                FlagSpec("work", value: "SPEC", help: "a work counter to sample alongside"),
                FlagSpec("pss", help: "also read PSS from smaps_rollup (slower)")],
        examples: ["sample 4242 --every 200ms --for 15s", "sample api --work 'http://127.0.0.1:8080/metrics#http_requests_total'",
                   "sample cgroup:/kubepods/pod1 --every 5s --until-exit"],
        role: .experiment)

    let target: String
    let every: Double
    let duration: Double?
    let untilExit: Bool
    let work: String?
    let pss: Bool
    init(_ a: ParsedArguments) throws {
        target = a.argument("TARGET")!
        every = try a.value("every").map { try DurationValue.parse($0, what: "--every") } ?? 1
        duration = try a.value("for").map { try DurationValue.parse($0, what: "--for") }
        untilExit = a.isSet("until-exit")
        work = a.value("work")
        pss = a.isSet("pss")
    }

    func validate(in context: CommandContext) throws {
        if untilExit && duration != nil { throw WorkbenchError("sample: give --for or --until-exit, not both") }
        if every < 0.005 { throw WorkbenchError("sample: --every must be at least 5ms") }
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let resolved: ResolvedTarget
        let counter: (any WorkCounter)?
        do {
            resolved = try TargetResolver().resolve(try TargetSpec.parse(target))
            counter = try work.map {
                try WorkSpec.parse($0).makeCounter(allowCommand: context.workbench.allowCommands,
                                                    httpFetch: { url in try httpGet(url, timeout: 5, maxBytes: 16 << 20) })
            }
        } catch let e as SamplingError { throw WorkbenchError("sample: \(e)") }
        let pid = resolved.process?.pid
        let config = SamplerConfiguration(
            target: resolved, intervalSeconds: every, stop: untilExit ? .untilExit : .after(seconds: duration ?? 60), pss: pss,
            work: counter, oomKillCheck: { pid in KernelKills.event(forPid: pid) != nil })
        let startedAt = Date().timeIntervalSince1970
        var recent: [Double] = []
        let series: Series
        do {
            series = try Sampler(config).run(progress: { s in
                guard let m = s.memoryKiB else { return }
                recent.append(Double(m))
                if recent.count > 30 { recent.removeFirst() }
                let slope = s.t > 0 && recent.count > 1 ? (recent.last! - recent.first!) / max(s.t, 1) * 60 : 0
                context.progress("sample \(resolved.name)\(pid.map { " (\($0))" } ?? ""): \(Size.kib(Int(m)))  \(Chart.sparkline(recent))  \(slope >= 0 ? "+" : "")\(Size.kib(Int(slope)))/min  t=\(Format.seconds(s.t))")
            }, isCancelled: context.isInterrupted)
        } catch { throw WorkbenchError("sample: \(error)") }
        context.progress("")
        let columns = series.columns
        let analysis = try SampleText.analysis(times: columns.times, memory: columns.memoryKiB, work: columns.work,
                                               limit: series.cgroupLimitKiB.map { Double($0) },
                                               memTotal: series.memTotalKiB.map { Double($0) } ?? SampleText.memTotalKiB())
        let kernelEvent = series.endReason == .oomKilled ? pid.flatMap { KernelKills.event(forPid: $0) } : nil
        let result = SampleResult(
            target: .init(pid: pid, name: resolved.name, startTime: resolved.process?.startTimeTicks,
                          cgroup: resolved.cgroup?.path, commandLine: resolved.commandLine),
            startedAt: startedAt, samples: series.samples,
            end: .init(reason: series.endReason.rawValue, exitStatus: series.exitStatus,
                       oomKillsDuringSampling: series.oomKillsDuringSampling, kernelEvent: kernelEvent),
            sampling: .init(intervalSeconds: every, achievedIntervalSeconds: series.achievedIntervalSeconds,
                            jitterP50Milliseconds: series.jitterP50Milliseconds, jitterP99Milliseconds: series.jitterP99Milliseconds,
                            missedDeadlines: series.missedDeadlines, work: work, workErrors: series.workErrors,
                            firstWorkError: series.firstWorkError),
            source: nil, analysis: analysis)
        return CommandResult(result, text: SampleText.render(result, width: context.terminalWidth))
    }
}

/// Kernel OOM kills on the live log, looked up by victim pid.
enum KernelKills {
    static func event(forPid pid: Int32) -> OOMEvent? {
        guard let scan = try? KernelLogScanner.scan([KmsgLogSource()]) else { return nil }
        guard var e = scan.events.last(where: { $0.victim?.pid == Int(pid) }) else { return nil }
        if let boot = BootClock.bootTime() { BootClock.fill(&e.time, boot: boot) }
        return e
    }
}

/// `trend #N|FILE.csv`
struct TrendCommand: Command {
    static let spec = CommandSpec(
        "trend", group: "Processes", summary: "re-analyse a stored sample (#N) or a series recorded elsewhere (CSV)",
        discussion: """
            A CSV needs a time column and a memory column (chosen by header name, or with the flags), and may \
            have a work column. psrecord logs and Grafana/Prometheus CSV exports are read as they are; units come \
            from the header (bytes, KiB, MB/MiB, GiB) unless --unit says otherwise.
            """,
        arguments: [ArgumentSpec("SOURCE", .file, help: "#N (a stored sample) or a CSV file")],
        flags: [FlagSpec("time-column", value: "NAME", help: "the time column's header"),
                FlagSpec("memory-column", value: "NAME", help: "the memory column's header"),
                FlagSpec("work-column", value: "NAME", help: "a work counter column's header"),
                FlagSpec("unit", value: "UNIT", kind: .choice(["bytes", "KiB", "MiB", "GiB"]), help: "the memory column's unit"),
                FlagSpec("limit", value: "SIZE_MIB", kind: .number, help: "a memory limit in MiB, for the forecast")],
        examples: ["trend #4", "trend psrecord.log", "trend grafana.csv --memory-column 'container_memory_working_set_bytes'"],
        role: .experiment)

    let source: String
    let args: ParsedArguments
    let limitOverride: Double?
    init(_ a: ParsedArguments) throws {
        source = a.argument("SOURCE")!
        args = a
        if let v = a.value("limit") {
            guard let mib = Double(v), mib > 0 else { throw WorkbenchError("trend: '\(v)' is not a valid --limit; give MiB, e.g. 512") }
            limitOverride = mib * 1024
        } else {
            limitOverride = nil
        }
    }

    private func readCSV() throws -> MemoryCSV {
        let options = MemoryCSVOptions(timeColumn: args.value("time-column"), memoryColumn: args.value("memory-column"),
                                       workColumn: args.value("work-column"), unit: args.value("unit").flatMap(MemoryUnit.parse))
        do {
            return try MemoryCSV.read(path: source, options: options)
        } catch {
            throw WorkbenchError("trend: \(error)")
        }
    }

    func run(in context: CommandContext) throws -> CommandResult {
        if source.hasPrefix("#") {
            let result = try StoredSeries.load(source, context: context, command: "trend")
            let times = result.samples.map(\.t)
            let memory = result.samples.map { $0.memoryKiB.map { Double($0) } }
            let work: [Double?]? = result.samples.contains { $0.work != nil } ? result.samples.map(\.work) : nil
            let limit = limitOverride ?? result.samples.last(where: { $0.cgroupLimitKiB != nil })?.cgroupLimitKiB.map { Double($0) }
            var r = result
            r.analysis = try SampleText.analysis(times: times, memory: memory, work: work, limit: limit, memTotal: SampleText.memTotalKiB())
            r.source = source
            return CommandResult(r, text: SampleText.render(r, width: context.terminalWidth))
        }
        let csv = try readCSV()
        var samples: [Sample] = []
        for i in csv.times.indices {
            let work: Double? = csv.work.flatMap { $0[i] }
            samples.append(Sample(t: csv.times[i], rssKiB: UInt64(max(0, csv.memoryKiB[i])), work: work))
        }
        let analysis = try SampleText.analysis(times: csv.times, memory: csv.memoryKiB.map { $0 }, work: csv.work,
                                               limit: limitOverride, memTotal: nil)
        let result = SampleResult(target: .init(pid: nil, name: source, startTime: nil, cgroup: nil, commandLine: nil),
                                  startedAt: csv.startEpochSeconds, samples: samples, end: .init(reason: "recorded"),
                                  sampling: nil, source: "\(csv.format): \(csv.memoryColumn) (\(csv.unit.rawValue), \(csv.unitSource))",
                                  analysis: analysis)
        return CommandResult(result, text: "\(source): \(csv.format), time \(csv.timeColumn), memory \(csv.memoryColumn) in \(csv.unit.rawValue)\n"
                             + SampleText.render(result, width: context.terminalWidth))
    }
}

/// Samples stored by an earlier `sample`/`trend`, re-read from the notebook.
enum StoredSeries {
    static func load(_ ref: String, context: CommandContext, command: String) throws -> SampleResult {
        let id = try EntryRef.parse(ref)
        guard let entry = try context.store.entry(id) else { throw WorkbenchError("\(command): no result #\(id)") }
        guard ["sample", "trend", "correlate"].contains(entry.command), entry.status == .ok else {
            throw WorkbenchError("\(command): #\(id) is not a memory series (it is the result of '\(entry.command)')")
        }
        let json = JSONValue(lenient: entry.result)
        guard let rows = json.value(at: "samples")?.arrayValue, !rows.isEmpty else {
            throw WorkbenchError("\(command): #\(id) has no samples")
        }
        func u(_ v: JSONValue?) -> UInt64? { v?.numberValue.map { UInt64(max(0, $0)) } }
        let samples = rows.map { s in
            Sample(t: s["t"]?.numberValue ?? 0, rssKiB: u(s["rssKiB"]), anonKiB: u(s["anonKiB"]), fileKiB: u(s["fileKiB"]),
                   shmemKiB: u(s["shmemKiB"]), swapKiB: u(s["swapKiB"]), cgroupUsageKiB: u(s["cgroupUsageKiB"]),
                   cgroupLimitKiB: u(s["cgroupLimitKiB"]), pssKiB: u(s["pssKiB"]), work: s["work"]?.numberValue)
        }
        let t = json.value(at: "target")
        return SampleResult(
            target: .init(pid: t?["pid"]?.numberValue.map { Int32($0) }, name: t?["name"]?.stringValue ?? ref,
                          startTime: u(t?["startTime"]), cgroup: t?["cgroup"]?.stringValue, commandLine: nil),
            startedAt: json.value(at: "startedAt")?.numberValue, samples: samples,
            end: .init(reason: json.value(at: "end.reason")?.stringValue ?? "recorded"), sampling: nil, source: ref,
            analysis: TrendAnalysis(verdict: .insufficientData, reason: "", samples: 0, spanSeconds: 0))
    }
}

/// `correlate #N`
struct CorrelateCommand: Command {
    static let spec = CommandSpec(
        "correlate", group: "Processes", summary: "how a stored sample's memory follows its work counter: correlation and KiB per unit of work",
        arguments: [ArgumentSpec("ENTRY", .entry, help: "a stored sample taken with --work, as #N")],
        examples: ["correlate #4"], role: .experiment)

    let ref: String
    init(_ a: ParsedArguments) throws { ref = a.argument("ENTRY")! }

    func run(in context: CommandContext) throws -> CommandResult {
        var r = try StoredSeries.load(ref.hasPrefix("#") ? ref : "#" + ref, context: context, command: "correlate")
        guard r.samples.contains(where: { $0.work != nil }) else {
            throw WorkbenchError("correlate: \(ref) was sampled without --work; there is nothing to correlate")
        }
        r.analysis = try SampleText.analysis(times: r.samples.map(\.t), memory: r.samples.map { $0.memoryKiB.map { Double($0) } },
                                             work: r.samples.map(\.work),
                                             limit: r.samples.last(where: { $0.cgroupLimitKiB != nil })?.cgroupLimitKiB.map { Double($0) },
                                             memTotal: SampleText.memTotalKiB())
        var text = "\(r.target.name): memory against work over \(r.samples.count) samples\n"
        if let w = r.analysis.work {
            text += "correlation: \(w.correlation.map { Format.fixed($0, 3) } ?? "-") (Pearson), \(w.spearman.map { Format.fixed($0, 3) } ?? "-") (Spearman) over \(w.pairs) pairs\n"
            if let k = w.kibPerUnit {
                text += "retained: \(Format.fixed(k, 2)) KiB per unit of work"
                if let lo = w.kibPerUnitInterval?.lower, let hi = w.kibPerUnitInterval?.upper { text += " [\(Format.fixed(lo, 2)), \(Format.fixed(hi, 2))]" }
                text += "\n"
            }
        }
        text += "verdict: \(r.analysis.verdict.rawValue) — \(r.analysis.reason)\n"
        return CommandResult(r, text: text)
    }
}

/// `ps`
struct PsCommand: Command {
    static let spec = CommandSpec(
        "ps", group: "Processes", summary: "processes by memory: RSS, anon, file, swap, their cgroup and its usage/limit",
        flags: [FlagSpec("top", value: "N", kind: .number, help: "only the N biggest (default 15)"),
                FlagSpec("sort", value: "KEY", kind: .choice(["rss", "anon", "swap"]), help: "rss (default), anon or swap"),
                FlagSpec("cgroup", value: "PATH", help: "only processes in this memory cgroup (or below it)")],
        examples: ["ps", "ps --top 5 --sort anon", "ps --cgroup /kubepods"], role: .experiment)

    struct Result: Encodable, Sendable { var processes: [ProcessMemoryRow] }
    let options: ProcessListOptions
    init(_ a: ParsedArguments) throws {
        options = ProcessListOptions(top: try a.value("top").map { try Int.parse($0, what: "--top", atLeast: 1) } ?? 15,
                                     sort: ProcessListOptions.SortKey(rawValue: a.value("sort") ?? "rss") ?? .rss,
                                     cgroup: a.value("cgroup"))
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let rows: [ProcessMemoryRow]
        do { rows = try ProcessLister().list(options) } catch { throw WorkbenchError("ps: \(error)") }
        var table = TextTable(["pid", "name", "rss", "anon", "file", "swap", "cgroup", "usage", "limit"],
                              align: [.right, .left, .right, .right, .right, .right, .left, .right, .right])
        for r in rows {
            table.add([String(r.pid), r.name, Size.kib(Int(r.rssKiB)), Size.kib(r.anonKiB.map { Int($0) }), Size.kib(r.fileKiB.map { Int($0) }),
                       Size.kib(r.swapKiB.map { Int($0) }), r.cgroupPath ?? "-", Size.kib(r.cgroupUsageKiB.map { Int($0) }),
                       r.cgroupLimitKiB.map { Size.kib(Int($0)) } ?? (r.cgroupPath == nil ? "-" : "unlimited")])
        }
        return CommandResult(Result(processes: rows), text: rows.isEmpty ? "no process matches\n" : table.text)
    }
}

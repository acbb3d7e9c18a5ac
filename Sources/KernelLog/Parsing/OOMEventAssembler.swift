/// Hints the scanner computes cheaply for a line before the assembler looks at it: whether the line
/// contains `oom-killer` or `allocation failure` anywhere (found per chunk with `memmem`, so most lines
/// cost nothing here).
struct LineHints: OptionSet {
    let rawValue: UInt8
    static let oomKiller = LineHints(rawValue: 1)
    static let allocationFailure = LineHints(rawValue: 2)
}

/// Which program wrote a line, as far as the rendering tells (syslog/journal identifier).
enum LineOrigin {
    case kernel
    case systemdOomd
    case earlyoom
    case other
}

/// One line as the assembler sees it: the line's bytes, where its parts are, its number in the source.
struct LineContext {
    var line: Bytes
    var head: LineHead
    var number: Int
    var origin: LineOrigin
    /// Set for journal JSON lines, whose time is not in `line`.
    var fixedTime: EventTime?

    func time(assumedYear: Int?) -> EventTime {
        fixedTime ?? EventTime(line: line, head: head, assumedYear: assumedYear)
    }
}

/// The streaming OOM event assembler: an explicit state machine over classified lines.
///
/// It keeps only the parts of the report in progress (parsed, not raw lines), so its memory is bounded
/// by one report (the task table is capped at `maxTableRows`), never by the log.
///
/// States:
/// - `idle`: no report in progress.
/// - `collecting`: a report is in progress: a trigger (`X invoked oom-killer: ...`) or, when the
///   header was rate-limited away or grep-filtered out, any other part (`Task in`, `memory: usage`,
///   `oom-kill:constraint=`, the task table, `Kill process ... sacrifice child`).
/// - `afterVictim`: the victim line (`Killed process ...`, the event's anchor) was seen; the event is
///   emitted on its `oom_reaper:` line, on the next event's first line, after `reaperWaitLines` lines,
///   or at the end of input.
///
/// An event never swallows the next one: a trigger, a second victim, or a report part seen after a
/// victim always closes the event before it. A report that never reaches a victim is emitted with
/// `complete: false` when the next one starts, when it has been stale for `staleReportLines`, or at
/// the end.
struct OOMEventAssembler {
    struct Limits {
        var assumedYear: Int?
        var reaperWaitLines = 200
        var staleReportLines = 20_000
        var maxTableRows = 100_000
    }

    private enum State {
        case idle
        case collecting
        case afterVictim
    }

    /// The parts of the report in progress.
    private struct Report {
        var firstLine: Int?
        var lastLine = 0
        var firstTime: EventTime?
        var trigger: OOMTrigger?
        var triggerTime: EventTime?
        var cpuPid: Int?
        var cpuComm: String?
        var cpuset: String?
        var memsAllowed: String?
        var constraint: OOMLineParser.ConstraintLine?
        var taskIn: (task: String, limit: String)?
        var memory: OOMMemory?
        var table: TaskTable?
        var chosen: OOMChosen?
        var chosenTime: EventTime?
        var victim: OOMVictim?
        var victimTime: EventTime?
        var scopeHint: OOMEvent.Scope?
        var reaped: OOMReaped?
        var noKillable = false
        var noKillableTime: EventTime?

        var isMeaningful: Bool {
            trigger != nil || victim != nil || chosen != nil || noKillable || constraint != nil || taskIn != nil
                || memory != nil || table != nil
        }
    }

    /// What a kernel message is, decided from its bytes alone (no state is changed).
    private enum LineKind {
        case trigger(at: Int)
        case cpu
        case cpuset(at: Int)
        case constraint
        case taskIn
        case tasksState
        case memory
        case memsw
        case kmem
        case swap
        case tableHeader([String])
        case tableRow
        case victim(from: Int, scope: OOMEvent.Scope?)
        case chosen(from: Int, scope: OOMEvent.Scope?)
        case reaper
        case noKillable
        case lookalike(Lookalike.Kind)

        var isLookalike: Bool {
            if case .lookalike = self { return true }
            return false
        }
    }

    /// A report line held back until the next line shows whether it continues it (a hard-wrapped
    /// paste: the continuation has no timestamp while the held line had one).
    private struct Held {
        var bytes: [UInt8]
        var number: Int
        var time: EventTime
        var hadTimestamp: Bool
    }

    let source: String
    var limits: Limits
    private(set) var events: [OOMEvent] = []
    private(set) var lookalikes: [Lookalike] = []

    private var state = State.idle
    private var report = Report()
    private var linesSinceRelevant = 0
    private var linesAfterVictim = 0
    private var expectCPULines = 0
    private var tableOpen = false
    private var held: Held?

    init(source: String, limits: Limits) {
        self.source = source
        self.limits = limits
    }

    mutating func takeEvents() -> [OOMEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    mutating func takeLookalikes() -> [Lookalike] {
        defer { lookalikes.removeAll(keepingCapacity: true) }
        return lookalikes
    }

    /// Ends the input: emits what is pending.
    mutating func finish() {
        flushHeld()
        if state != .idle { emit() }
    }

    /// Emits an event that is only waiting for its `oom_reaper:` line (used by follow mode when the
    /// log goes quiet).
    mutating func flushWaitingVictim() {
        flushHeld()
        if state == .afterVictim { emit() }
    }

    // MARK: lines

    /// - Complexity: O(1) for lines that are not part of an OOM report (a switch on the first byte of
    ///   the message and a look at `hints`); O(length) for report lines.
    mutating func consume(_ ctx: LineContext, hints: LineHints) {
        let m = ByteScan.slice(ctx.line, from: ctx.head.messageStart)
        if held != nil {
            if Self.isBlank(m) { return }
            if continuesHeld(m, ctx) {
                held!.bytes.append(contentsOf: m)
                return
            }
            flushHeld()
        }
        tick()
        guard m.count > 0 else { return }
        if ctx.origin != .kernel {
            otherProgram(m, ctx)
            return
        }
        guard let kind = kind(of: m, hints: hints) else { return }
        linesSinceRelevant = 0
        if !kind.isLookalike && ctx.fixedTime == nil && shouldHold(kind, m, ctx) {
            held = Held(bytes: Array(m), number: ctx.number, time: ctx.time(assumedYear: limits.assumedYear),
                        hadTimestamp: ctx.head.stampStart >= 0)
            return
        }
        apply(kind, m, ctx)
    }

    /// Timestamped report lines wait one line for a possible continuation; untimestamped ones only
    /// when they are visibly cut (a row without its name, a victim line ending in `,`).
    private func shouldHold(_ kind: LineKind, _ m: Bytes, _ ctx: LineContext) -> Bool {
        if ctx.head.stampStart >= 0 { return true }
        switch kind {
        case .tableRow:
            guard let columns = report.table?.columns, tableOpen else { return false }
            return OOMLineParser.tableRow(m, columns: columns)?.cut ?? false
        case .victim:
            return Self.looksCut(m)
        default:
            return false
        }
    }

    private mutating func tick() {
        linesSinceRelevant += 1
        if expectCPULines > 0 { expectCPULines -= 1 }
        switch state {
        case .afterVictim:
            linesAfterVictim += 1
            if linesAfterVictim > limits.reaperWaitLines { emit() }
        case .collecting:
            if linesSinceRelevant > limits.staleReportLines { emit() }
        case .idle:
            break
        }
    }

    private static func isBlank(_ m: Bytes) -> Bool {
        for c in m where c != 32 && c != 9 { return false }
        return true
    }

    /// syslog/journal lines from systemd-oomd or earlyoom are look-alikes; other programs are ignored.
    private mutating func otherProgram(_ m: Bytes, _ ctx: LineContext) {
        switch ctx.origin {
        case .systemdOomd:
            if ByteScan.hasPrefix(m, "Killed ") || ByteScan.hasPrefix(m, "Considered ")
                || ByteScan.hasPrefix(m, "Marked ") {
                lookalike(.systemdOomd, m, ctx)
            }
        case .earlyoom:
            if ByteScan.find(m, "sending SIG") != nil || ByteScan.hasPrefix(m, "killing process ")
                || ByteScan.hasPrefix(m, "Killing process ") {
                lookalike(.earlyoom, m, ctx)
            }
        case .kernel, .other:
            break
        }
    }

    /// Classifies one kernel message.
    ///
    /// - Complexity: O(1) for most lines that are not part of a report: a switch on the first byte,
    ///   a prefix comparison, and the precomputed `hints`.
    private func kind(of m: Bytes, hints: LineHints) -> LineKind? {
        switch m[0] {
        case UInt8(ascii: "K"):
            if ByteScan.hasPrefix(m, "Killed process ") { return .victim(from: 15, scope: nil) }
            if ByteScan.hasPrefix(m, "Kill process ") { return .chosen(from: 13, scope: nil) }
            if ByteScan.hasPrefix(m, "Kernel panic - not syncing: Out of memory and no killable processes") {
                return .noKillable
            }
            if ByteScan.hasPrefix(m, "Killed /"), ByteScan.find(m, " due to memory pressure") != nil {
                return .lookalike(.systemdOomd)
            }
        case UInt8(ascii: "M"):
            if ByteScan.hasPrefix(m, "Memory cgroup out of memory: ") {
                return Self.killKind(m, from: 29, scope: .memcg)
            }
        case UInt8(ascii: "O"):
            if ByteScan.hasPrefix(m, "Out of memory") {
                if ByteScan.hasPrefix(m, at: 13, " and no killable processes") { return .noKillable }
                if let colon = ByteScan.find(m, ": ", from: 13, to: min(m.count, 64)) {
                    return Self.killKind(m, from: colon + 2, scope: .global)
                }
            }
        case UInt8(ascii: "T"):
            if ByteScan.hasPrefix(m, "Task in "), ByteScan.find(m, " killed as a result of limit of ") != nil {
                return .taskIn
            }
            if ByteScan.hasPrefix(m, "Tasks state") { return .tasksState }
        case UInt8(ascii: "m"):
            if ByteScan.hasPrefix(m, "memory: usage ") { return .memory }
            if ByteScan.hasPrefix(m, "memory+swap: usage ") { return .memsw }
        case UInt8(ascii: "k"):
            if ByteScan.hasPrefix(m, "kmem: usage ") { return .kmem }
        case UInt8(ascii: "s"):
            if ByteScan.hasPrefix(m, "swap: usage ") { return .swap }
            if ByteScan.hasPrefix(m, "sending SIGTERM to process ") || ByteScan.hasPrefix(m, "sending SIGKILL to process ") {
                return .lookalike(.earlyoom)
            }
        case UInt8(ascii: "o"):
            if ByteScan.hasPrefix(m, "oom-kill:") { return .constraint }
            if ByteScan.hasPrefix(m, "oom_reaper: reaped process ") { return .reaper }
        case UInt8(ascii: "v"):
            if ByteScan.hasPrefix(m, "vmalloc error:") || ByteScan.hasPrefix(m, "vmalloc: allocation failure") {
                return .lookalike(.vmallocFailure)
            }
        case UInt8(ascii: "p"):
            if ByteScan.hasPrefix(m, "page allocation failure") { return .lookalike(.pageAllocationFailure) }
        case UInt8(ascii: "C"):
            if expectCPULines > 0, ByteScan.hasPrefix(m, "CPU: ") { return .cpu }
        case UInt8(ascii: "P"):
            if expectCPULines > 0, ByteScan.hasPrefix(m, "Pid: ") { return .cpu }
        case UInt8(ascii: "["):
            if let columns = OOMLineParser.tableHeader(m) { return .tableHeader(columns) }
            if tableOpen, OOMLineParser.looksLikeRow(m) { return .tableRow }
        default:
            break
        }
        if hints.contains(.oomKiller), let k = ByteScan.find(m, " invoked oom-killer:", to: min(m.count, 96)) {
            return .trigger(at: k)
        }
        if hints.contains(.allocationFailure) {
            if ByteScan.find(m, "vmalloc: allocation failure", to: min(m.count, 96)) != nil {
                return .lookalike(.vmallocFailure)
            }
            if ByteScan.find(m, ": page allocation failure", to: min(m.count, 96)) != nil {
                return .lookalike(.pageAllocationFailure)
            }
        }
        if expectCPULines > 0, let name = report.trigger?.name, !name.isEmpty,
           let at = ByteScan.find(m, " cpuset=", to: min(m.count, name.utf8.count + 9)), at == name.utf8.count {
            return .cpuset(at: at)
        }
        return nil
    }

    private static func killKind(_ m: Bytes, from i: Int, scope: OOMEvent.Scope) -> LineKind? {
        if ByteScan.hasPrefix(m, at: i, "Killed process ") { return .victim(from: i + 15, scope: scope) }
        if ByteScan.hasPrefix(m, at: i, "Kill process ") || ByteScan.hasPrefix(m, at: i, "kill process ") {
            return .chosen(from: i + 13, scope: scope)
        }
        return nil
    }

    /// Feeds one classified message to the state machine.
    private mutating func apply(_ kind: LineKind, _ m: Bytes, _ ctx: LineContext) {
        switch kind {
        case .trigger(let k):
            if state != .idle { emit() }
            piece(ctx)
            report.trigger = OOMLineParser.trigger(m, at: k)
            report.triggerTime = report.firstTime
            expectCPULines = 4
        case .cpu:
            guard report.trigger != nil, report.cpuPid == nil else { return }
            piece(ctx)
            let (pid, comm) = OOMLineParser.cpuLine(m)
            report.cpuPid = pid
            report.cpuComm = comm
        case .cpuset(let at):
            piece(ctx)
            let (cpuset, mems) = OOMLineParser.cpusetLine(m, from: at)
            report.cpuset = cpuset
            report.memsAllowed = mems
        case .constraint:
            piece(ctx)
            report.constraint = OOMLineParser.constraint(m)
        case .taskIn:
            piece(ctx)
            report.taskIn = OOMLineParser.taskIn(m)
        case .tasksState:
            piece(ctx)
        case .memory:
            piece(ctx)
            let c = OOMLineParser.counter(m)
            var memory = report.memory ?? OOMMemory()
            memory.usageKiB = c.usageKiB
            memory.limitKiB = c.limitKiB
            memory.failcnt = c.failcnt
            report.memory = memory
        case .memsw:
            piece(ctx)
            report.memory = report.memory ?? OOMMemory()
            report.memory?.memsw = OOMLineParser.counter(m)
        case .kmem:
            piece(ctx)
            report.memory = report.memory ?? OOMMemory()
            report.memory?.kmem = OOMLineParser.counter(m)
        case .swap:
            piece(ctx)
            report.memory = report.memory ?? OOMMemory()
            report.memory?.swap = OOMLineParser.counter(m)
        case .tableHeader(let columns):
            if state == .collecting && report.table != nil { emit() }
            piece(ctx)
            report.table = TaskTable(columns: columns)
            tableOpen = true
        case .tableRow:
            guard let columns = report.table?.columns, let (values, _) = OOMLineParser.tableRow(m, columns: columns),
                  report.table!.rows.count < limits.maxTableRows
            else { return }
            report.table!.rows.append(values)
            report.lastLine = ctx.number
        case .victim(let from, let scope):
            victim(OOMLineParser.victim(m, from: from), scope: scope, number: ctx.number,
                   time: ctx.time(assumedYear: limits.assumedYear))
        case .chosen(let from, let scope):
            if state == .collecting && (report.chosen != nil || report.victim != nil) { emit() }
            piece(ctx)
            report.chosen = OOMLineParser.chosen(m, from: from)
            report.chosenTime = ctx.time(assumedYear: limits.assumedYear)
            if let scope { report.scopeHint = scope }
        case .reaper:
            reaperLine(m, ctx)
        case .noKillable:
            if state == .afterVictim { emit() }
            piece(ctx)
            report.noKillable = true
            report.noKillableTime = ctx.time(assumedYear: limits.assumedYear)
            emit()
        case .lookalike(let kind):
            lookalike(kind, m, ctx)
        }
    }

    // MARK: report parts

    /// A context part of a report: after a victim it starts the next report.
    private mutating func piece(_ ctx: LineContext) {
        switch state {
        case .afterVictim:
            emit()
            state = .collecting
        case .idle:
            state = .collecting
        case .collecting:
            break
        }
        tableOpen = false
        if report.firstLine == nil {
            report.firstLine = ctx.number
            report.firstTime = ctx.time(assumedYear: limits.assumedYear)
        }
        report.lastLine = ctx.number
    }

    private mutating func victim(_ v: OOMVictim, scope: OOMEvent.Scope?, number: Int, time: EventTime) {
        if state == .afterVictim { emit() }
        switch state {
        case .idle, .afterVictim: state = .collecting
        case .collecting: break
        }
        tableOpen = false
        if report.firstLine == nil {
            report.firstLine = number
            report.firstTime = time
        }
        report.lastLine = number
        report.victim = v
        report.victimTime = time
        if let scope { report.scopeHint = scope }
        state = .afterVictim
        linesAfterVictim = 0
    }

    private mutating func reaperLine(_ m: Bytes, _ ctx: LineContext) {
        guard state == .afterVictim else { return }
        let r = OOMLineParser.reaped(m, from: "oom_reaper: reaped process ".utf8.count)
        if let pid = report.victim?.pid, let rp = r.pid, pid != rp {
            emit()
            return
        }
        report.reaped = r
        report.lastLine = ctx.number
        emit()
    }

    private mutating func lookalike(_ kind: Lookalike.Kind, _ m: Bytes, _ ctx: LineContext) {
        lookalikes.append(Lookalike(kind: kind, time: ctx.time(assumedYear: limits.assumedYear),
                                    text: ByteScan.trimmedString(m, 0, m.count), line: ctx.number, source: source))
    }

    // MARK: hard-wrapped lines

    /// A victim line that stops at a `,` or `:` or before its name's `)` was wrapped by a paste.
    private static func looksCut(_ m: Bytes) -> Bool {
        var end = m.count
        while end > 0 && (m[end - 1] == 32 || m[end - 1] == 9) { end -= 1 }
        guard end > 0 else { return false }
        let last = m[end - 1]
        if last == UInt8(ascii: ",") || last == UInt8(ascii: ":") { return true }
        if let open = ByteScan.find(m, byte: UInt8(ascii: "(")), ByteScan.find(m, byte: UInt8(ascii: ")"), from: open) == nil {
            return true
        }
        return false
    }

    /// Whether `m` continues the held line: it has no timestamp while the held line had one, or (in
    /// a log without timestamps) it starts with what a cut row or victim line would continue with.
    private func continuesHeld(_ m: Bytes, _ ctx: LineContext) -> Bool {
        guard let held, ctx.head.stampStart < 0, ctx.head.rendering == .plain, ctx.fixedTime == nil else { return false }
        if held.hadTimestamp { return true }
        var i = 0
        while i < m.count && (m[i] == 32 || m[i] == 9) { i += 1 }
        guard i < m.count, m[i] != UInt8(ascii: "[") else { return false }
        let c = m[i]
        if ByteScan.isDigit(c) || c == UInt8(ascii: "-") { return true }
        let rest = ByteScan.slice(m, from: i)
        return ByteScan.hasPrefix(rest, "anon-rss:") || ByteScan.hasPrefix(rest, "file-rss:")
            || ByteScan.hasPrefix(rest, "shmem-rss:") || ByteScan.hasPrefix(rest, "UID")
            || ByteScan.hasPrefix(rest, "pgtables:") || ByteScan.hasPrefix(rest, "oom_score_adj:")
            || ByteScan.hasPrefix(rest, "total-vm:")
    }

    /// Processes the held line (joined with its continuations).
    private mutating func flushHeld() {
        guard let h = held else { return }
        held = nil
        h.bytes.withUnsafeBufferPointer { m in
            var hints: LineHints = []
            if ByteScan.find(m, "oom-killer") != nil { hints.insert(.oomKiller) }
            let ctx = LineContext(line: m, head: LineHead(), number: h.number, origin: .kernel, fixedTime: h.time)
            if m.count > 0, let kind = kind(of: m, hints: hints) {
                apply(kind, m, ctx)
            }
        }
    }

    // MARK: emitting

    private mutating func emit() {
        defer {
            report = Report()
            state = .idle
            tableOpen = false
            expectCPULines = 0
            linesAfterVictim = 0
        }
        guard report.isMeaningful else { return }
        events.append(buildEvent())
    }

    private func buildEvent() -> OOMEvent {
        let r = report
        let c = r.constraint
        var trigger = r.trigger
        if trigger != nil, let pid = r.cpuPid {
            trigger!.pid = pid
        }
        var victim = r.victim
        if let c, c.task != nil || c.pid != nil {
            // The 4.19+ summary line names the task being killed: fill what the victim line lacks.
            var v = victim ?? OOMVictim()
            if v.pid == nil || v.pid == c.pid {
                v.pid = v.pid ?? c.pid
                v.name = v.name ?? c.task
                v.uid = v.uid ?? c.uid
                victim = v
            }
        }
        var scope: OOMEvent.Scope?
        if let constraint = c?.constraint {
            scope = constraint == "CONSTRAINT_MEMCG" ? .memcg : .global
        } else if c?.globalOOM == true {
            scope = .global
        } else if let hint = r.scopeHint {
            scope = hint
        } else if r.taskIn != nil || r.memory != nil {
            scope = .memcg
        }
        let time = r.victimTime ?? r.noKillableTime ?? r.chosenTime ?? r.triggerTime ?? r.firstTime ?? EventTime()
        return OOMEvent(
            scope: scope,
            complete: r.trigger != nil && (r.victim != nil || r.noKillable),
            time: time,
            trigger: trigger,
            chosen: r.chosen,
            constraint: c?.constraint,
            nodemask: c?.nodemask ?? r.trigger?.nodemask,
            cpuset: c?.cpuset ?? r.cpuset,
            memsAllowed: c?.memsAllowed ?? r.memsAllowed,
            oomMemcg: c?.oomMemcg ?? r.taskIn?.limit,
            taskMemcg: c?.taskMemcg ?? r.taskIn?.task,
            memory: r.memory,
            victim: victim,
            tasks: r.table,
            reaped: r.reaped,
            noKillableProcesses: r.noKillable,
            lines: LineSpan(source: source, first: r.firstLine ?? r.lastLine, last: r.lastLine)
        )
    }
}

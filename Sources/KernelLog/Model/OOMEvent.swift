/// Where in its source an event was read: the 1-based numbers of its first and last line.
public struct LineSpan: Codable, Sendable, Equatable, Hashable {
    public var source: String
    public var first: Int
    public var last: Int

    public init(source: String, first: Int, last: Int) {
        self.source = source
        self.first = first
        self.last = last
    }
}

/// One kernel OOM kill (or an OOM with nothing left to kill), as whole as the log shows it.
///
/// An event is anchored on its victim line (`Killed process ...`); the report's other parts are
/// attached backwards from it up to the previous event. Anything the log does not show is nil
/// (JSON `null`), never 0. `complete` is true only when both the trigger line (`invoked oom-killer`)
/// and the outcome (victim, or `Out of memory and no killable processes`) were seen.
public struct OOMEvent: Codable, Sendable, Equatable, Hashable {
    /// Which limit was hit: a memory cgroup's, or the machine's.
    public enum Scope: String, Codable, Sendable, Equatable, Hashable {
        case memcg
        case global
    }

    /// nil when the lines kept in the log do not tell.
    public var scope: Scope?
    public var complete: Bool
    /// The time of the victim line (or of the trigger line when there is no victim).
    public var time: EventTime
    public var trigger: OOMTrigger?
    /// The `Kill process N (x) score S or sacrifice child` pick of 2.6.32–5.0 kernels.
    public var chosen: OOMChosen?
    /// `CONSTRAINT_MEMCG`, `CONSTRAINT_NONE`, `CONSTRAINT_CPUSET`, `CONSTRAINT_MEMORY_POLICY`, or any
    /// other value the kernel printed, passed through.
    public var constraint: String?
    public var nodemask: String?
    public var cpuset: String?
    public var memsAllowed: String?
    /// The cgroup whose limit was hit (`oom_memcg=`, or `limit of /B` on older kernels).
    public var oomMemcg: String?
    /// The victim's cgroup (`task_memcg=`, or `Task in /A` on older kernels).
    public var taskMemcg: String?
    public var memory: OOMMemory?
    public var victim: OOMVictim?
    public var tasks: TaskTable?
    public var reaped: OOMReaped?
    /// `Out of memory and no killable processes...`: the kernel found nothing it could kill.
    public var noKillableProcesses: Bool
    public var lines: LineSpan

    public init(scope: Scope? = nil, complete: Bool = false, time: EventTime = EventTime(),
                trigger: OOMTrigger? = nil, chosen: OOMChosen? = nil, constraint: String? = nil,
                nodemask: String? = nil, cpuset: String? = nil, memsAllowed: String? = nil,
                oomMemcg: String? = nil, taskMemcg: String? = nil, memory: OOMMemory? = nil,
                victim: OOMVictim? = nil, tasks: TaskTable? = nil, reaped: OOMReaped? = nil,
                noKillableProcesses: Bool = false, lines: LineSpan) {
        self.scope = scope
        self.complete = complete
        self.time = time
        self.trigger = trigger
        self.chosen = chosen
        self.constraint = constraint
        self.nodemask = nodemask
        self.cpuset = cpuset
        self.memsAllowed = memsAllowed
        self.oomMemcg = oomMemcg
        self.taskMemcg = taskMemcg
        self.memory = memory
        self.victim = victim
        self.tasks = tasks
        self.reaped = reaped
        self.noKillableProcesses = noKillableProcesses
        self.lines = lines
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(scope, forKey: .scope)
        try c.encode(complete, forKey: .complete)
        try c.encode(time, forKey: .time)
        try c.encodeOrNull(trigger, forKey: .trigger)
        try c.encodeOrNull(chosen, forKey: .chosen)
        try c.encodeOrNull(constraint, forKey: .constraint)
        try c.encodeOrNull(nodemask, forKey: .nodemask)
        try c.encodeOrNull(cpuset, forKey: .cpuset)
        try c.encodeOrNull(memsAllowed, forKey: .memsAllowed)
        try c.encodeOrNull(oomMemcg, forKey: .oomMemcg)
        try c.encodeOrNull(taskMemcg, forKey: .taskMemcg)
        try c.encodeOrNull(memory, forKey: .memory)
        try c.encodeOrNull(victim, forKey: .victim)
        try c.encodeOrNull(tasks, forKey: .tasks)
        try c.encodeOrNull(reaped, forKey: .reaped)
        try c.encode(noKillableProcesses, forKey: .noKillableProcesses)
        try c.encode(lines, forKey: .lines)
    }

    private enum CodingKeys: String, CodingKey {
        case scope, complete, time, trigger, chosen, constraint, nodemask, cpuset, memsAllowed, oomMemcg,
             taskMemcg, memory, victim, tasks, reaped, noKillableProcesses, lines
    }
}

extension OOMEvent {
    /// A task of the event's table, sized for the explanation.
    public struct TableTask: Sendable, Equatable {
        public var pid: Int
        public var name: String
        /// `rss` in pages as printed.
        public var rssPages: Int
        /// `rss` × 4 KiB (the table counts 4 KiB pages on x86-64 and most arm64 kernels).
        public var rssKiB: Int { rssPages * 4 }
        public var oomScoreAdj: Int?
    }

    /// The tasks of the table, largest `rss` first (empty when there is no table or no `rss` column).
    public var tasksByRss: [TableTask] {
        guard let table = tasks, let pidAt = table.index(of: "pid"), let rssAt = table.index(of: "rss") else { return [] }
        let nameAt = table.index(of: "name")
        let adjAt = table.index(of: "oom_score_adj")
        var list: [TableTask] = []
        for row in table.rows {
            guard pidAt < row.count, rssAt < row.count, let pid = row[pidAt]?.intValue, let rss = row[rssAt]?.intValue
            else { continue }
            let name = nameAt.flatMap { $0 < row.count ? row[$0]?.description : nil } ?? "?"
            let adj = adjAt.flatMap { $0 < row.count ? row[$0]?.intValue : nil }
            list.append(TableTask(pid: pid, name: name, rssPages: rss, oomScoreAdj: adj))
        }
        return list.sorted { $0.rssPages != $1.rssPages ? $0.rssPages > $1.rssPages : $0.pid < $1.pid }
    }

    /// A plain-words account of the event: which limit was hit (the cgroup's or the machine's) and by
    /// how much, who triggered it, who was killed and how big it was, the largest tasks of the table,
    /// and, when the victim is not the biggest task, what `oom_score_adj` says about that.
    ///
    /// Pure: builds a `String`, prints nothing. Unknown facts are said to be unknown, never guessed.
    public func explanation() -> String {
        var out: [String] = []
        out.append(limitSentence())
        if let triggerSentence = triggerSentence() { out.append(triggerSentence) }
        out.append(victimSentence())
        if let reaped, reaped.anonRssKiB != nil {
            out.append("The OOM reaper then freed its memory (anon-rss now \(Self.size(reaped.anonRssKiB))).")
        }
        out.append(contentsOf: tableSentences())
        if !complete {
            out.append("This report is incomplete in the log (lines \(lines.first)–\(lines.last) of \(lines.source)); what is not shown above was not in it.")
        }
        return out.joined(separator: "\n")
    }

    private func limitSentence() -> String {
        let whenText = time.wallClock ?? time.text.map { "[\($0)]" }
        let when = whenText.map { " at \($0)" } ?? ""
        if noKillableProcesses {
            return "The kernel ran out of memory\(when) and found no process it could kill (every candidate was unkillable or exempt); this usually ends in a kernel panic."
        }
        switch scope {
        case .memcg:
            let group = oomMemcg ?? taskMemcg
            var s = "A memory cgroup hit its own limit\(when): " + (group.map { "cgroup \($0)" } ?? "the cgroup is not named in the log")
            if let usage = memory?.usageKiB, let limit = memory?.limitKiB {
                let percent = limit > 0 ? " (\(usage * 100 / limit)% of it" + (memory?.failcnt.map { ", limit reached \($0) times" } ?? "") + ")" : ""
                s += "; usage \(Self.size(usage)) against a limit of \(Self.size(limit))\(percent)."
            } else {
                s += "; its usage and limit are not in the log."
            }
            if let memsw = memory?.memsw, let usage = memsw.usageKiB, let limit = memsw.limitKiB, !memsw.isUnlimited {
                s += " Memory+swap: \(Self.size(usage)) of \(Self.size(limit))"
                s += usage >= limit ? ", so the memory+swap limit was reached too." : "."
            }
            if let swap = memory?.swap, let usage = swap.usageKiB, let limit = swap.limitKiB, !swap.isUnlimited {
                s += " Swap: \(Self.size(usage)) of \(Self.size(limit))"
                s += usage >= limit && limit > 0 ? ", so swap was full too." : "."
            }
            if let task = taskMemcg, let group, task != group {
                s += " The victim lived in \(task), below it."
            }
            s += " The machine as a whole was not necessarily short of memory."
            return s
        case .global:
            var s = "The machine itself ran out of memory\(when) (a global OOM, not a cgroup limit)"
            if let constraint, constraint != "CONSTRAINT_NONE" {
                s += ", constrained by \(constraint)" + (constraint == "CONSTRAINT_CPUSET" ? " (the cpuset's memory nodes were full)" : "")
            }
            return s + "."
        case nil:
            return "The kernel's OOM killer ran\(when); the lines kept in this log do not say whether a cgroup limit or the whole machine ran out."
        }
    }

    private func triggerSentence() -> String? {
        guard let trigger else { return nil }
        var s = "The allocation that failed was made by \(trigger.name.map { "'\($0)'" } ?? "an unnamed task")"
        if let pid = trigger.pid { s += " (pid \(pid))" }
        var details: [String] = []
        if let gfp = trigger.gfpMask { details.append("gfp_mask \(gfp)") }
        if let order = trigger.order { details.append("order \(order), i.e. \(4 << order) KiB at once") }
        if let adj = trigger.oomScoreAdj { details.append("oom_score_adj \(adj)") }
        if !details.isEmpty { s += ": " + details.joined(separator: ", ") }
        return s + "."
    }

    private func victimSentence() -> String {
        guard let victim, victim.pid != nil || victim.name != nil else {
            if let chosen {
                return "The kernel chose '\(chosen.name ?? "?")' (pid \(chosen.pid.map(String.init) ?? "?")) to be killed, but the kill itself is not in the log."
            }
            return noKillableProcesses ? "Nothing was killed." : "Who was killed is not in the log."
        }
        var s = "The kernel killed '\(victim.name ?? "?")'"
        var ids: [String] = []
        if let pid = victim.pid { ids.append("pid \(pid)") }
        if let uid = victim.uid { ids.append("uid \(uid)") }
        if !ids.isEmpty { s += " (" + ids.joined(separator: ", ") + ")" }
        if let chosen, let cpid = chosen.pid, cpid != victim.pid {
            s += ", a child of '\(chosen.name ?? "?")' (pid \(cpid)), which the kernel had picked first (\"sacrifice child\")"
        }
        if let trigger, let tname = trigger.name {
            let same = trigger.pid != nil ? trigger.pid == victim.pid : tname == victim.name
            s += same ? "; it was also the task that triggered the OOM" : "; it was not the task that triggered the OOM"
        }
        if let anon = victim.anonRssKiB {
            s += ". It held \(Self.size(victim.residentKiB)) resident: \(Self.size(anon)) anonymous, "
                + "\(Self.size(victim.fileRssKiB)) file-backed, \(Self.size(victim.shmemRssKiB)) shared memory"
            if let vm = victim.totalVmKiB { s += ", out of \(Self.size(vm)) of virtual address space" }
        } else {
            s += ". Its size is not in the log"
        }
        return s + "."
    }

    private func tableSentences() -> [String] {
        let ranked = tasksByRss
        guard !ranked.isEmpty else { return [] }
        var out: [String] = []
        let top = ranked.prefix(5).map { "'\($0.name)' (pid \($0.pid)) \($0.rssPages) pages = \(Self.size($0.rssKiB))" }
        out.append("Largest tasks in the kernel's table by rss (the table counts 4 KiB pages; KiB = pages × 4): "
            + top.joined(separator: ", ") + ".")
        guard let victimPid = victim?.pid, let biggest = ranked.first, biggest.pid != victimPid else { return out }
        let victimRow = ranked.first { $0.pid == victimPid }
        var s = "The victim was not the biggest task: '\(biggest.name)' (pid \(biggest.pid)) had more resident memory."
        let victimAdj = victimRow?.oomScoreAdj ?? victim?.oomScoreAdj
        if let bigAdj = biggest.oomScoreAdj, bigAdj == -1000 {
            s += " '\(biggest.name)' has oom_score_adj -1000, which exempts it from the OOM killer."
        } else if let bigAdj = biggest.oomScoreAdj, let victimAdj, victimAdj > bigAdj {
            s += " The victim's oom_score_adj (\(victimAdj)) is higher than '\(biggest.name)''s (\(bigAdj)); the kernel adds oom_score_adj/1000 of the allowed memory to each task's badness, so that outweighed the size difference."
        } else if chosen != nil && chosen?.pid != victimPid {
            s += " The kernel picked a parent and killed one of its children instead."
        } else {
            s += " Their oom_score_adj values do not explain it; badness also counts swap entries and page tables, and the table may list tasks outside the cgroup that ran out."
        }
        out.append(s)
        return out
    }

    /// `65536 KiB (64.0 MiB)`, or `unknown` for nil.
    static func size(_ kib: Int?) -> String {
        guard let kib else { return "an unknown amount" }
        if kib >= 1 << 52 { return "no limit" }
        if kib < 1024 { return "\(kib) KiB" }
        let mib = Double(kib) / 1024
        if mib < 1024 { return "\(kib) KiB (\(one(mib)) MiB)" }
        return "\(kib) KiB (\(one(mib / 1024)) GiB)"
    }

    private static func one(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

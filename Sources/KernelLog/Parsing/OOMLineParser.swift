/// Parsers for the single lines of an OOM report. Each takes the message bytes (the line without its
/// timestamp prefix) and makes `String`s only for the fields it keeps.
enum OOMLineParser {
    // MARK: trigger

    /// `runc:[1:CHILD] invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=-999`
    /// `cp invoked oom-killer: gfp_mask=0x14000c0(GFP_KERNEL), nodemask=(null),  order=0, oom_score_adj=-998`
    /// `osmcore_L invoked oom-killer: gfp_mask=0x200da, order=0, oom_adj=-17, oom_score_adj=-1000`
    static func trigger(_ m: Bytes, at k: Int) -> OOMTrigger {
        var t = OOMTrigger()
        t.name = ByteScan.string(m, 0, k)
        var i = k + " invoked oom-killer:".utf8.count
        while i < m.count {
            while i < m.count && (m[i] == 32 || m[i] == UInt8(ascii: ",")) { i += 1 }
            let keyStart = i
            while i < m.count && m[i] != UInt8(ascii: "=") && m[i] != 32 { i += 1 }
            guard i < m.count, m[i] == UInt8(ascii: "=") else { break }
            let keyEnd = i
            i += 1
            let valueStart = i
            // Values end at `, ` (a nodemask may itself hold commas without a space).
            while i < m.count && !(m[i] == UInt8(ascii: ",") && (i + 1 >= m.count || m[i + 1] == 32)) { i += 1 }
            let key = Bytes(start: m.baseAddress! + keyStart, count: keyEnd - keyStart)
            var j = valueStart
            switch key.count {
            case 8 where ByteScan.hasPrefix(key, "gfp_mask"):
                t.gfpMask = ByteScan.trimmedString(m, valueStart, i)
            case 5 where ByteScan.hasPrefix(key, "order"):
                t.order = ByteScan.parseInt(m, &j)
            case 13 where ByteScan.hasPrefix(key, "oom_score_adj"):
                t.oomScoreAdj = ByteScan.parseInt(m, &j)
            case 7 where ByteScan.hasPrefix(key, "oom_adj"):
                t.oomAdj = ByteScan.parseInt(m, &j)
            case 10 where ByteScan.hasPrefix(key, "oomkilladj"):
                t.oomAdj = ByteScan.parseInt(m, &j)
            case 8 where ByteScan.hasPrefix(key, "nodemask"):
                t.nodemask = ByteScan.trimmedString(m, valueStart, i)
            default:
                break
            }
        }
        return t
    }

    /// `CPU: 0 PID: 7148 Comm: runc:[1:CHILD] Not tainted 5.3.0-1032-gcp #34~18.04.1-Ubuntu`,
    /// `CPU: 1 UID: 0 PID: 6115 Comm: tail Not tainted 6.18.44-fc-v669 #1 PREEMPT(none)`,
    /// `Pid: 21578, comm: redis-server Not tainted 2.6.32-220.1.alios6.x86_64 #1` (2.6.32).
    static func cpuLine(_ m: Bytes) -> (pid: Int?, comm: String?) {
        var pid: Int?
        var comm: String?
        if var i = ByteScan.find(m, "PID: ") ?? ByteScan.find(m, "Pid: ") {
            i += 5
            pid = ByteScan.parseInt(m, &i)
        }
        if let c = ByteScan.find(m, "Comm: ") ?? ByteScan.find(m, "comm: ") {
            let start = c + 6
            let end = ByteScan.find(m, " Not tainted", from: start) ?? ByteScan.find(m, " Tainted:", from: start) ?? m.count
            comm = ByteScan.trimmedString(m, start, end)
        }
        return (pid, comm)
    }

    /// `memorymonster cpuset=/ mems_allowed=0` (3.x–4.x, right after the trigger line).
    static func cpusetLine(_ m: Bytes, from i: Int) -> (cpuset: String?, memsAllowed: String?) {
        let start = i + " cpuset=".utf8.count
        if let mems = ByteScan.find(m, " mems_allowed=", from: start) {
            return (ByteScan.trimmedString(m, start, mems),
                    ByteScan.trimmedString(m, mems + " mems_allowed=".utf8.count, m.count))
        }
        return (ByteScan.trimmedString(m, start, m.count), nil)
    }

    // MARK: constraint and cgroups

    struct ConstraintLine {
        var constraint: String?
        var nodemask: String?
        var cpuset: String?
        var memsAllowed: String?
        var oomMemcg: String?
        var taskMemcg: String?
        var task: String?
        var pid: Int?
        var uid: Int?
        var globalOOM = false
    }

    /// `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/x,task_memcg=/x/y,task=tail,pid=6115,uid=0`
    /// `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/init.scope,task=python,pid=7899,uid=0`
    ///
    /// Fields are split at `,`; a piece that does not start a `key=` (e.g. the `2` of
    /// `mems_allowed=0,2`) is joined back to the value before it.
    static func constraint(_ m: Bytes) -> ConstraintLine {
        var line = ConstraintLine()
        var fields: [(String, String)] = []
        var i = "oom-kill:".utf8.count
        while i <= m.count {
            let start = i
            while i < m.count && m[i] != UInt8(ascii: ",") { i += 1 }
            let piece = ByteScan.string(m, start, i)
            i += 1
            if piece == "global_oom" {
                line.globalOOM = true
                continue
            }
            if let eq = piece.firstIndex(of: "="),
               piece[..<eq].allSatisfy({ $0 == "_" || ($0.isASCII && $0.isLetter) }), eq != piece.startIndex {
                fields.append((String(piece[..<eq]), String(piece[piece.index(after: eq)...])))
            } else if !fields.isEmpty {
                fields[fields.count - 1].1 += "," + piece
            }
        }
        for (key, value) in fields {
            switch key {
            case "constraint": line.constraint = value
            case "nodemask": line.nodemask = value
            case "cpuset": line.cpuset = value
            case "mems_allowed": line.memsAllowed = value
            case "oom_memcg": line.oomMemcg = value
            case "task_memcg": line.taskMemcg = value
            case "task": line.task = value
            case "pid": line.pid = Int(value)
            case "uid": line.uid = Int(value)
            default: break
            }
        }
        return line
    }

    /// `Task in /docker/2e08... killed as a result of limit of /docker/2e08...` (before 4.19).
    static func taskIn(_ m: Bytes) -> (task: String, limit: String)? {
        guard let k = ByteScan.find(m, " killed as a result of limit of ") else { return nil }
        return (ByteScan.trimmedString(m, "Task in ".utf8.count, k),
                ByteScan.trimmedString(m, k + " killed as a result of limit of ".utf8.count, m.count))
    }

    /// `memory: usage 65536kB, limit 65536kB, failcnt 67` (also `memory+swap:`, `kmem:`, `swap:`).
    static func counter(_ m: Bytes) -> MemoryCounter {
        var c = MemoryCounter()
        if var i = ByteScan.find(m, "usage ") {
            i += 6
            c.usageKiB = ByteScan.parseInt(m, &i)
        }
        if var i = ByteScan.find(m, "limit ") {
            i += 6
            c.limitKiB = ByteScan.parseInt(m, &i)
        }
        if var i = ByteScan.find(m, "failcnt ") {
            i += 8
            c.failcnt = ByteScan.parseInt(m, &i)
        }
        return c
    }

    // MARK: task table

    /// The columns of a task-table header, or nil when `m` is not one. Five generations:
    ///
    ///     [ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name
    ///     [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name
    ///     [ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name
    ///     [ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name
    ///     [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name
    static func tableHeader(_ m: Bytes) -> [String]? {
        guard m.count > 5, m[0] == UInt8(ascii: "["),
              let close = ByteScan.find(m, byte: UInt8(ascii: "]"), to: min(m.count, 16)),
              ByteScan.trimmedString(m, 1, close) == "pid"
        else { return nil }
        var columns = ["pid"]
        var i = close + 1
        while i < m.count {
            ByteScan.skipSpaces(m, &i)
            let start = i
            while i < m.count && m[i] != 32 && m[i] != 9 { i += 1 }
            if i > start { columns.append(ByteScan.string(m, start, i)) }
        }
        return columns.count > 2 ? columns : nil
    }

    /// Whether `m` starts like a table row: `[` spaces digits `]`.
    static func looksLikeRow(_ m: Bytes) -> Bool {
        guard m.count > 2, m[0] == UInt8(ascii: "[") else { return false }
        var i = 1
        ByteScan.skipSpaces(m, &i)
        let start = i
        while i < m.count && ByteScan.isDigit(m[i]) { i += 1 }
        return i > start && i < m.count && m[i] == UInt8(ascii: "]")
    }

    /// One row of the task table under `columns`: `[ 1381]     0  1381   530382     5191      34       4     5489             0 gunpowder-memho`.
    /// The name is the rest of the line (names may hold spaces: `tmux: client`, `Web Content`).
    /// `cut` is true when the row ends before its name (a hard-wrapped paste).
    static func tableRow(_ m: Bytes, columns: [String]) -> (values: [TaskValue?], cut: Bool)? {
        guard looksLikeRow(m) else { return nil }
        var i = 1
        ByteScan.skipSpaces(m, &i)
        guard let pid = ByteScan.parseInt(m, &i) else { return nil }
        ByteScan.skipSpaces(m, &i)
        guard i < m.count, m[i] == UInt8(ascii: "]") else { return nil }
        i += 1
        var values: [TaskValue?] = [.number(pid)]
        values.reserveCapacity(columns.count)
        let hasName = columns.last == "name"
        let fieldCount = columns.count - (hasName ? 1 : 0)
        while values.count < fieldCount {
            ByteScan.skipSpaces(m, &i)
            guard i < m.count else { break }
            let start = i
            while i < m.count && m[i] != 32 && m[i] != 9 { i += 1 }
            var j = start
            if let n = ByteScan.parseInt(m, &j), j == i {
                values.append(.number(n))
            } else {
                values.append(.text(ByteScan.string(m, start, i)))
            }
        }
        var cut = values.count < fieldCount
        if hasName {
            ByteScan.skipSpaces(m, &i)
            if i < m.count {
                values.append(.text(ByteScan.trimmedString(m, i, m.count)))
            } else {
                cut = true
            }
        }
        while values.count < columns.count { values.append(nil) }
        return (values, cut)
    }

    // MARK: victim, chosen, reaped

    /// The longest task name taken from a line. The kernel's own is at most 15 bytes (TASK_COMM_LEN);
    /// this leaves room for escaped bytes (`\xe2\x80\x8b`) and keeps a garbage line from becoming a name.
    static let maxNameBytes = 64

    /// The task name between `(` at `open` and its `)`: the LAST `)` before the first of `suffixes` (names
    /// may hold parentheses), else a `)` ending the line (2.6 kernels), else the first `)`; all within
    /// `maxNameBytes`. Returns the name and the index after its `)`.
    private static func name(_ m: Bytes, open: Int, suffixes: [StaticString]) -> (String, Int) {
        let start = open + 1
        let window = min(m.count, start + maxNameBytes + 1)
        var end: Int?
        for suffix in suffixes {
            if let p = ByteScan.find(m, suffix, from: start), p < window, p < (end ?? Int.max) { end = p }
        }
        if let e = end, let close = ByteScan.findLast(m, byte: UInt8(ascii: ")"), from: start, to: e + 1) {
            return (ByteScan.string(m, start, close), close + 1)
        }
        var last = m.count
        while last > start && (m[last - 1] == 32 || m[last - 1] == UInt8(ascii: ".")) { last -= 1 }
        if last > start, last <= window, m[last - 1] == UInt8(ascii: ")") {
            return (ByteScan.string(m, start, last - 1), last)
        }
        if let close = ByteScan.find(m, byte: UInt8(ascii: ")"), from: start), close < window {
            return (ByteScan.string(m, start, close), close + 1)
        }
        return (ByteScan.trimmedString(m, start, window), window)
    }

    /// Victim lines of every generation; `i` is the index just after `Killed process `:
    ///
    ///     Killed process 1234 (x).                                                   2.6.2x
    ///     Killed process 1234 (x)                                                    2.6.31
    ///     Killed process 21578, UID 503, (redis-server) total-vm:9100804kB, anon-rss:9066596kB, file-rss:64kB   RHEL 6
    ///     Killed process 42452 (memcg_test_1), UID 0, total-vm:7296kB, anon-rss:96kB, file-rss:164kB, shmem-rss:0kB  RHEL 7
    ///     Killed process 1381 (gunpowder-memho) total-vm:2121528kB, anon-rss:18624kB, file-rss:2140kB, shmem-rss:0kB
    ///     Killed process 6115 (tail) total-vm:68148kB, anon-rss:65152kB, file-rss:1588kB, shmem-rss:0kB, UID:0 pgtables:168kB oom_score_adj:0
    static func victim(_ m: Bytes, from start: Int) -> OOMVictim {
        var v = OOMVictim()
        var i = start
        v.pid = ByteScan.parseInt(m, &i)
        if ByteScan.hasPrefix(m, at: i, ", UID ") {
            i += 6
            v.uid = ByteScan.parseInt(m, &i)
            while i < m.count && (m[i] == UInt8(ascii: ",") || m[i] == 32) { i += 1 }
        }
        ByteScan.skipSpaces(m, &i)
        guard i < m.count, m[i] == UInt8(ascii: "(") else { return v }
        let (name, after) = name(m, open: i, suffixes: [") total-vm:", "), UID ", "), total-vm:"])
        v.name = name
        i = after
        fields(m, from: i) { key, j in
            var j = j
            switch key {
            case "total-vm": v.totalVmKiB = ByteScan.parseGroupedInt(m, &j)
            case "anon-rss": v.anonRssKiB = ByteScan.parseGroupedInt(m, &j)
            case "file-rss": v.fileRssKiB = ByteScan.parseGroupedInt(m, &j)
            case "shmem-rss": v.shmemRssKiB = ByteScan.parseGroupedInt(m, &j)
            case "UID": v.uid = ByteScan.parseInt(m, &j)
            case "pgtables": v.pgtablesKiB = ByteScan.parseGroupedInt(m, &j)
            case "oom_score_adj": v.oomScoreAdj = ByteScan.parseInt(m, &j)
            default: break
            }
        }
        return v
    }

    /// `Kill process 24572 (java) score 0 or sacrifice child`, `kill process 1234 (x) score 5 or a child`;
    /// `i` is the index just after `process `.
    static func chosen(_ m: Bytes, from start: Int) -> OOMChosen {
        var c = OOMChosen()
        var i = start
        c.pid = ByteScan.parseInt(m, &i)
        ByteScan.skipSpaces(m, &i)
        guard i < m.count, m[i] == UInt8(ascii: "(") else { return c }
        let scoreAt = ByteScan.findLast(m, ") score ", from: i)
        if let scoreAt, scoreAt <= i + 1 + maxNameBytes {
            c.name = ByteScan.string(m, i + 1, scoreAt)
            var j = scoreAt + ") score ".utf8.count
            c.score = ByteScan.parseInt(m, &j)
        } else {
            c.name = name(m, open: i, suffixes: []).0
        }
        return c
    }

    /// `oom_reaper: reaped process 1381 (gunpowder-memho), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`
    static func reaped(_ m: Bytes, from start: Int) -> OOMReaped {
        var r = OOMReaped()
        var i = start
        r.pid = ByteScan.parseInt(m, &i)
        ByteScan.skipSpaces(m, &i)
        guard i < m.count, m[i] == UInt8(ascii: "(") else { return r }
        let (name, after) = name(m, open: i, suffixes: ["), now "])
        r.name = name
        fields(m, from: after) { key, j in
            var j = j
            switch key {
            case "anon-rss": r.anonRssKiB = ByteScan.parseGroupedInt(m, &j)
            case "file-rss": r.fileRssKiB = ByteScan.parseGroupedInt(m, &j)
            case "shmem-rss": r.shmemRssKiB = ByteScan.parseGroupedInt(m, &j)
            default: break
            }
        }
        return r
    }

    /// Walks `key:value` (and RHEL 7's `UID 0`) fields separated by spaces and `,`, calling
    /// `body(key, indexOfValue)`.
    private static func fields(_ m: Bytes, from start: Int, _ body: (String, Int) -> Void) {
        var i = start
        while i < m.count {
            while i < m.count && (m[i] == 32 || m[i] == UInt8(ascii: ",") || m[i] == UInt8(ascii: ".")) { i += 1 }
            let keyStart = i
            while i < m.count && m[i] != UInt8(ascii: ":") && m[i] != 32 && m[i] != UInt8(ascii: ",") { i += 1 }
            guard i > keyStart else { break }
            let key = ByteScan.string(m, keyStart, i)
            if i < m.count && m[i] == UInt8(ascii: ":") {
                i += 1
                body(key, i)
            } else if key == "UID", i < m.count, m[i] == 32 {
                i += 1
                body(key, i)
            }
            // Skip the value.
            while i < m.count && m[i] != 32 && !(m[i] == UInt8(ascii: ",") && (i + 1 >= m.count || m[i + 1] == 32)) { i += 1 }
        }
    }
}

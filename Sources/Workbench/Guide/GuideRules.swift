import Notebook

/// The guide's rule table.
public enum GuideRules {
    /// Every rule, in precedence order.
    public static let all: [GuideRule] = loop + oom + oomScore + sampling + heap

    /// (a) The scientific loop itself: ask → hypothesize → experiment → evidence → verdict → cause.
    public static let loop: [GuideRule] = [
        GuideRule("ask-question", "no question yet → ask one") { s in
            guard s.investigation.questions.isEmpty else { return [] }
            if let (e, r) = s.latest(["dmesg"]).first, let name = r.value(at: "events.0.victim.name")?.stringValue {
                return [Suggestion(rule: "ask-question", why: "#\(e.id!) shows an OOM kill of \(name); start from it.",
                                   command: "ask \(Tokenizer.quote("Why was \(name) OOM-killed?"))")]
            }
            return [Suggestion(rule: "ask-question", why: "Every investigation starts from a question: state the symptom you see.",
                               command: "ask \"Why was <service> OOM-killed?\"")]
        },
        GuideRule("record-cause", "a supported hypothesis and no finding → record the cause") { s in
            guard let q = s.currentQuestion, !s.investigation.isAnswered(q.id!) else { return [] }
            return s.investigation.hypotheses(of: q.id!).compactMap { h -> Suggestion? in
                guard let v = s.investigation.verdict(of: h.id!), v.outcome == .supported else { return nil }
                let ids = v.evidenceIds.map { "#\($0)" }
                var location = "FILE:LINE"
                var text = h.text
                if let (_, r) = s.latest(["heap list"]).first, let file = r.value(at: "hottest.file")?.stringValue,
                   let line = r.value(at: "hottest.line")?.numberValue {
                    location = "\(file):\(Int(line))"
                    if let fn = r.value(at: "hottest.function")?.stringValue { text = "\(fn) retains memory" }
                } else if let (_, r) = s.latest(["heap growth", "heap watch"]).first,
                          let name = r.value(at: "sites.0.name")?.stringValue {
                    text = "\(name) retains memory"
                    if let file = r.value(at: "sites.0.file")?.stringValue, let line = r.value(at: "sites.0.line")?.numberValue {
                        location = "\(file):\(Int(line))"
                    }
                }
                let evidence = ids.map { " --evidence \($0)" }.joined()
                return Suggestion(rule: "record-cause",
                                  why: "H\(h.id!) is supported" + (ids.isEmpty ? "" : " by \(ids.joined(separator: ", "))") + "; record the root cause to answer Q\(q.id!).",
                                  command: "cause \(Tokenizer.quote(text)) --at \(location)\(evidence)")
            }
        },
        GuideRule("hypothesize", "a question without hypotheses → candidate hypotheses") { s in
            guard let q = s.currentQuestion, !s.investigation.isAnswered(q.id!),
                  s.investigation.hypotheses(of: q.id!).isEmpty else { return [] }
            let why = "Q\(q.id!) has no hypothesis yet; each candidate below comes with a prediction Sleuth can check."
            return [
                Suggestion(rule: "hypothesize", why: why,
                           command: "hyp \"the process leaks memory: it grows with work and never reaches a steady state\" --predict growing"),
                Suggestion(rule: "hypothesize", why: why,
                           command: "hyp \"the normal working set is larger than the limit\" --predict steady"),
            ]
        },
        GuideRule("record-evidence", "a result decides a checked prediction → link it as evidence") { s in
            var out: [Suggestion] = []
            for h in s.investigation.hypotheses where s.investigation.verdict(of: h.id!) == nil {
                let linked = Set(s.investigation.evidence(of: h.id!).map(\.entryId))
                for p in s.investigation.predictions(of: h.id!) {
                    guard let kind = p.kind, let expected = p.expected else { continue }
                    let sp = StructuredPrediction(kind: kind, expected: expected)
                    // The newest result that decides it, among the hypothesis's experiments and any later result.
                    for e in s.entries.reversed() where e.status == .ok && !linked.contains(e.id!) {
                        guard let r = s.results[e.id!], let d = sp.decide(r) else { continue }
                        let relation = d.holds ? "supports" : "refutes"
                        out.append(Suggestion(rule: "record-evidence",
                                              why: "#\(e.id!) decides H\(h.id!)'s prediction '\(p.text)': \(d.figures).",
                                              command: "evidence #\(e.id!) \(relation) H\(h.id!) --why \(Tokenizer.quote(d.figures))"))
                        break
                    }
                }
            }
            return out
        },
        GuideRule("conclude", "a hypothesis with evidence and no verdict → record the verdict") { s in
            s.investigation.hypotheses.compactMap { h -> Suggestion? in
                let ev = s.investigation.evidence(of: h.id!).filter { $0.relation != .neutral }
                guard !ev.isEmpty, s.investigation.verdict(of: h.id!) == nil else { return nil }
                let supports = ev.filter { $0.relation == .supports }.map { "#\($0.entryId)" }
                let refutes = ev.filter { $0.relation == .refutes }.map { "#\($0.entryId)" }
                let outcome = refutes.isEmpty ? "supported" : supports.isEmpty ? "refuted" : "inconclusive"
                var why = "H\(h.id!) has evidence"
                if !supports.isEmpty { why += " supporting it (\(supports.joined(separator: ", ")))" }
                if !refutes.isEmpty { why += (supports.isEmpty ? "" : " and") + " refuting it (\(refutes.joined(separator: ", ")))" }
                let reason = ev.compactMap(\.reason).first ?? "see " + (supports + refutes).joined(separator: ", ")
                return Suggestion(rule: "conclude", why: why + ".",
                                  command: "conclude H\(h.id!) \(outcome) --why \(Tokenizer.quote(reason))")
            }
        },
        GuideRule("test-predictions", "a hypothesis without experiments → the experiments that test its predictions") { s in
            guard let hid = s.investigation.focusedHypothesisId, let h = s.investigation.hypothesis(hid),
                  s.investigation.verdict(of: hid) == nil,
                  s.experiments(of: hid).isEmpty, s.investigation.evidence(of: hid).isEmpty else { return [] }
            let target = GuideRules.knownTarget(s) ?? "PID"
            var out: [Suggestion] = []
            let preds = s.investigation.predictions(of: hid)
            for p in preds {
                switch p.kind {
                case "trend"?:
                    out.append(Suggestion(rule: "test-predictions",
                                          why: "H\(hid) predicts memory is \(p.expected ?? "growing"); sampling the process over time shows its trend" + (target == "PID" ? " (replace PID)." : "."),
                                          command: "sample \(Tokenizer.quote(target)) --every 1s --for 2m"))
                case "oom-kill"?:
                    out.append(Suggestion(rule: "test-predictions", why: "H\(hid) predicts an OOM kill; the kernel log shows every kill.",
                                          command: "dmesg"))
                case "top-growth"?:
                    out.append(Suggestion(rule: "test-predictions",
                                          why: "H\(hid) predicts \(p.expected ?? "a function") grows most; profiles taken minutes apart rank the growing sites.",
                                          command: "heap watch http://127.0.0.1:6060/debug/pprof/heap --every 1m --count 3"))
                default: break
                }
            }
            if out.isEmpty {
                out.append(Suggestion(rule: "test-predictions",
                                      why: "H\(h.id!) has no experiment yet" + (preds.isEmpty ? " and no prediction: say what you would observe if it were true (amend, or a new hyp with --predict)." : "; start from the kernel log."),
                                      command: "dmesg"))
            }
            return out
        },
        GuideRule("widen", "every hypothesis of a question refuted → a new hypothesis or a wider question") { s in
            guard let q = s.currentQuestion, !s.investigation.isAnswered(q.id!) else { return [] }
            let hs = s.investigation.hypotheses(of: q.id!)
            guard !hs.isEmpty, hs.allSatisfy({ s.investigation.verdict(of: $0.id!)?.outcome == .refuted }) else { return [] }
            let ids = hs.map { "H\($0.id!)" }.joined(separator: ", ")
            let why = "Every hypothesis under Q\(q.id!) is refuted (\(ids)); the cause lies elsewhere."
            return [
                Suggestion(rule: "widen", why: why,
                           command: "hyp \"memory grows outside the language heap (goroutines, cgo, fragmentation)\" --predict growing"),
                Suggestion(rule: "widen", why: why,
                           command: "ask \(Tokenizer.quote("What else changed when this began? (\(q.text))"))"),
            ]
        },
        GuideRule("focus-open", "open hypotheses not in focus → focus one") { s in
            guard let q = s.currentQuestion, s.investigation.focusedHypothesisId == nil else { return [] }
            return s.openHypotheses(of: q.id!).prefix(1).map { h in
                Suggestion(rule: "focus-open", why: "H\(h.id!) has no verdict yet; commands run while it is in focus become its experiments.",
                           command: "focus H\(h.id!)")
            }
        },
    ]

    /// A process to sample: the victim of the latest kernel OOM kill, if any.
    static func knownTarget(_ s: GuideState) -> String? {
        if let (_, r) = s.latest(["dmesg"]).first, let name = r.value(at: "events.0.victim.name")?.stringValue {
            return name
        }
        if let (_, r) = s.latest(["sample"]).first, let pid = r.value(at: "target.pid")?.numberValue {
            return String(Int(pid))
        }
        return nil
    }

    /// (b) Kernel-log evidence.
    public static let oom: [GuideRule] = [
        GuideRule("oom-memcg", "a memory-cgroup OOM kill → a process in the group grows; sample it") { s in
            guard let (e, r) = s.latest(["dmesg"]).first, case .array(let events)? = r.value(at: "events"),
                  let ev = events.last(where: { $0.value(at: "scope")?.stringValue == "memcg" }) else { return [] }
            let name = ev.value(at: "victim.name")?.stringValue ?? "the victim"
            let cg = ev.value(at: "oomMemcg")?.stringValue ?? ev.value(at: "taskMemcg")?.stringValue ?? "its cgroup"
            let limit = ev.value(at: "memory.limitKiB")?.numberValue.map { " of \(Format.fixed($0 / 1024, 0)) MiB" } ?? ""
            let why = "#\(e.id!): \(name) was killed when cgroup \(cg) hit its limit\(limit); a process in the group likely grows without bound."
            let hasHyp = s.currentQuestion.map { !s.investigation.hypotheses(of: $0.id!).isEmpty } ?? false
            if !hasHyp && s.currentQuestion != nil {
                return [Suggestion(rule: "oom-memcg", why: why,
                                   command: "hyp \(Tokenizer.quote("a process in \(cg) grows without bound")) --predict growing")]
            }
            return [Suggestion(rule: "oom-memcg", why: why, command: "sample \(Tokenizer.quote(name)) --every 1s --for 2m")]
        },
        GuideRule("oom-global", "a machine-wide OOM kill → the machine's top consumers") { s in
            guard let (e, r) = s.latest(["dmesg"]).first, case .array(let events)? = r.value(at: "events"),
                  events.contains(where: { $0.value(at: "scope")?.stringValue == "global" }) else { return [] }
            return [Suggestion(rule: "oom-global", why: "#\(e.id!) shows a machine-wide OOM kill: the whole machine ran out, so look at its biggest consumers.",
                               command: "ps --top 10")]
        },
        GuideRule("oom-recurring", "repeated kills of one name → a recurring problem") { s in
            guard let (e, r) = s.latest(["dmesg"]).first, case .array(let events)? = r.value(at: "events") else { return [] }
            var counts: [String: Int] = [:]
            for ev in events { if let n = ev.value(at: "victim.name")?.stringValue { counts[n, default: 0] += 1 } }
            guard let (name, n) = counts.max(by: { $0.value < $1.value }), n >= 2 else { return [] }
            return [Suggestion(rule: "oom-recurring", why: "#\(e.id!): \(name) was OOM-killed \(n) times: it recurs after each restart, so it will again.",
                               command: "sample \(Tokenizer.quote(name)) --every 1s --for 5m")]
        },
    ]

    /// (b) Kernel-log evidence: a victim smaller than another task was chosen by its oom_score_adj.
    public static let oomScore: [GuideRule] = [
        GuideRule("oom-score-adj", "the victim is not the biggest task → oom_score_adj explains the choice") { s in
            guard let (e, r) = s.latest(["dmesg"]).first, let events = r.value(at: "events")?.arrayValue else { return [] }
            for ev in events.reversed() {
                guard let pid = ev.value(at: "victim.pid")?.numberValue,
                      let rows = ev.value(at: "tasks.rows")?.arrayValue, !rows.isEmpty else { continue }
                let sized = rows.compactMap { row -> (Double, Double, String)? in
                    guard let p = row["pid"]?.numberValue, let rss = row["rss"]?.numberValue else { return nil }
                    return (p, rss, row["name"]?.stringValue ?? "?")
                }
                guard let biggest = sized.max(by: { $0.1 < $1.1 }), biggest.0 != pid,
                      let victim = sized.first(where: { $0.0 == pid }), biggest.1 > victim.1 else { continue }
                let adj = ev.value(at: "victim.oomScoreAdj")?.numberValue.map { " (its oom_score_adj is \(Int($0)))" } ?? ""
                return [Suggestion(rule: "oom-score-adj",
                                   why: "#\(e.id!): the kernel killed \(ev.value(at: "victim.name")?.stringValue ?? "a task")\(adj), not the biggest task \(biggest.2) (pid \(Int(biggest.0))): oom_score_adj steered the choice, so the victim may not be the one that grew.",
                                   command: "show #\(e.id!)")]
            }
            return []
        },
    ]

    /// (b) Sampling evidence.
    public static let sampling: [GuideRule] = [
        GuideRule("growing-with-work", "memory grows with work → per-request retention: two heap profiles and a diff") { s in
            guard let (e, r) = s.latest(["sample", "trend"]).first, r.value(at: "analysis.verdict")?.stringValue == "growing" else { return [] }
            let corr = r.value(at: "analysis.work.correlation")?.numberValue
            if let corr, corr >= 0.7 {
                let per = r.value(at: "analysis.work.kibPerUnit")?.numberValue.map { ", about \(Format.fixed($0, 1)) KiB retained per unit of work" } ?? ""
                return [Suggestion(rule: "growing-with-work",
                                   why: "#\(e.id!): memory grows with work (correlation \(Format.fixed(corr, 2))\(per)); heap profiles minutes apart name what retains it.",
                                   command: "heap watch http://127.0.0.1:6060/debug/pprof/heap --every 1m --count 3")]
            }
            return [Suggestion(rule: "growing-without-work",
                               why: "#\(e.id!): memory grows" + (corr == nil ? " (no work counter sampled)" : " but not with work (correlation \(Format.fixed(corr!, 2)))") + "; look for time-based growth: caches, timers, goroutines.",
                               command: "heap watch http://127.0.0.1:6060/debug/pprof/heap --every 1m --count 3")]
        },
        GuideRule("steady", "a steady sawtooth → refute the leak, or sample longer") { s in
            guard let (e, r) = s.latest(["sample", "trend"]).first, r.value(at: "analysis.verdict")?.stringValue == "steady" else { return [] }
            var out: [Suggestion] = []
            for h in s.investigation.hypotheses where s.investigation.verdict(of: h.id!) == nil {
                if s.investigation.predictions(of: h.id!).contains(where: { $0.kind == "trend" && $0.expected == "growing" }) {
                    out.append(Suggestion(rule: "steady", why: "#\(e.id!): memory reaches a steady state (troughs flat), which refutes H\(h.id!)'s growth.",
                                          command: "conclude H\(h.id!) refuted --why \"memory is steady in #\(e.id!)\""))
                }
            }
            out.append(Suggestion(rule: "steady", why: "#\(e.id!) is steady over its window; a slow leak needs a longer one.",
                                  command: "sample \(Tokenizer.quote(GuideRules.knownTarget(s) ?? "PID")) --every 5s --for 30m"))
            return out
        },
        GuideRule("warming-up", "a warm-up plateau → sample past it") { s in
            guard let (e, r) = s.latest(["sample", "trend"]).first, r.value(at: "analysis.verdict")?.stringValue == "warming-up" else { return [] }
            return [Suggestion(rule: "warming-up", why: "#\(e.id!): memory grew and then levelled off (caches filling); sample past the plateau before calling it a leak.",
                               command: "sample \(Tokenizer.quote(GuideRules.knownTarget(s) ?? "PID")) --every 5s --for 15m")]
        },
        GuideRule("forecast-urgent", "the limit is reached within an hour → urgent") { s in
            guard let (e, r) = s.latest(["sample", "trend"]).first,
                  let secs = r.value(at: "analysis.forecast.secondsToLimit")?.numberValue, secs < 3600 else { return [] }
            return [Suggestion(rule: "forecast-urgent",
                               why: "#\(e.id!): at the current slope the limit is reached in \(Format.seconds(secs)); restart or raise the limit while you investigate.",
                               command: "note \(Tokenizer.quote("urgent: limit reached in about \(Format.seconds(secs)) (#\(e.id!))"))")]
        },
    ]

    /// (b) Heap-profile evidence.
    public static let heap: [GuideRule] = [
        GuideRule("dominant-site", "one dominant growing allocation site → list it and record the cause") { s in
            guard let (e, r) = s.latest(["heap growth", "heap watch"]).first, case .array(let sites)? = r.value(at: "sites") else { return [] }
            let suspects = sites.filter { $0.value(at: "suspect") == .bool(true) }
            guard suspects.count >= 1 && suspects.count <= 2, let name = suspects[0].value(at: "name")?.stringValue else { return [] }
            return [Suggestion(rule: "dominant-site", why: "#\(e.id!): \(name) is the growth suspect across the profiles; its lines show what it retains.",
                               command: "heap list \(Tokenizer.quote("^" + GuideRules.regexEscape(name) + "$"))")]
        },
        GuideRule("spread-growth", "growth spread across many sites → a structure that grows") { s in
            guard let (e, r) = s.latest(["heap growth", "heap watch"]).first, case .array(let sites)? = r.value(at: "sites") else { return [] }
            let suspects = sites.filter { $0.value(at: "suspect") == .bool(true) }
            guard suspects.count >= 3 else { return [] }
            return [Suggestion(rule: "spread-growth", why: "#\(e.id!): \(suspects.count) sites grow together: look for a map or cache that keeps everything they allocate.",
                               command: "heap top 20 --cum")]
        },
    ]

    static func regexEscape(_ s: String) -> String {
        var out = ""
        for c in s { if "\\^$.|?*+()[]{}".contains(c) { out.append("\\") }; out.append(c) }
        return out
    }
}

import Testing
@testable import KernelLog

@Suite struct ExplanationTests {
    @Test func memcgKillOnThisMachine() throws {
        let e = try #require(try Fixture.scan("memcg-v1-6.18-tail-64MiB-dmesg.log").events.first)
        let text = e.explanation()
        #expect(text.contains("A memory cgroup hit its own limit"))
        #expect(text.contains("cgroup /sleuth-probe-4378"))
        #expect(text.contains("usage 65536 KiB (64.0 MiB) against a limit of 65536 KiB (64.0 MiB) (100% of it, limit reached 67 times)"))
        #expect(text.contains("made by 'tail' (pid 6115)"))
        #expect(text.contains("The kernel killed 'tail' (pid 6115, uid 0)"))
        #expect(text.contains("it was also the task that triggered the OOM"))
        #expect(text.contains("63.6 MiB) anonymous"))
        #expect(text.contains("the table counts 4 KiB pages; KiB = pages × 4"))
        #expect(text.contains("'tail' (pid 6115) 16685 pages = 66740 KiB (65.2 MiB)"))
        #expect(!text.contains("incomplete"))
    }

    @Test func memswLimitAndReaper() throws {
        let events = try Fixture.scan("memcg-v1-4.8-docker-two-kills.log").events
        let text = events[1].explanation()
        #expect(text.contains("Memory+swap: 614400 KiB (600.0 MiB) of 614400 KiB (600.0 MiB), so the memory+swap limit was reached too."))
        #expect(text.contains("The OOM reaper then freed its memory (anon-rss now 0 KiB)."))
    }

    @Test func globalKillSaysTheMachineRanOut() throws {
        let e = try #require(try Fixture.scan("global-3.13-ubuntu-gce-badsysprogram.log").events.first)
        let text = e.explanation()
        #expect(text.contains("The machine itself ran out of memory"))
        #expect(text.contains("'badsysprogram' (pid 1532) 398810 pages"))
        #expect(!text.contains("not the biggest"))
    }

    @Test func childKilledForItsParent() throws {
        let e = try #require(try Fixture.scan("memcg-v1-3.10-rhel7-k8s-java-child-dmesg-T.log").events.first)
        let text = e.explanation()
        #expect(text.contains("a child of 'java' (pid 24572)"))
        #expect(text.contains("This report is incomplete"))
    }

    @Test func oomScoreAdjExplainsASmallerVictim() {
        let table = TaskTable(columns: ["pid", "uid", "tgid", "total_vm", "rss", "pgtables_bytes", "swapents", "oom_score_adj", "name"],
                              rows: [[.number(10), .number(0), .number(10), .number(900_000), .number(500_000), .number(4096), .number(0), .number(0), .text("postgres")],
                                     [.number(20), .number(0), .number(20), .number(300_000), .number(100_000), .number(4096), .number(0), .number(1000), .text("chrome")]])
        let event = OOMEvent(scope: .global, complete: true, trigger: OOMTrigger(name: "postgres", pid: 10),
                             victim: OOMVictim(pid: 20, name: "chrome", anonRssKiB: 400_000, fileRssKiB: 0, shmemRssKiB: 0),
                             tasks: table, lines: LineSpan(source: "-", first: 1, last: 9))
        let text = event.explanation()
        #expect(text.contains("The victim was not the biggest task: 'postgres' (pid 10)"))
        #expect(text.contains("The victim's oom_score_adj (1000) is higher than 'postgres''s (0)"))
        #expect(text.contains("it was not the task that triggered the OOM"))
    }

    @Test func exemptBiggestTask() {
        let table = TaskTable(columns: ["pid", "rss", "oom_score_adj", "name"],
                              rows: [[.number(1), .number(9000), .number(-1000), .text("sshd")],
                                     [.number(2), .number(10), .number(0), .text("small")]])
        let event = OOMEvent(scope: .global, victim: OOMVictim(pid: 2, name: "small"), tasks: table,
                             lines: LineSpan(source: "-", first: 1, last: 2))
        #expect(event.explanation().contains("'sshd' has oom_score_adj -1000, which exempts it"))
    }

    @Test func noKillableAndUnknowns() throws {
        let e = try #require(try Fixture.scan("oom-no-killable-5.10-tempesta-deadlocked.log").events.first)
        #expect(e.explanation().contains("found no process it could kill"))
        let bare = KernelLogScanner.scan(Array("Killed process 1300 (bare)\n".utf8)).events[0]
        let text = bare.explanation()
        #expect(text.contains("do not say whether a cgroup limit or the whole machine"))
        #expect(text.contains("Its size is not in the log"))
    }

    @Test func repeatedKillsOfTheSameName() throws {
        let events = try Fixture.scan("memcg-v1-3.10-rhel7-ltp-syslog-burst.log").events
            + (try Fixture.scan("global-5.x-docker-resolved-parens-reaper.log").events)
        let repeated = RepeatedKill.find(in: events)
        #expect(repeated.map(\.name) == ["memcg_test_1", "python3", "(resolved)"])
        #expect(repeated[0].count == 5)
        #expect(repeated[0].pids == [42452, 42453, 42474, 42471, 42468])
        #expect(repeated[1].summary.hasPrefix("'python3' was killed 2 times (pids 15784, 15783)"))
        #expect(RepeatedKill.find(in: events, minimumCount: 3).map(\.name) == ["memcg_test_1"])
    }
}

import Testing
@testable import KernelLog

/// Whole reports from the fixture corpus (see Fixtures/SOURCES.md), one test per thing reproduced.
@Suite struct OOMReportTests {
    @Test func memcgV1OnKernel618FromThisMachine() throws {
        for name in ["memcg-v1-6.18-tail-64MiB-dmesg.log", "memcg-v1-6.18-tail-64MiB-kmsg.log"] {
            let scan = try Fixture.scan(name)
            try #require(scan.events.count == 1, "\(name)")
            let e = scan.events[0]
            #expect(e.scope == .memcg)
            #expect(e.complete)
            #expect(e.trigger == OOMTrigger(name: "tail", pid: 6115, gfpMask: "0xcc0(GFP_KERNEL)", order: 0, oomScoreAdj: 0))
            #expect(e.constraint == "CONSTRAINT_MEMCG")
            #expect(e.nodemask == "(null)")
            #expect(e.cpuset == "/")
            #expect(e.memsAllowed == "0")
            #expect(e.oomMemcg == "/sleuth-probe-4378")
            #expect(e.taskMemcg == "/sleuth-probe-4378")
            #expect(e.memory == OOMMemory(usageKiB: 65536, limitKiB: 65536, failcnt: 67,
                                          memsw: MemoryCounter(usageKiB: 65536, limitKiB: 9007199254740988, failcnt: 0),
                                          kmem: MemoryCounter(usageKiB: 188, limitKiB: 9007199254740988, failcnt: 0)))
            #expect(e.victim == OOMVictim(pid: 6115, name: "tail", totalVmKiB: 68148, anonRssKiB: 65152, fileRssKiB: 1588,
                                          shmemRssKiB: 0, uid: 0, pgtablesKiB: 168, oomScoreAdj: 0))
            #expect(e.tasks?.columns == ["pid", "uid", "tgid", "total_vm", "rss", "rss_anon", "rss_file", "rss_shmem",
                                         "pgtables_bytes", "swapents", "oom_score_adj", "name"])
            #expect(e.tasks?.rows.count == 1)
            #expect(e.tasks?.value("rss", row: 0) == .number(16685))
            #expect(e.tasks?.value("name", row: 0) == .text("tail"))
            #expect(e.time.uptimeSeconds == 11272.036465)
            #expect(e.lines == LineSpan(source: name, first: 1, last: 79))
            #expect(e.reaped == nil)
            #expect(scan.lookalikes.isEmpty)
        }
    }

    @Test func memcgV1Kernel313TaskInLegacyLine() throws {
        let scan = try Fixture.scan("memcg-v1-3.13-ubuntu-task-in-mem2.log")
        try #require(scan.events.count == 1)
        let e = scan.events[0]
        #expect(e.scope == .memcg)
        #expect(e.complete)
        #expect(e.trigger?.name == "memorymonster")
        #expect(e.trigger?.pid == 13536)
        #expect(e.trigger?.gfpMask == "0xd0")
        #expect(e.cpuset == "/")
        #expect(e.constraint == nil)
        #expect(e.oomMemcg == "/mem2")
        #expect(e.taskMemcg == "/mem2")
        #expect(e.memory?.usageKiB == 980)
        #expect(e.memory?.limitKiB == 980)
        #expect(e.memory?.failcnt == 4152239)
        #expect(e.memory?.memsw?.limitKiB == 18014398509481983)
        #expect(e.tasks?.columns == ["pid", "uid", "tgid", "total_vm", "rss", "nr_ptes", "swapents", "oom_score_adj", "name"])
        #expect(e.tasks?.value("uid", row: 0) == .number(275858))
        #expect(e.chosen == OOMChosen(pid: 13536, name: "memorymonster", score: 996))
        // 3.13 prints no shmem-rss, UID, pgtables or oom_score_adj: they stay nil, never 0.
        #expect(e.victim == OOMVictim(pid: 13536, name: "memorymonster", totalVmKiB: 33558652, anonRssKiB: 920, fileRssKiB: 452))
        #expect(e.lines.first == 1)
        #expect(e.lines.last == 31)
    }

    @Test func globalKernel313WithFullMemInfo() throws {
        let scan = try Fixture.scan("global-3.13-ubuntu-gce-badsysprogram.log")
        try #require(scan.events.count == 1)
        let e = scan.events[0]
        #expect(e.scope == .global)
        #expect(e.complete)
        #expect(e.memory == nil)
        #expect(e.oomMemcg == nil)
        #expect(e.tasks?.rows.count == 28)
        #expect(e.tasks?.value("oom_score_adj", row: 1) == .number(-1000))
        #expect(e.tasksByRss.first?.name == "badsysprogram")
        #expect(e.tasksByRss.first?.rssKiB == 398810 * 4)
        #expect(e.victim?.pid == 1532)
        #expect(e.victim?.fileRssKiB == 76)
    }

    @Test func memcgV1Kernel48TwoDockerKillsWithReaper() throws {
        let scan = try Fixture.scan("memcg-v1-4.8-docker-two-kills.log")
        try #require(scan.events.count == 2)
        let (a, b) = (scan.events[0], scan.events[1])
        #expect(a.victim?.pid == 1381)
        #expect(b.victim?.pid == 1667)
        #expect(a.reaped == OOMReaped(pid: 1381, name: "gunpowder-memho", anonRssKiB: 0, fileRssKiB: 0, shmemRssKiB: 0))
        #expect(b.reaped?.pid == 1667)
        #expect(a.oomMemcg == "/docker/2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50")
        #expect(b.oomMemcg == "/docker/6c6fcab8562fd3150854986b78552c732f234fd405b624207b8843528a145e70")
        #expect(a.cpuset == "2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50")
        #expect(a.memory?.memsw == MemoryCounter(usageKiB: 40940, limitKiB: 40960, failcnt: 6))
        #expect(b.memory?.usageKiB == 307112)
        #expect(b.memory?.limitKiB == 307200)
        #expect(a.tasks?.columns.contains("nr_pmds") == true)
        #expect(a.victim?.shmemRssKiB == 0)
        // Each event stops at its own end: the second starts at its own trigger.
        #expect(a.lines == LineSpan(source: "memcg-v1-4.8-docker-two-kills.log", first: 15, last: 44))
        #expect(b.lines.first == 61)
        #expect(b.lines.last == 90)
        #expect(a.complete && b.complete)
    }

    @Test func rhel7ChildKilledInsteadOfPickedParentThenNextReportCut() throws {
        let scan = try Fixture.scan("memcg-v1-3.10-rhel7-k8s-java-child-dmesg-T.log")
        try #require(scan.events.count == 2)
        let first = scan.events[0]
        #expect(first.scope == .memcg)
        #expect(!first.complete)
        #expect(first.chosen == OOMChosen(pid: 24572, name: "java", score: 0))
        #expect(first.victim?.pid == 28438)
        #expect(first.victim?.anonRssKiB == 466160)
        #expect(first.time.wallClock == "2017-12-07T00:05:15")
        #expect(first.tasks?.value("oom_score_adj", row: 0) == .number(-998))
        let second = scan.events[1]
        #expect(!second.complete)
        #expect(second.victim == nil)
        #expect(second.trigger == OOMTrigger(name: "java", pid: 14881, gfpMask: "0xd0", order: 0, oomScoreAdj: -998))
        #expect(second.cpuset == "1e479e759020fa0b6c72def90973540a2d33982fea2ad67a96373b4da751a820")
        #expect(second.time.wallClock == "2017-12-07T00:13:22")
    }

    @Test func pastedReportWithBlankLinesCutInTheTable() throws {
        let scan = try Fixture.scan("memcg-v1-4.x-docker-wca-pasted-blank-lines.log")
        try #require(scan.events.count == 1)
        let e = scan.events[0]
        #expect(!e.complete)
        #expect(e.scope == .memcg)
        #expect(e.victim == nil)
        #expect(e.memory?.limitKiB == 4194304)
        #expect(e.memory?.memsw?.limitKiB == 8388608)
        #expect(e.tasks?.rows.count == 5)
        #expect(e.tasks?.value("pid", row: 0) == .number(102872))
        #expect(e.tasks?.value("name", row: 4) == .text("dbus-daemon"))
    }

    @Test func burstWithRateLimitedHeadersGivesOneEventPerVictim() throws {
        let scan = try Fixture.scan("memcg-v1-3.10-rhel7-ltp-syslog-burst.log")
        #expect(scan.events.map(\.victimPid) == [42452, 42453, 42474, 42471, 42468, nil])
        #expect(scan.events.allSatisfy { !$0.complete })
        #expect(scan.events[0].scope == nil)
        #expect(scan.events[1].scope == .memcg)
        #expect(scan.events[1].victim?.uid == 0)
        #expect(scan.events[1].victim?.totalVmKiB == 7296)
        #expect(scan.events[5].chosen?.pid == 42469)
        #expect(scan.events[1].lines.first == 2 && scan.events[1].lines.last == 3)
    }

    @Test func cutReportsKeepWhatIsKnown() throws {
        let runc = try Fixture.scan("memcg-5.3-gcp-runc-child-syslog-cut.log").events
        try #require(runc.count == 1)
        #expect(runc[0].trigger?.name == "runc:[1:CHILD]")
        #expect(runc[0].trigger?.pid == 7148)
        #expect(runc[0].trigger?.oomScoreAdj == -999)
        #expect(!runc[0].complete)
        #expect(runc[0].victim == nil)

        let kvm = try Fixture.scan("memcg-5.3-sle-harvester-cpu-kvm-syslog-cut.log").events
        #expect(kvm.first?.trigger?.name == "CPU 2/KVM")
        #expect(kvm.first?.trigger?.pid == 10612)

        let gc = try Fixture.scan("global-5.4-ubuntu-gc-thread-syslog-cut.log").events
        #expect(gc.first?.trigger?.name == "GC Thread#9")
        #expect(gc.first?.trigger?.gfpMask == "0x100cca(GFP_HIGHUSER_MOVABLE)")
        #expect(gc.first?.time.uptimeSeconds == 7097.004932)

        let android = try Fixture.scan("trigger-3.0-android-oom-adj.log").events
        #expect(android.first?.trigger == OOMTrigger(name: "osmcore_L", gfpMask: "0x200da", order: 0, oomScoreAdj: -1000, oomAdj: -17))

        let cp = try Fixture.scan("trigger-4.13-cp-nodemask-trailing-spaces.log").events
        #expect(cp.first?.trigger == OOMTrigger(name: "cp", pid: 4289, gfpMask: "0x14000c0(GFP_KERNEL)", order: 0,
                                                oomScoreAdj: -998, nodemask: "(null)"))
        #expect(cp.first?.cpuset == "ec391272ec599d14b9d3ad22e7b3d37b4e3047eef9ea796e239861e0c209a763")
    }

    @Test func grepFilteredConstraintAndVictimWithCutReaperLine() throws {
        let scan = try Fixture.scan("memcg-5.x-kubepods-qemu-constraint-grep.log")
        try #require(scan.events.count == 1)
        let e = scan.events[0]
        #expect(e.scope == .memcg)
        #expect(e.oomMemcg == "/kubepods/pod4f6371a7-c7ea-416a-837a-a4692d874756")
        #expect(e.taskMemcg == "/kubepods/pod4f6371a7-c7ea-416a-837a-a4692d874756/06ea4e4c81e3b77d6c6d4d150016783adb9476391a3d713e4ccf0180889a4557")
        #expect(e.memsAllowed == "0-1")
        #expect(e.victim == OOMVictim(pid: 1526, name: "qemu-system-x86", totalVmKiB: 11226804, anonRssKiB: 10439204,
                                      fileRssKiB: 24704, shmemRssKiB: 4, uid: 107))
        // `oom_reaper: reaped process 152` was cut mid-number: it is not this victim's.
        #expect(e.reaped == nil)
    }

    @Test func constraintLineAloneNamesTheVictim() throws {
        let e = try #require(try Fixture.scan("memcg-6.x-cri-containerd-constraint-lxc.log").events.first)
        #expect(e.scope == .memcg)
        #expect(e.victim == OOMVictim(pid: 461754, name: "pt_main_thread", uid: 0))
        #expect(e.cpuset == "cri-containerd-ec9ee26695deb4cc72bc665efff1cf3a03fdfb12f1303e02fe9252985e084a95.scope")
        #expect(e.oomMemcg?.hasPrefix("/lxc.payload....-lxc/kubepods.slice/") == true)
        #expect(!e.complete)
    }

    @Test func globalKillsOfNamesInParentheses() throws {
        let scan = try Fixture.scan("global-5.x-docker-resolved-parens-reaper.log")
        #expect(scan.events.map(\.victimPid) == [15784, 15925, 15783, 15934])
        #expect(scan.events.map { $0.victim?.name } == ["python3", "(resolved)", "python3", "(resolved)"])
        #expect(scan.events.map { $0.reaped?.name } == ["python3", "(resolved)", "python3", "(resolved)"])
        #expect(scan.events.allSatisfy { $0.scope == .global })
        #expect(scan.events[1].time.uptimeSeconds == 518.061172)
    }

    @Test func tasksStateHeaderOfKernel6() throws {
        let e = try #require(try Fixture.scan("global-6.x-relate-dmesg-T-tasks-state.log").events.first)
        #expect(e.lines.first == 3)
        #expect(e.tasks?.columns.count == 12)
        #expect(e.tasks?.rows.count == 8)
        #expect(e.tasks?.value("name", row: 0) == .text("systemd-journal"))
        #expect(e.tasks?.value("rss_file", row: 0) == .number(1848))
        #expect(e.tasksByRss.first?.name == "docker-swarm")
    }

    @Test func rhel6VictimLineWithUidBeforeName() throws {
        let redis = try #require(try Fixture.scan("global-2.6.32-rhel6-redis-uid-syslog.log").events.first)
        #expect(redis.victim == OOMVictim(pid: 21578, name: "redis-server", totalVmKiB: 9100804, anonRssKiB: 9066596,
                                          fileRssKiB: 64, uid: 503))
        #expect(redis.chosen?.score == 555)
        #expect(redis.scope == .global)
        let mysql = try #require(try Fixture.scan("global-2.6.32-rhel6-mysqld-grep-killed.log").events.first)
        #expect(mysql.victim?.uid == 498)
        #expect(mysql.victim?.name == "mysqld")
        #expect(mysql.time.uptimeSeconds == 2858609.598568)
        #expect(mysql.scope == nil)
    }

    @Test func olderGlobalKillsInOtherRenderings() throws {
        let dup = try #require(try Fixture.scan("global-3.x-duplicity-dmesg-sacrifice.log").events.first)
        #expect(dup.victim?.pid == 21518)
        #expect(dup.time.uptimeSeconds == 35881895.792304)
        let ru = try #require(try Fixture.scan("global-4.x-journal-ru-month-earlyoom-bash.log",
                                               options: .init(assumedYear: 2019)).events.first)
        #expect(ru.victim?.name == "bash")
        #expect(ru.time.wallClock == "2019-04-28T01:23:30")
        let r = try #require(try Fixture.scan("global-4.x-journal-single-letter-name-R.log").events.first)
        #expect(r.victim?.name == "R")
        #expect(r.chosen?.name == "R")
    }

    @Test func hardWrappedPasteAndDigitGroups() throws {
        let e = try #require(try Fixture.scan("global-5.x-autovod-dmesg-T-hard-wrapped.log").events.first)
        #expect(e.scope == .global)
        #expect(e.constraint == "CONSTRAINT_NONE")
        #expect(e.taskMemcg == "/init.scope")
        #expect(e.victim?.totalVmKiB == 26184840)
        #expect(e.victim?.pgtablesKiB == 38964)
        #expect(e.lines.first == 5)
    }

    @Test func noKillableProcesses() throws {
        let riscv = try #require(try Fixture.scan("oom-no-killable-4.18-riscv-panic.log").events.first)
        #expect(riscv.noKillableProcesses)
        #expect(riscv.victim == nil)
        #expect(riscv.tasks?.rows.isEmpty == true)
        #expect(riscv.lines.first == 9 && riscv.lines.last == 10)
        let tempesta = try #require(try Fixture.scan("oom-no-killable-5.10-tempesta-deadlocked.log").events.first)
        #expect(tempesta.noKillableProcesses)
        #expect(tempesta.time.uptimeSeconds == 3893.943876)
    }

    @Test func fixturesWithNoKill() throws {
        #expect(try Fixture.scan("global-4.14-openwrt-dmesg-raw-meminfo.log").events.isEmpty)
        // Table rows without their header cannot be read by column: no event.
        #expect(try Fixture.scan("global-5.x-rpi-tmux-names-pgtables.log").events.isEmpty)
    }
}

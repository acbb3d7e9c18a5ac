import Testing
@testable import KernelLog

@Suite struct RobustnessTests {
    /// Oracle: the same log fed whole and in chunks of 1, 7 and 4096 bytes gives identical results.
    @Test(arguments: [1, 7, 4096])
    func chunkSizesDoNotChangeTheResult(chunk: Int) throws {
        for name in Fixture.allLogNames {
            let bytes = try Fixture.bytes(name)
            let whole = KernelLogScanner.scan(bytes, source: name)
            let split = Fixture.scanChunked(bytes, chunk: chunk, source: name)
            #expect(split == whole, "\(name) in chunks of \(chunk)")
        }
    }

    /// Names with spaces, parentheses, brackets, colons and slashes: the name ends at the LAST `)`
    /// before the known suffix.
    @Test(arguments: ["Web Content", "CPU 0/KVM", "(sd-pam)", "runc:[1:CHILD]", "a) b (c", "x)", "tmux: client", "(", ")"])
    func processNamesAreTakenWhole(name: String) {
        let log = """
        [  100.000001] \(name) invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
        [  100.000002] CPU: 1 PID: 4242 Comm: \(name) Not tainted 5.15.0 #1
        [  100.000003] Out of memory: Killed process 4242 (\(name)) total-vm:1000kB, anon-rss:800kB, file-rss:100kB, shmem-rss:0kB, UID:1000 pgtables:40kB oom_score_adj:0
        [  100.000004] oom_reaper: reaped process 4242 (\(name)), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
        """
        let scan = KernelLogScanner.scan(Array(log.utf8))
        #expect(scan.events.count == 1)
        let e = scan.events.first
        #expect(e?.trigger?.name == name)
        #expect(e?.trigger?.pid == 4242)
        #expect(e?.victim?.name == name)
        #expect(e?.reaped?.name == name)
        #expect(e?.victim?.anonRssKiB == 800)
        #expect(e?.complete == true)

        let old = "Killed process 7 (\(name)).\nKilled process 8 (\(name))\nKilled process 9, UID 5, (\(name)) total-vm:10kB, anon-rss:1kB, file-rss:2kB\n"
        let olds = KernelLogScanner.scan(Array(old.utf8)).events
        #expect(olds.map { $0.victim?.name } == [name, name, name])
        #expect(olds.map(\.victimPid) == [7, 8, 9])
    }

    @Test func victimLineGenerations() {
        let lines = [
            "Out of memory: kill process 1234 (oldtask) score 5 or a child",
            "Killed process 1234 (oldtask).",
            "Killed process 1300 (bare)",
            "Out of memory (oom_kill_allocating_task): Killed process 1400 (alloc) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB",
        ]
        let events = KernelLogScanner.scan(Array((lines.joined(separator: "\n") + "\n").utf8)).events
        #expect(events.map(\.victimPid) == [1234, 1300, 1400])
        #expect(events[0].chosen == OOMChosen(pid: 1234, name: "oldtask", score: 5))
        #expect(events[0].victim?.name == "oldtask")
        #expect(events[0].victim?.totalVmKiB == nil)
        #expect(events[2].scope == .global)
    }

    /// A report is never swallowed by the one before it, even with no victim in between.
    @Test func aNewTriggerClosesTheReportBeforeIt() {
        let log = """
        a invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0
        Task in /a killed as a result of limit of /a
        b invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0
        Task in /b killed as a result of limit of /b
        Memory cgroup out of memory: Killed process 2 (b) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB
        """
        let events = KernelLogScanner.scan(Array(log.utf8)).events
        #expect(events.count == 2)
        #expect(events[0].trigger?.name == "a")
        #expect(events[0].oomMemcg == "/a")
        #expect(!events[0].complete)
        #expect(events[0].lines.last == 2)
        #expect(events[1].trigger?.name == "b")
        #expect(events[1].oomMemcg == "/b")
        #expect(events[1].complete)
    }

    /// Hard-wrapped rows (a terminal of 80 columns) join back when the next line has no timestamp.
    @Test func hardWrappedTableRowsAndVictimLine() throws {
        let text = try Fixture.text("memcg-v1-6.18-tail-64MiB-dmesg.log")
        var wrapped = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = Substring(line)
            var first = true
            while rest.count > 80 {
                wrapped += (first ? "" : "") + rest.prefix(80) + "\n"
                rest = rest.dropFirst(80)
                first = false
            }
            wrapped += rest + "\n"
        }
        let original = try Fixture.scan("memcg-v1-6.18-tail-64MiB-dmesg.log").events
        let events = KernelLogScanner.scan(Array(wrapped.utf8)).events
        try #require(events.count == 1)
        #expect(events[0].victim == original[0].victim)
        #expect(events[0].tasks == original[0].tasks)
        #expect(events[0].trigger == original[0].trigger)
        #expect(events[0].memory == original[0].memory)
    }

    @Test func aVeryLongLineIsCutNotHeld() {
        var bytes = Array("x invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 300_000)
        bytes += Array("\nOut of memory: Killed process 5 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n".utf8)
        var scanner = KernelLogScanner()
        scanner.feed(bytes)
        scanner.finish()
        #expect(scanner.truncatedLineCount == 1)
        let events = scanner.takeEvents()
        #expect(events.count == 1)
        #expect(events.first?.complete == true)
    }

    @Test func aGarbageLineNeverBecomesAHugeName() {
        // A kill line cut by the line cap, with no `)` where a name ends: the name stays within 64 bytes.
        let line = "Out of memory: Killed process 1 (x" + String(repeating: " Out of memory: Killed process 1 (y) z", count: 2000)
        let events = KernelLogScanner.scan(Array((line + "\n").utf8)).events
        #expect(events.count == 1)
        #expect((events.first?.victim?.name?.utf8.count ?? 0) <= OOMLineParser.maxNameBytes)
        // The 2.6 forms still end the name at the line's last `)`, even with parentheses inside it.
        let old = KernelLogScanner.scan(Array("Out of memory: Killed process 77 ((sd-pam)).\n".utf8)).events
        #expect(old.first?.victim?.name == "(sd-pam)")
    }

    @Test func kernelLinesFromOtherProgramsAreIgnored() {
        let log = """
        Nov 26 10:00:00 h myapp[12]: Killed process 99 (fake) total-vm:1kB, anon-rss:1kB, file-rss:0kB
        Nov 26 10:00:00 h kernel: Killed process 100 (real) total-vm:1kB, anon-rss:1kB, file-rss:0kB
        """
        #expect(KernelLogScanner.scan(Array(log.utf8)).events.map(\.victimPid) == [100])
    }

    @Test func reportStaleForTooLongIsClosed() {
        var log = "a invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0\n"
        for i in 0..<50 { log += "ordinary line \(i)\n" }
        log += "Killed process 3 (late) total-vm:1kB, anon-rss:1kB, file-rss:0kB\n"
        let events = KernelLogScanner.scan(Array(log.utf8), options: .init(staleReportLines: 10)).events
        #expect(events.count == 2)
        #expect(events[0].trigger?.name == "a")
        #expect(events[0].victim == nil)
        #expect(events[1].victim?.name == "late")
    }
}

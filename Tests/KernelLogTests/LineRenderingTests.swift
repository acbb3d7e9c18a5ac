import Testing
@testable import KernelLog

@Suite struct LineRenderingTests {
    private struct Detected {
        var rendering: LineRendering
        var message: String
        var time: EventTime
        var isKernel: Bool
    }

    private func detect(_ line: String, after previous: [String] = [], year: Int? = nil) -> Detected {
        var detector = LineRenderingDetector()
        for p in previous { _ = Array(p.utf8).withUnsafeBufferPointer { detector.detect($0) } }
        return Array(line.utf8).withUnsafeBufferPointer { b in
            let head = detector.detect(b)
            return Detected(rendering: head.rendering,
                            message: ByteScan.string(b, head.messageStart, b.count),
                            time: EventTime(line: b, head: head, assumedYear: year),
                            isKernel: head.isKernel)
        }
    }

    @Test func plain() {
        let d = detect("Killed process 1532 (badsysprogram) total-vm:1641388kB, anon-rss:1595164kB, file-rss:76kB")
        #expect(d.rendering == .plain)
        #expect(d.message.hasPrefix("Killed process 1532"))
        #expect(d.time == EventTime())
    }

    @Test func dmesgUptime() {
        let d = detect("[11272.036258] memory: usage 65536kB, limit 65536kB, failcnt 67")
        #expect(d.rendering == .dmesg)
        #expect(d.message == "memory: usage 65536kB, limit 65536kB, failcnt 67")
        #expect(d.time.uptimeSeconds == 11272.036258)
        #expect(d.time.text == "11272.036258")
    }

    @Test func tableRowIsNotATimestamp() {
        let d = detect("[  273]     0   273     4869       50      13        0             0 upstart-udev-br")
        #expect(d.rendering == .plain)
        #expect(d.message.hasPrefix("[  273]"))
    }

    @Test func dmesgCtimeEnglishAndOtherLocales() {
        let en = detect("[Thu Dec  7 00:05:15 2017] [28438]     0 28438  5063909   119961    1661   136409          -998 java")
        #expect(en.rendering == .dmesgCtime)
        #expect(en.time.wallClock == "2017-12-07T00:05:15")
        #expect(en.message.hasPrefix("[28438]"))
        #expect(detect("[Do Mär 26 10:00:00 2026] x").time.wallClock == "2026-03-26T10:00:00")
        #expect(detect("[jeu. déc. 24 23:59:59 2026] x").time.wallClock == "2026-12-24T23:59:59")
        #expect(detect("[jue dic 24 23:59:59 2026] x").time.wallClock == "2026-12-24T23:59:59")
        #expect(detect("[gio ott  1 08:00:00 2026] x").time.wallClock == "2026-10-01T08:00:00")
        #expect(detect("[qui out  1 08:00:00 2026] x").time.wallClock == "2026-10-01T08:00:00")
        #expect(detect("[Чт ноя 26 10:00:00 2026] x").time.wallClock == "2026-11-26T10:00:00")
        // An unknown month name keeps the text and gives no wall clock, rather than failing.
        let unknown = detect("[Tor Xyz 26 10:00:00 2026] Killed process 1 (x)")
        #expect(unknown.rendering == .dmesgCtime)
        #expect(unknown.time.wallClock == nil)
        #expect(unknown.time.text == "Tor Xyz 26 10:00:00 2026")
        #expect(unknown.message == "Killed process 1 (x)")
    }

    @Test func dmesgISO() {
        let d = detect("2026-11-26T10:00:00,123456+00:00 tail invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0")
        #expect(d.rendering == .dmesgISO)
        #expect(d.time.wallClock == "2026-11-26T10:00:00.123456+00:00")
        #expect(d.message.hasPrefix("tail invoked"))
    }

    @Test func dmesgRaw() {
        let d = detect("<6>[  12.345000] oom_reaper: reaped process 1381 (gunpowder-memho), now anon-rss:0kB")
        #expect(d.rendering == .dmesgRaw)
        #expect(d.time.uptimeSeconds == 12.345)
        #expect(d.message.hasPrefix("oom_reaper:"))
        #expect(detect("<4>Out of memory: Killed process 1 (x)").message == "Out of memory: Killed process 1 (x)")
    }

    @Test func kmsgRecordAndDictionary() {
        let d = detect("4,344,11272031831,-;tail invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0")
        #expect(d.rendering == .kmsg)
        #expect(d.time.uptimeSeconds == 11272.031831)
        #expect(d.message.hasPrefix("tail invoked"))
        let caller = detect("6,1234,5678901,-,caller=T42;msg")
        #expect(caller.rendering == .kmsg)
        #expect(caller.message == "msg")
        #expect(detect(" SUBSYSTEM=memory", after: ["6,1,2,-;x"]).rendering == .kmsgDictionary)
        #expect(detect(" dump_stack+0x6d/0x95").rendering == .plain)
    }

    @Test func syslogTraditionalWithAndWithoutKernelUptime() {
        let a = detect("Aug 13 07:00:11 gcp-ubuntu-bionic kernel: runc:[1:CHILD] invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=-999")
        #expect(a.rendering == .syslog)
        #expect(a.isKernel)
        #expect(a.message.hasPrefix("runc:[1:CHILD] invoked"))
        #expect(a.time.wallClock == nil)
        #expect(detect("Aug 13 07:00:11 h kernel: x", year: 2020).time.wallClock == "2020-08-13T07:00:11")
        let b = detect("Mar  2 17:35:10 server1 kernel: [2858609.598568] Killed process 11726, UID 498, (mysqld) total-vm:7823732kB, anon-rss:2539268kB, file-rss:768kB")
        #expect(b.rendering == .syslog)
        #expect(b.time.uptimeSeconds == 2858609.598568)
        #expect(b.message.hasPrefix("Killed process 11726"))
        let ru = detect("апр 28 01:23:30 PC kernel: Out of memory: Kill process 27541 (bash) score 572 or sacrifice child", year: 2019)
        #expect(ru.rendering == .syslog)
        #expect(ru.time.wallClock == "2019-04-28T01:23:30")
        let precise = detect("Aug 30 06:58:55.050705 ... kernel: oom-kill:constraint=CONSTRAINT_MEMCG", year: 2024)
        #expect(precise.time.wallClock == "2024-08-30T06:58:55.050705")
        #expect(precise.message == "oom-kill:constraint=CONSTRAINT_MEMCG")
    }

    @Test func syslogFromOtherProgramsIsNotKernel() {
        let d = detect("Oct 07 19:16:10 <hostname> earlyoom[26328]: sending SIGTERM to process 57834 uid 1000 \"code\": badness 866, VmRSS 5 MiB")
        #expect(d.rendering == .syslog)
        #expect(!d.isKernel)
        let nohost = detect("avril 16 21:08:50 systemd-oomd[93234]: Considered 97 cgroups for killing, top candidates were:")
        #expect(nohost.rendering == .syslog)
        #expect(!nohost.isKernel)
        #expect(nohost.message.hasPrefix("Considered 97"))
    }

    @Test func rfc3339AndJournalShortISO() {
        let a = detect("2026-11-26T10:00:00.123456+01:00 host kernel: Out of memory: Killed process 1 (x)")
        #expect(a.rendering == .syslogISO)
        #expect(a.time.wallClock == "2026-11-26T10:00:00.123456+01:00")
        #expect(a.message == "Out of memory: Killed process 1 (x)")
        let b = detect("2026-11-26T10:00:00+0100 host kernel: x")
        #expect(b.rendering == .syslogISO)
        #expect(b.time.wallClock == "2026-11-26T10:00:00+01:00")
    }

    @Test func journalShortMonotonicVersusDmesg() {
        let j = detect("[  123.456789] testhost kernel: oom_reaper: reaped process 1 (x), now anon-rss:0kB")
        #expect(j.rendering == .journalMonotonic)
        #expect(j.message.hasPrefix("oom_reaper:"))
        #expect(j.time.uptimeSeconds == 123.456789)
        // A dmesg message that happens to look like `word word:` stays a dmesg line.
        let d = detect("[    1.2] usb 1-1: new high-speed USB device")
        #expect(d.rendering == .dmesg)
        #expect(d.message == "usb 1-1: new high-speed USB device")
    }

    @Test func civilDates() {
        #expect(WallClock.iso(unixMicroseconds: 0) == "1970-01-01T00:00:00.000000Z")
        #expect(WallClock.iso(unixMicroseconds: 1_795_687_200_000_001) == "2026-11-26T10:00:00.000001Z")
    }
}

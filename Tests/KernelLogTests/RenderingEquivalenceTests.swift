import Testing
@testable import KernelLog

/// The same real report, re-rendered in every rendering (and in all of them mixed line by line),
/// gives the same events; only the times differ, and they are read from each rendering.
@Suite struct RenderingEquivalenceTests {
    static let reports = [
        "memcg-v1-6.18-tail-64MiB-dmesg.log",
        "memcg-v1-4.8-docker-two-kills.log",
        "global-3.13-ubuntu-gce-badsysprogram.log",
        "memcg-v1-3.10-rhel7-k8s-java-child-dmesg-T.log",
        "oom-no-killable-4.18-riscv-panic.log",
    ]

    private func strip(_ events: [OOMEvent]) -> [OOMEvent] {
        events.map { e in
            var e = e
            e.time = EventTime()
            e.lines = LineSpan(source: "-", first: 0, last: 0)
            return e
        }
    }

    private func messages(_ name: String) throws -> [String] {
        var text = try Fixture.text(name)
        if name.contains("dmesg-T") {
            // Drop the `[Thu Dec  7 00:05:14 2017] ` prefix.
            text = text.split(separator: "\n").map { String($0.dropFirst(27)) }.joined(separator: "\n") + "\n"
        }
        return Rerender.messages(of: text)
    }

    @Test(arguments: Rerender.allCases)
    func everyRenderingGivesTheSameEvents(rendering: Rerender) throws {
        for name in Self.reports {
            let messages = try messages(name)
            let expected = strip(KernelLogScanner.scan(Array(Rerender.dmesg.render(messages).utf8)).events)
            try #require(!expected.isEmpty)
            let rendered = rendering.render(messages)
            let events = KernelLogScanner.scan(Array(rendered.utf8), options: .init(assumedYear: 2026)).events
            #expect(strip(events) == expected, "\(name) as \(rendering)")
            for chunk in [1, 7, 4096] {
                #expect(Fixture.scanChunked(Array(rendered.utf8), chunk: chunk, options: .init(assumedYear: 2026)).events == events)
            }
        }
    }

    @Test func timesAreReadFromEachRendering() throws {
        let messages = try messages("memcg-v1-6.18-tail-64MiB-dmesg.log")
        let victimIndex = messages.count - 1
        func victimTime(_ r: Rerender) throws -> EventTime {
            let e = KernelLogScanner.scan(Array(r.render(messages).utf8), options: .init(assumedYear: 2026)).events
            return try #require(e.first).time
        }
        let uptime = Double(Rerender.uptimeMicros(victimIndex)) / 1e6
        #expect(try victimTime(.dmesg).uptimeSeconds == uptime)
        #expect(try victimTime(.kmsg).uptimeSeconds == uptime)
        #expect(try victimTime(.dmesgRaw).uptimeSeconds == uptime)
        #expect(try victimTime(.journalShortMonotonic).uptimeSeconds == uptime)
        #expect(try victimTime(.syslogWithUptime).uptimeSeconds == uptime)
        #expect(try victimTime(.dmesgCtime).wallClock == "2026-11-26T10:00:10")
        #expect(try victimTime(.dmesgCtimeGerman).wallClock == "2026-03-26T10:00:10")
        #expect(try victimTime(.dmesgCtimeRussian).wallClock == "2026-11-26T10:00:10")
        #expect(try victimTime(.dmesgISO).wallClock?.hasPrefix("2026-11-26T10:00:10.") == true)
        #expect(try victimTime(.syslog).wallClock == "2026-11-26T10:00:10")
        #expect(try victimTime(.syslogRFC3339).wallClock?.hasSuffix("+01:00") == true)
        #expect(try victimTime(.journalShortISO).wallClock == "2026-11-26T10:00:10+01:00")
        let json = try victimTime(.journalJSON)
        #expect(json.uptimeSeconds == uptime)
        #expect(json.wallClock == WallClock.iso(unixMicroseconds: 1_795_687_200_000_000 + Rerender.uptimeMicros(victimIndex)))
    }

    @Test func allRenderingsMixedLineByLine() throws {
        for name in Self.reports {
            let messages = try messages(name)
            let expected = strip(KernelLogScanner.scan(Array(Rerender.dmesg.render(messages).utf8)).events)
            let mixed = Rerender.mixed(messages, Rerender.allCases)
            let events = KernelLogScanner.scan(Array(mixed.utf8), options: .init(assumedYear: 2026)).events
            #expect(strip(events) == expected, "\(name) mixed")
        }
    }
}

import Foundation
import Notebook
import Testing
@testable import Report

/// What the charts and the timeline draw from the fixed notebook.
@Suite struct ChartAndTimelineTests {
    @Test func theMemoryChartDrawsTheLimitTheKillTheWorkAndTheForecast() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let chart = try #require(report.markdown(chartFilePrefix: "p").charts.first { $0.fileName == "p-6-memory.svg" }).svg
        for cls in ["s-rss", "s-anon", "s-usage", "s-limit", "s-work", "s-fit", "s-fit-ext", "trough", "forecast", "oom"] {
            #expect(chart.contains("class=\"\(cls)\""), "\(cls)")
        }
        // The restarted api (pid 5120) was the sampled target: its kill is marked; the earlier kill of pid 4242,
        // twenty minutes before the window, is not.
        #expect(chart.contains("OOM kill: api (pid 5120)"))
        #expect(!chart.contains("pid 4242"))
        #expect(chart.contains(">memory (MiB)<"))
        #expect(chart.contains(">minutes since 2025-11-26 10:02:00 UTC<"))
        #expect(chart.contains(">work counter<"))
        #expect(chart.contains(">cgroup limit 512.0 MiB<"))
        #expect(chart.contains("forecast: limit in 1 min 52 s"))
        #expect(chart.contains("prefers-color-scheme: dark"))
    }

    @Test func theFlameGraphHasARectWithATooltipPerFrame() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let chart = try #require(report.markdown(chartFilePrefix: "p").charts.first { $0.fileName == "p-13-flame.svg" }).svg
        let frames = chart.components(separatedBy: "<rect class=\"flame\"").count - 1
        #expect(frames == 12)
        #expect(chart.contains("<title>main.retainPayload\n90.0 MiB (81.82%)</title>"))
        #expect(chart.contains("<title>root\n110.0 MiB (100.00%)</title>"))
    }

    @Test func theTimelineIsOneUTCClockInOrder() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let timeline = ReportModel(report).timeline
        #expect(timeline.map(\.epoch) == timeline.map(\.epoch).sorted())
        let kills = timeline.filter { $0.kind == .oomKill }
        #expect(kills.map(\.timeLabel) == ["2025-11-26 09:41:07", "2025-11-26 10:13:52"])
        // The same kill read by two dmesg runs is one event.
        #expect(kills[0].text.hasSuffix("read by #2, #7"))
        #expect(timeline.first?.kind == .oomKill)
        let profiles = timeline.filter { $0.kind == .profile }
        #expect(profiles.map(\.timeLabel) == ["2025-11-26 10:05:00", "2025-11-26 10:08:00", "2025-11-26 10:11:00"])
        let sampling = timeline.filter { $0.kind == .sampling }
        #expect(sampling.map(\.timeLabel) == ["2025-11-26 10:02:00", "2025-11-26 10:12:00"])
    }

    @Test func aKillWithoutAWallClockIsPlacedBeforeTheCommandThatReadIt() {
        let result = #"{"events":[{"time":{"text":"12.5","uptimeSeconds":12.5,"wallClock":null},"victim":{"pid":7,"name":"x"}}]}"#
        let entry = Entry(id: 1, sessionId: 1, line: "dmesg f", command: "dmesg", startedAt: 1_764_151_200,
                          endedAt: 1_764_151_201, status: .ok, result: result, text: "")
        let report = Report(notebookPath: "n", generator: "g", sessions: [], entries: [entry], investigation: Investigation())
        let kill = try! #require(ReportModel(report).timeline.first { $0.kind == .oomKill })
        #expect(kill.timeLabel == "≤ 2025-11-26 10:00:00")
        #expect(report.markdown(chartFilePrefix: nil).text.contains("x (pid 7) at before 2025-11-26 10:00:00 UTC (12.500 s after boot)"))
    }
}

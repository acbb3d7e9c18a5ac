import Analysis
import Foundation
import Testing
@testable import ProcessSampling

/// The sampler on processes the tests start, and the verdicts on what it records.
/// Each workload is sampled at 150 ms for 15 s; they run in parallel.
@Suite struct SamplerTests {
    func sample(_ child: ChildProcess, seconds: Double, every: Double = 0.15, work: (any WorkCounter)? = nil,
                progress: (Sample) -> Void = { _ in }) throws -> Series {
        let target = try TargetResolver().resolve(.pid(child.pid))
        let config = SamplerConfiguration(target: target, intervalSeconds: every,
                                          stop: seconds > 0 ? .after(seconds: seconds) : .untilExit, work: work,
                                          childExit: child.exitHook())
        return try Sampler(config).run(progress: progress)
    }

    func analyze(_ series: Series) throws -> TrendAnalysis {
        let columns = series.columns
        return try TrendAnalyzer.analyze(TrendInput(times: columns.times, memoryKiB: columns.memoryKiB, work: columns.work,
                                                    limitKiB: series.cgroupLimitKiB.map { Double($0) },
                                                    memTotalKiB: series.memTotalKiB.map { Double($0) }))
    }

    @Test(.enabled(if: ChildProcess.hasPython, "needs python3"))
    func leakUnderGCSawtoothIsGrowing() throws {
        let counter = NSTemporaryDirectory() + "sleuth-requests-\(getpid())"
        defer { unlink(counter) }
        // 100 KiB leaked per step (~2 MiB/s), 40 MiB of garbage freed every 40 steps (~2 s).
        let child = try ChildProcess(python: Workload.sawtooth(leakKiB: 100), arguments: [counter])
        defer { child.stop() }
        child.readLine()
        var seen = 0
        let series = try sample(child, seconds: 15, work: FileWorkCounter(path: counter)) { _ in seen += 1 }
        #expect(series.endReason == .completed)
        #expect(seen == series.samples.count)
        #expect(series.samples.count >= 95)
        let a = try analyze(series)
        #expect(a.verdict == .growing, "\(a.reason)")
        #expect(a.basis == "troughs" && a.cycles >= 5, "\(a.reason)")
        // ~2 MiB/s of leak; python's pace on a busy machine varies, hence the wide band.
        let slope = try #require(a.slopeKiBPerSecond)
        #expect(slope > 1000 && slope < 2600, "\(a.reason)")
        // Work is the step count: about 100 KiB retained per step.
        let perStep = try #require(a.work?.kibPerUnit)
        #expect(perStep > 80 && perStep < 130, "\(String(describing: a.work))")
        #expect(a.forecast.secondsToLimit != nil)
    }

    @Test(.enabled(if: ChildProcess.hasPython, "needs python3"))
    func steadySawtoothIsSteady() throws {
        let child = try ChildProcess(python: Workload.sawtooth(leakKiB: 0, gcEvery: 30))
        defer { child.stop() }
        child.readLine()
        // Steady state: let the interpreter's own allocations settle over two cycles first (on a loaded
        // machine its first troughs still creep up by a few hundred KiB, which the analysis rightly calls
        // not yet significant rather than steady).
        Thread.sleep(forTimeInterval: 3)
        let series = try sample(child, seconds: 20)
        let a = try analyze(series)
        #expect(a.verdict == .steady, "\(a.reason)")
        #expect(a.cycles >= 5, "\(a.reason)")
        #expect(try #require(a.cycleAmplitudeKiB) > 20 * 1024)
    }

    @Test(.enabled(if: ChildProcess.hasPython, "needs python3"))
    func growThenPlateauIsWarmingUp() throws {
        // 400 KiB per step for 100 steps (~5 s, 40 MiB), then still.
        let child = try ChildProcess(python: Workload.warmUp(stepKiB: 400, steps: 100))
        defer { child.stop() }
        child.readLine()
        let series = try sample(child, seconds: 15)
        let a = try analyze(series)
        #expect(a.verdict == .warmingUp, "\(a.reason)")
        let change = try #require(a.changePoint)
        #expect(change.atSeconds > 3 && change.atSeconds < 9, "\(a.reason)")
    }

    @Test(.enabled(if: ChildProcess.hasPython, "needs python3"))
    func exitMidSample() throws {
        let child = try ChildProcess(python: "import sys, time\nprint('ready', flush=True)\ntime.sleep(1.5)\nsys.exit(3)")
        child.readLine()
        let series = try sample(child, seconds: 0, every: 0.1)
        #expect(series.endReason == .exited)
        #expect(series.exitStatus == .exited(3))
        #expect(series.samples.count >= 10 && series.samples.count <= 20)
        #expect(try #require(series.samples.last?.t) > 1.2)
    }

    @Test(.enabled(if: ChildProcess.hasPython && TestCgroup.isAvailable,
                   "needs root, python3 and a writable memory cgroup hierarchy (v1, or v2 with the memory controller delegated)"))
    func oomKilledInsideAMemoryCgroup() throws {
        let cgroup = try TestCgroup(limitBytes: 96 << 20, tag: "oom")
        defer { cgroup.remove() }
        // The shell moves itself into the cgroup, then becomes python, which grows ~40 MiB/s.
        let script = Workload.warmUp(stepKiB: 2048, steps: 10_000).replacingOccurrences(of: "'", with: "'\"'\"'")
        let child = try ChildProcess("/bin/sh", ["-c", "echo $$ > \(cgroup.procsFile) && exec \(ChildProcess.python) -c '\(script)'"])
        defer { child.stop() }
        child.readLine()
        let target = try TargetResolver().resolve(.pid(child.pid))
        #expect(target.cgroup?.directory == cgroup.directory)
        let config = SamplerConfiguration(target: target, intervalSeconds: 0.1, stop: .after(seconds: 20),
                                          childExit: child.exitHook())
        let series = try Sampler(config).run()
        #expect(series.endReason == .oomKilled)
        #expect(series.exitStatus == .signaled(9))
        #expect(try #require(series.oomKillsDuringSampling) >= 1)
        #expect(series.cgroupLimitKiB == 96 * 1024)
        #expect(try #require(series.samples.compactMap(\.rssKiB).max()) > 50 * 1024)
    }

    @Test func noDriftAndJitterFigures() throws {
        let target = try TargetResolver(excluded: []).resolve(.pid(getpid()))
        let series = try Sampler(SamplerConfiguration(target: target, intervalSeconds: 0.05, stop: .after(seconds: 2))).run()
        #expect(series.endReason == .completed)
        #expect(series.samples.count == 41 - series.missedDeadlines)
        // Deadlines are absolute: the k-th sample is at k·50 ms plus its own lateness, never more.
        for (k, s) in series.samples.enumerated() where series.missedDeadlines == 0 {
            #expect(s.t >= Double(k) * 0.05 - 0.001 && s.t < Double(k) * 0.05 + 0.04, "sample \(k) at \(s.t)")
        }
        #expect(abs(try #require(series.achievedIntervalSeconds) - 0.05) < 0.003)
        #expect(try #require(series.jitterP50Milliseconds) < 20)
        #expect(try #require(series.jitterP99Milliseconds) >= series.jitterP50Milliseconds!)
        #expect(series.samples.allSatisfy { $0.rssKiB != nil && $0.anonKiB != nil && $0.pssKiB == nil })
    }

    @Test func cancellationKeepsSamples() throws {
        let target = try TargetResolver(excluded: []).resolve(.pid(getpid()))
        var taken = 0
        let series = try Sampler(SamplerConfiguration(target: target, intervalSeconds: 0.02, stop: .untilExit, pss: true))
            .run(progress: { _ in taken += 1 }, isCancelled: { taken >= 5 })
        #expect(series.endReason == .interrupted)
        #expect(series.samples.count == 5)
        #expect(series.samples.allSatisfy { $0.pssKiB != nil })
    }

    @Test func reusedPidIsDetected() throws {
        var target = try TargetResolver(excluded: []).resolve(.pid(getpid()))
        target.process?.startTimeTicks += 1   // as if this pid had belonged to another process
        let series = try Sampler(SamplerConfiguration(target: target, intervalSeconds: 0.05, stop: .after(seconds: 1))).run()
        #expect(series.endReason == .pidReused)
        #expect(series.samples.isEmpty)
    }

    @Test func cgroupTarget() throws {
        guard let own = try TargetResolver(excluded: []).memoryCgroup(getpid()) else { return }
        let target = try TargetResolver().resolve(.cgroup(own.path))
        let series = try Sampler(SamplerConfiguration(target: target, intervalSeconds: 0.1, stop: .after(seconds: 0.5))).run()
        #expect(series.samples.count == 6 - series.missedDeadlines)
        #expect(series.samples.allSatisfy { $0.cgroupUsageKiB != nil && $0.rssKiB == nil && $0.memoryKiB != nil })
    }

    @Test func seriesEncodesNullsAndRejectsBadIntervals() throws {
        let target = ResolvedTarget(process: ProcessIdentity(pid: 1, startTimeTicks: 2), name: "x", cgroup: nil)
        let series = Series(target: target, intervalSeconds: 1, samples: [Sample(t: 0, rssKiB: 5)], endReason: .oomKilled,
                            exitStatus: .signaled(9))
        let json = String(decoding: try JSONEncoder().encode(series), as: UTF8.self)
        #expect(json.contains(#""pssKiB":null"#) && json.contains(#""work":null"#) && json.contains(#""cgroupLimitKiB":null"#))
        #expect(json.contains(#""endReason":"oom-killed""#) && json.contains(#""exitStatus":{"signal":9}"#))
        #expect(try JSONDecoder().decode(Series.self, from: Data(json.utf8)) == series)
        #expect(throws: SamplingError.self) {
            try Sampler(SamplerConfiguration(target: target, intervalSeconds: 0, stop: .untilExit))
        }
    }
}

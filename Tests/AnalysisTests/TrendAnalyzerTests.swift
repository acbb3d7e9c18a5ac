import Foundation
import Testing
@testable import Analysis

/// Verdicts on constructed series with known shapes (KiB, one sample a second unless stated).
@Suite struct TrendAnalyzerTests {
    let base = 200.0 * 1024   // 200 MiB

    func analyze(_ y: [Double], step: Double = 1, work: [Double?]? = nil, limit: Double? = nil,
                 memTotal: Double? = nil) throws -> TrendAnalysis {
        try TrendAnalyzer.analyze(TrendInput(times: SeriesMaker.times(count: y.count, step: step), memoryKiB: y,
                                             work: work, limitKiB: limit, memTotalKiB: memTotal))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func flatNoiseIsSteady(seed: UInt64) throws {
        let a = try analyze(SeriesMaker.linear(count: 600, base: base, slope: 0, noise: 2048, seed: seed))
        #expect(a.verdict == .steady, "\(a.reason)")
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func tinyDriftIsSteady(seed: UInt64) throws {
        // +1% over ten minutes, well below the noise-free threshold of 3%: allocator drift.
        let a = try analyze(SeriesMaker.linear(count: 600, base: base, slope: 0.01 * base / 600, noise: 300, seed: seed))
        #expect(a.verdict == .steady, "\(a.reason)")
        #expect(try #require(a.mannKendallP) < 0.01)   // significant, but immaterial
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func linearLeakIsGrowing(seed: UInt64) throws {
        let slope = 50.0   // KiB/s: +15% in ten minutes
        let a = try analyze(SeriesMaker.linear(count: 600, base: base, slope: slope, noise: 2048, seed: seed))
        #expect(a.verdict == .growing, "\(a.reason)")
        let interval = try #require(a.slopeInterval)
        #expect(try #require(interval.lower) <= slope && slope <= (try #require(interval.upper)))
        #expect(abs(try #require(a.slopeKiBPerSecond) - slope) < 5)
        #expect(a.basis == "series")
    }

    @Test func shrinking() throws {
        let a = try analyze(SeriesMaker.linear(count: 300, base: base, slope: -100, noise: 500, seed: 4))
        #expect(a.verdict == .shrinking, "\(a.reason)")
    }

    @Test(arguments: [3.0, 7.0, 15.0, 40.0])
    func steadySawtoothIsSteady(period: Double) throws {
        // Teeth of 50% of the base, period from 3 s to 40 s, flat troughs.
        let y = SeriesMaker.sawtooth(count: 900, base: base, amplitude: 0.5 * base, period: period, leak: 0,
                                     noise: 512, seed: UInt64(period))
        let a = try analyze(y)
        #expect(a.verdict == .steady, "\(a.reason)")
        #expect(a.basis == "troughs")
        #expect(abs(Double(a.cycles) - 900 / period) <= 2)
        #expect(abs(try #require(a.cyclePeriodSeconds) - period) < 1.01)
    }

    @Test(arguments: [3.0, 7.0, 15.0, 40.0])
    func slowLeakUnderBigSawtoothIsGrowing(period: Double) throws {
        // Troughs rise 10% over 15 minutes while the teeth are 60% tall.
        let leak = 0.10 * base / 900
        let y = SeriesMaker.sawtooth(count: 900, base: base, amplitude: 0.6 * base, period: period, leak: leak,
                                     noise: 512, seed: 100 + UInt64(period))
        let a = try analyze(y)
        #expect(a.verdict == .growing, "\(a.reason)")
        #expect(a.basis == "troughs")
        #expect(abs(try #require(a.slopeKiBPerSecond) - leak) < 0.25 * leak)
    }

    @Test func twoCyclesAreNotEnough() throws {
        let y = SeriesMaker.sawtooth(count: 100, base: base, amplitude: 0.5 * base, period: 40, leak: 0, noise: 256, seed: 9)
        let a = try analyze(y)
        #expect(a.verdict == .insufficientData, "\(a.reason)")
        #expect(a.cycles == 2)
        let more = try #require(a.keepSamplingSeconds)
        #expect(more >= 30 && more <= 50)
        #expect(a.reason.contains("keep sampling"))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func warmUpThenPlateau(seed: UInt64) throws {
        // Caches fill with a 60 s time constant, then nothing more: +50% then flat.
        var rng = SeededRandom(seed: seed)
        let y = (0..<600).map { i in base * (1 + 0.5 * (1 - exp(-Double(i) / 60))) + 800 * rng.gaussian() }
        let a = try analyze(y)
        #expect(a.verdict == .warmingUp, "\(a.reason)")
        #expect(a.changePoint != nil)
    }

    @Test func linearWarmUpThenFlat() throws {
        var rng = SeededRandom(seed: 5)
        let y = (0..<300).map { i in base + 300 * Double(min(i, 100)) + 1000 * rng.gaussian() }
        let a = try analyze(y)
        #expect(a.verdict == .warmingUp, "\(a.reason)")
        #expect(abs(try #require(a.changePoint).atSeconds - 100) < 20)
    }

    @Test func singleBigAllocationIsNotALeak() throws {
        var rng = SeededRandom(seed: 6)
        let y = (0..<600).map { i in base + (i >= 250 ? 0.3 * base : 0) + 1000 * rng.gaussian() }
        let a = try analyze(y)
        #expect(a.verdict == .steady, "\(a.reason)")
        #expect(abs(try #require(a.changePoint).stepKiB - 0.3 * base) < 0.05 * base)
    }

    @Test func spikeIsIgnored() throws {
        var y = SeriesMaker.linear(count: 600, base: base, slope: 0, noise: 1000, seed: 12)
        for i in 300..<310 { y[i] += base }   // a 10 s burst allocation, then freed
        let a = try analyze(y)
        #expect(a.verdict == .steady, "\(a.reason)")
    }

    @Test func leakThatStartsLateIsGrowing() throws {
        var rng = SeededRandom(seed: 13)
        let y = (0..<600).map { i in base + 80 * Double(max(0, i - 200)) + 1000 * rng.gaussian() }
        let a = try analyze(y)
        #expect(a.verdict == .growing, "\(a.reason)")
    }

    @Test func tooFewSamples() throws {
        let a = try analyze([1, 2, 3, 4])
        #expect(a.verdict == .insufficientData)
        #expect(a.samples == 4)
        #expect(a.keepSamplingSeconds == 6)
        #expect(throws: AnalysisError.self) {
            try TrendAnalyzer.analyze(TrendInput(times: [0, 1], memoryKiB: [1]))
        }
    }

    @Test func missingSamplesAreSkipped() throws {
        var y: [Double?] = SeriesMaker.linear(count: 200, base: base, slope: 200, noise: 100, seed: 3)
        for i in stride(from: 0, to: 200, by: 7) { y[i] = nil }
        let a = try TrendAnalyzer.analyze(TrendInput(times: SeriesMaker.times(count: 200, step: 1), memoryKiB: y))
        #expect(a.verdict == .growing)
        #expect(a.samples == 200 - 29)
    }

    @Test func forecastToTheCgroupLimit() throws {
        let y = SeriesMaker.linear(count: 600, base: base, slope: 100, noise: 200, seed: 21)
        let limit = 512.0 * 1024
        let a = try analyze(y, limit: limit)
        #expect(a.verdict == .growing)
        #expect(a.forecast.limitSource == "cgroup")
        // At the end the series is at base + 100·599 KiB; the rest goes at 100 KiB/s.
        let expected = (limit - (base + 100 * 599)) / 100
        let seconds = try #require(a.forecast.secondsToLimit)
        #expect(abs(seconds - expected) < 0.03 * expected)
        let interval = try #require(a.forecast.secondsInterval)
        #expect(try #require(interval.lower) <= seconds && seconds <= (try #require(interval.upper)))
    }

    @Test func forecastFallsBackToMemTotalAndStaysEmptyWhenSteady() throws {
        let growing = try analyze(SeriesMaker.linear(count: 300, base: base, slope: 100, noise: 200, seed: 1), memTotal: 16 * 1024 * 1024)
        #expect(growing.forecast.limitSource == "memtotal")
        #expect(growing.forecast.secondsToLimit != nil)
        let steady = try analyze(SeriesMaker.linear(count: 300, base: base, slope: 0, noise: 200, seed: 1), memTotal: 16 * 1024 * 1024)
        #expect(steady.forecast.secondsToLimit == nil)
        let memTotal: Double = 16 * 1024 * 1024
        #expect(steady.forecast.limitKiB == memTotal)
    }

    @Test func memoryPerUnitOfWork() throws {
        // 3 requests a second, 20 KiB retained per request, under a GC sawtooth.
        var rng = SeededRandom(seed: 31)
        var requests = 0.0
        var work: [Double?] = []
        var y: [Double] = []
        for i in 0..<600 {
            requests += 3 + Double(Int.random(in: -2...2, using: &rng))
            work.append(requests)
            let tooth = 0.3 * base * (Double(i % 20) / 20)
            y.append(base + 20 * requests + tooth + 200 * rng.gaussian())
        }
        let a = try analyze(y, work: work)
        #expect(a.verdict == .growing, "\(a.reason)")
        let relation = try #require(a.work)
        #expect(relation.pairs == 600)
        #expect(abs(try #require(relation.kibPerUnit) - 20) < 2)
        #expect(try #require(relation.spearman) > 0.3)
    }

    @Test func encodesExplicitNulls() throws {
        let a = try analyze([1, 2, 3])
        let json = String(decoding: try JSONEncoder().encode(TrendReport(analysis: a)), as: UTF8.self)
        #expect(json.contains("\"analysis\":{"))
        #expect(json.contains("\"slopeKiBPerSecond\":null"))
        #expect(json.contains("\"work\":null"))
        #expect(json.contains("\"verdict\":\"insufficient-data\""))
        #expect(json.contains("\"secondsToLimit\":null"))
        let back = try JSONDecoder().decode(TrendReport.self, from: Data(json.utf8))
        #expect(back.analysis == a)
    }

    @Test func intervalEncodesAsPair() throws {
        let json = String(decoding: try JSONEncoder().encode([Interval(lower: 1.5, upper: .infinity)]), as: UTF8.self)
        #expect(json == "[[1.5,null]]")
    }
}

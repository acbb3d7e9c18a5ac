import Testing
@testable import Analysis

@Suite struct MannKendallTests {
    // Reference values computed with the textbook formulas (scipy/numpy in the comment).
    @Test func monotoneFivePoints() throws {
        let mk = try #require(MannKendall([1, 2, 3, 4, 5]))
        #expect(mk.s == 10)
        #expect(abs(mk.variance - 16.666_666_666_7) < 1e-9)
        #expect(abs(mk.z - 2.204_540_768_504_86) < 1e-9)
        #expect(abs(mk.pValue - 0.027_486_336_111_51) < 1e-9)
        #expect(mk.tau == 1)
    }

    @Test func tenPointsNoTies() throws {
        let mk = try #require(MannKendall([1, 3, 2, 5, 4, 6, 8, 7, 9, 12]))
        #expect(mk.s == 39)
        #expect(mk.variance == 125)
        #expect(abs(mk.pValue - 0.000_676_764_180_121) < 1e-9)
    }

    @Test func tiesReduceTheVariance() throws {
        let mk = try #require(MannKendall([5, 3, 3, 3, 2, 4, 1, 1, 0, 2, -1]))
        #expect(mk.s == -36)
        #expect(abs(mk.variance - 159.333_333_333) < 1e-6)
        #expect(abs(mk.z - -2.772_775_598_354) < 1e-9)
        #expect(abs(mk.pValue - 0.005_558_043_329_73) < 1e-9)
    }

    @Test func constantSeriesHasNoTrend() throws {
        let mk = try #require(MannKendall([7, 7, 7, 7, 7]))
        #expect(mk.s == 0)
        #expect(mk.pValue == 1)
        #expect(MannKendall([1, 2]) == nil)
    }
}

@Suite struct TheilSenTests {
    @Test func exactLine() throws {
        let x = (0..<50).map(Double.init)
        let fit = try #require(TheilSen.fit(x: x, y: x.map { 3 * $0 + 2 }))
        #expect(fit.slope == 3)
        #expect(fit.intercept == 2)
        #expect(fit.lower == 3 && fit.upper == 3)
    }

    /// Oracle: scipy.stats.theilslopes(y, x, 0.95) → slope 1.0, interval [0.75, 1.428571].
    @Test func matchesScipyInterval() throws {
        let x = (0..<10).map(Double.init)
        let fit = try #require(TheilSen.fit(x: x, y: [1, 3, 2, 5, 4, 6, 8, 7, 9, 12]))
        #expect(fit.slope == 1)
        #expect(fit.lower == 0.75)
        #expect(abs(fit.upper - 1.428_571_428_571) < 1e-9)
    }

    @Test func ignoresOutliersThatFoolLeastSquares() throws {
        var y = SeriesMaker.linear(count: 200, base: 1000, slope: 2, noise: 5, seed: 7)
        for i in stride(from: 0, to: 200, by: 9) { y[i] += 50_000 }   // 11% wild spikes
        let fit = try #require(TheilSen.fit(x: SeriesMaker.times(count: 200, step: 1), y: y))
        #expect(abs(fit.slope - 2) < 0.15)
        #expect(fit.lower <= 2 && 2 <= fit.upper)
    }

    @Test func unsortedInputAndLongSeriesReduction() throws {
        let n = 5000
        let x = SeriesMaker.times(count: n, step: 0.1)
        let y = SeriesMaker.linear(count: n, step: 0.1, base: 100, slope: -1.5, noise: 3, seed: 11)
        let order = Array((0..<n).reversed())
        let fit = try #require(TheilSen.fit(x: order.map { x[$0] }, y: order.map { y[$0] }))
        #expect(fit.reduced)
        #expect(fit.pointCount == TheilSen.maximumExactPoints)
        #expect(abs(fit.slope + 1.5) < 0.05)
        #expect(fit.lower < fit.slope && fit.slope < fit.upper)
    }

    @Test func degenerateInputs() {
        #expect(TheilSen.fit(x: [1], y: [1]) == nil)
        #expect(TheilSen.fit(x: [2, 2, 2], y: [1, 2, 3]) == nil)
    }
}

@Suite struct CorrelationTests {
    @Test func pearsonAndSpearman() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        #expect(try #require(Correlation.pearson(x, x.map { 2 * $0 + 1 })) > 0.999_999)
        #expect(try #require(Correlation.spearman(x, x.map { $0 * $0 * $0 })) == 1)
        #expect(try #require(Correlation.pearson(x, x.map { -$0 })) < -0.999_999)
        #expect(Correlation.pearson(x, [1, 1, 1, 1, 1, 1]) == nil)
        #expect(Correlation.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
    }

    @Test func normalQuantileRoundTrips() {
        #expect(abs(Statistics.normalQuantile(0.975) - 1.959_963_984_540) < 1e-9)
        #expect(abs(Statistics.normalQuantile(0.001) + 3.090_232_306_168) < 1e-9)
        #expect(abs(Statistics.normalCDF(1.959_963_984_540) - 0.975) < 1e-12)
    }
}

/// Judges a memory series: growing (a leak), steady, warming up, shrinking, or too short to tell.
///
/// The steps, each reported in the result:
/// 1. Clean (drop missing samples, sort by time) and refuse fewer than `minimumSamples` samples.
/// 2. Look for a GC sawtooth (`Sawtooth.detect`: sharp drops, ramps covering the window, two levels
///    deep for minor/major collections). With teeth, the trend is the trend of the troughs (the live
///    set after each collection); with fewer than `minimumCycles` teeth the series
///    is not judged unless its growth dwarfs the teeth, and the result says how long to keep sampling.
///    Without teeth, the trend is fitted on `groups` medians of consecutive samples, which removes
///    most of the autocorrelation that would make every wiggle "significant".
/// 3. Theil–Sen slope with Sen's interval and the Mann–Kendall p-value on that basis; growth over the
///    window as a fraction of the level. Not significant, or below `minimumGrowthFraction` → `steady`.
///    Mann–Kendall cannot reach significance on fewer than ~5 troughs however clean the rise, so
///    with under 10 troughs a least-squares t-test at `seriesAlpha` may stand in for it; rising but
///    still insignificant troughs give `insufficient-data` with a time to keep sampling.
/// 4. A significant rise is tested for a plateau: the best two-segment fit; when the tail (at least
///    `minimumPlateauFraction` of the window) is flat and much slower than the head → `warming-up`,
///    or `steady` when the head was flat too (one step: a single large allocation).
/// 5. Forecast to the cgroup limit (or MemTotal) at the slope and its interval; correlation with
///    the work counter and KiB per unit of work.
public enum TrendAnalyzer {
    /// Analyses `input` with `options`.
    /// - Throws: `AnalysisError` when the arrays have different lengths.
    /// - Complexity: O(n log n) plus O(m²) for the Theil–Sen fits (m ≤ 2000 points).
    public static func analyze(_ input: TrendInput, options: TrendOptions = TrendOptions()) throws -> TrendAnalysis {
        guard input.times.count == input.memoryKiB.count else {
            throw AnalysisError("\(input.times.count) times but \(input.memoryKiB.count) memory values")
        }
        if let work = input.work, work.count != input.times.count {
            throw AnalysisError("\(input.times.count) times but \(work.count) work values")
        }
        // 1. Clean.
        var kept = input.times.indices.filter { i in
            input.times[i].isFinite && (input.memoryKiB[i].map { $0.isFinite } ?? false)
        }
        kept.sort { input.times[$0] < input.times[$1] }
        let n = kept.count
        let t0 = n > 0 ? input.times[kept[0]] : 0
        let t = kept.map { input.times[$0] - t0 }
        let y = kept.map { input.memoryKiB[$0]! }
        let span = t.last ?? 0
        var forecast = Forecast(limitKiB: input.limitKiB ?? input.memTotalKiB,
                                limitSource: input.limitKiB != nil ? "cgroup" : (input.memTotalKiB != nil ? "memtotal" : nil))
        guard n >= options.minimumSamples, span > 0 else {
            let perSample = n >= 2 ? span / Double(n - 1) : nil
            let more = perSample.map { Double(options.minimumSamples - n) * $0 }
            return TrendAnalysis(verdict: .insufficientData, forecast: forecast,
                                 reason: "only \(n) usable sample\(n == 1 ? "" : "s"); at least \(options.minimumSamples) are needed",
                                 samples: n, spanSeconds: span, keepSamplingSeconds: more)
        }
        let level = max(abs(Statistics.median(y)!), 1e-9)
        let noise = Sawtooth.differenceNoise(y)

        // 2. Sawtooth.
        let overall = TheilSen.fit(x: t, y: y, confidence: options.confidence)!
        let teeth = gcTeeth(t: t, y: y, slope: overall.slope, level: level, options: options)
        let hasTeeth = teeth != nil
        var useTroughs = false
        if let teeth {
            let period = teeth.period ?? (span / Double(teeth.troughs.count))
            if teeth.troughs.count >= options.minimumCycles {
                useTroughs = true
            } else if teeth.amplitude >= 0.5 * abs(overall.slope) * span {
                let cycles = teeth.troughs.count
                let more = Double(options.minimumCycles - cycles) * period
                return TrendAnalysis(
                    verdict: .insufficientData, cycles: cycles, forecast: forecast,
                    reason: "a GC sawtooth with only \(cycles) cycle\(cycles == 1 ? "" : "s") (teeth of \(Text.kib(teeth.amplitude)), about \(Text.seconds(period)) apart); a trend needs \(options.minimumCycles) troughs: keep sampling about \(Text.seconds(more)) more",
                    basis: "troughs", samples: n, spanSeconds: span, levelKiB: level, noiseKiB: noise,
                    cyclePeriodSeconds: teeth.period, cycleAmplitudeKiB: teeth.amplitude, keepSamplingSeconds: more)
            }
        }

        // 3. Trend on the basis.
        let bx: [Double]
        let by: [Double]
        if useTroughs {
            bx = teeth!.troughs.map { t[$0] }
            by = teeth!.troughs.map { y[$0] }
        } else {
            (bx, by) = Statistics.groupMedians(x: t, y: y, groups: options.groups)
        }
        let basisName = useTroughs ? "troughs" : "series"
        let fit = TheilSen.fit(x: bx, y: by, confidence: options.confidence)!
        let mk = MannKendall(by)!
        let basisLevel = useTroughs ? max(abs(Statistics.median(by)!), 1e-9) : level
        let growth = fit.slope * span / basisLevel
        let alpha = useTroughs ? options.troughAlpha : options.seriesAlpha
        var significant = mk.pValue < alpha
        var smallSampleNote = ""
        if useTroughs, !significant, by.count < 10, growth >= options.minimumGrowthFraction,
           let regression = Statistics.regressionSlopeTest(x: bx, y: by), regression.slope > 0,
           regression.pValue < options.seriesAlpha {
            // Mann–Kendall cannot reach significance on a handful of troughs however clean the rise;
            // a least-squares t-test can, at the stricter level.
            significant = true
            smallSampleNote = " (few troughs: regression t-test \(Text.p(regression.pValue)))"
        }
        let cycles = teeth?.troughs.count ?? 0
        let work = workRelation(input: input, kept: kept, memory: y, troughs: useTroughs ? teeth!.troughs : nil)

        func result(_ verdict: Verdict, _ reason: String, keepSampling: Double? = nil, change: ChangePoint? = nil) -> TrendAnalysis {
            if verdict == .growing, fit.slope > 0, let limit = forecast.limitKiB {
                let current = fit.value(at: span) + (useTroughs ? teeth!.amplitude : 0)
                let headroom = max(0, limit - current)
                forecast.secondsToLimit = headroom / fit.slope
                forecast.secondsInterval = Interval(lower: fit.upper > 0 ? headroom / fit.upper : nil,
                                                    upper: fit.lower > 0 ? headroom / fit.lower : nil)
            }
            return TrendAnalysis(
                verdict: verdict, slopeKiBPerSecond: fit.slope, slopeInterval: Interval(lower: fit.lower, upper: fit.upper),
                mannKendallP: mk.pValue, cycles: cycles, forecast: forecast, work: work, reason: reason, basis: basisName,
                samples: n, spanSeconds: span, levelKiB: basisLevel, growthFraction: growth, noiseKiB: noise,
                cyclePeriodSeconds: teeth?.period, cycleAmplitudeKiB: teeth?.amplitude,
                keepSamplingSeconds: keepSampling, changePoint: change)
        }

        let what = useTroughs ? "GC troughs (\(cycles) cycles)" : "memory"
        let figures = "\(Text.rate(fit.slope)) [\(Text.rate(fit.lower)), \(Text.rate(fit.upper))], \(Text.percent(growth)) of the \(Text.kib(basisLevel)) level over \(Text.seconds(span)), Mann–Kendall \(Text.p(mk.pValue))\(smallSampleNote)"
        if !significant || abs(growth) < options.minimumGrowthFraction {
            if useTroughs, !significant, growth >= options.minimumGrowthFraction {
                // Rising troughs, but too few to be significant yet.
                let period = teeth!.period ?? span / Double(cycles)
                let more = Double(max(6 - cycles, 2)) * period
                return result(.insufficientData,
                              "\(what) rise \(figures), but that is not yet significant: keep sampling about \(Text.seconds(more)) more",
                              keepSampling: more)
            }
            let why = !significant ? "no significant trend" : "a trend too small to matter (below \(Text.percent(options.minimumGrowthFraction)) of the level)"
            return result(.steady, "\(what): \(why): \(figures)")
        }
        if growth < 0 {
            return result(.shrinking, "\(what) fall \(figures)")
        }

        // 4. Plateau or step.
        if let change = changePoint(x: bx, y: by, span: span, level: basisLevel, options: options) {
            let headGrowth = change.headSlopeKiBPerSecond * change.atSeconds / basisLevel
            if change.headSlopeKiBPerSecond * span / basisLevel >= options.minimumGrowthFraction {
                return result(.warmingUp,
                              "\(what) grew \(Text.percent(headGrowth)) (\(Text.rate(change.headSlopeKiBPerSecond))) until \(Text.seconds(change.atSeconds)), then stayed flat (\(Text.rate(change.tailSlopeKiBPerSecond))) for \(Text.seconds(span - change.atSeconds)): warming up (caches or pools filling), not a leak",
                              change: change)
            }
            if change.stepKiB > 0 {
                return result(.steady,
                              "\(what) flat apart from one step of \(Text.kib(change.stepKiB)) at \(Text.seconds(change.atSeconds)) (a single large allocation?); flat before and after",
                              change: change)
            }
        }
        return result(.growing, "\(what) \(useTroughs ? "grow" : "grows") \(figures)")
    }

    /// GC teeth as the analysis uses them: trough indices, median period and peak-to-trough amplitude.
    struct Teeth {
        var troughs: [Int]
        var period: Double?
        var amplitude: Double
    }

    /// Finds the GC sawtooth, two levels deep: when the troughs of the teeth themselves climb and
    /// drop (minor collections inside major ones, as in V8 or a JVM's young and old generations),
    /// the troughs of the troughs are the post-GC lows that matter. `nil` without a GC sawtooth.
    static func gcTeeth(t: [Double], y: [Double], slope: Double, level: Double, options: TrendOptions) -> Teeth? {
        let minimumTooth = options.minimumToothFraction * level
        let inner = Sawtooth.detect(t: t, y: y, trendSlope: slope, minimumDrop: 0.01 * level)
        guard inner.isGarbageCollection(minimumDrop: minimumTooth) else { return nil }
        var teeth = Teeth(troughs: inner.troughIndices, period: inner.medianPeriod, amplitude: inner.medianDrop)
        if inner.cycles >= 8 {
            let tt = inner.troughIndices.map { t[$0] }
            let ty = inner.troughIndices.map { y[$0] }
            let troughSlope = TheilSen.fit(x: tt, y: ty)?.slope ?? 0
            let outer = Sawtooth.detect(t: tt, y: ty, trendSlope: troughSlope, minimumDrop: 0.01 * level)
            if outer.isGarbageCollection(minimumDrop: minimumTooth) {
                let troughs = outer.troughIndices.map { inner.troughIndices[$0] }
                var drops: [Double] = []
                for (k, trough) in troughs.enumerated() {
                    let from = k > 0 ? troughs[k - 1] : 0
                    drops.append(y[from...trough].max()! - y[trough])
                }
                teeth = Teeth(troughs: troughs, period: outer.medianPeriod, amplitude: Statistics.median(drops) ?? 0)
            }
        }
        return teeth
    }

    /// The best two-segment least-squares fit, returned only when its tail is a plateau.
    ///
    /// The tail is a plateau when it spans at least `minimumPlateauFraction` of the window, its
    /// Theil–Sen slope would add less than `minimumGrowthFraction` of the level over the whole
    /// window, and it is under a quarter of the head's slope with the upper end of its interval
    /// under half of it (or the head was flat too: a step).
    /// - Complexity: O(m) to place the break (prefix sums) plus two Theil–Sen fits.
    static func changePoint(x: [Double], y: [Double], span: Double, level: Double, options: TrendOptions) -> ChangePoint? {
        let m = x.count
        let minimumSegment = max(3, m / 5)
        guard m >= 8, m >= 2 * minimumSegment else { return nil }
        var sx = [0.0], sy = [0.0], sxx = [0.0], sxy = [0.0], syy = [0.0]
        for i in 0..<m {
            sx.append(sx[i] + x[i]); sy.append(sy[i] + y[i])
            sxx.append(sxx[i] + x[i] * x[i]); sxy.append(sxy[i] + x[i] * y[i]); syy.append(syy[i] + y[i] * y[i])
        }
        func sse(_ a: Int, _ b: Int) -> Double {
            let k = Double(b - a)
            let mx = (sx[b] - sx[a]) / k, my = (sy[b] - sy[a]) / k
            let vxx = (sxx[b] - sxx[a]) - k * mx * mx
            let vxy = (sxy[b] - sxy[a]) - k * mx * my
            let vyy = (syy[b] - syy[a]) - k * my * my
            return vxx > 0 ? max(0, vyy - vxy * vxy / vxx) : max(0, vyy)
        }
        var best = minimumSegment
        var bestError = Double.infinity
        for k in minimumSegment...(m - minimumSegment) {
            let e = sse(0, k) + sse(k, m)
            if e < bestError { bestError = e; best = k }
        }
        guard let head = TheilSen.fit(x: Array(x[0..<best]), y: Array(y[0..<best])),
              let tail = TheilSen.fit(x: Array(x[best...]), y: Array(y[best...])) else { return nil }
        let at = (x[best - 1] + x[best]) / 2
        guard span - at >= options.minimumPlateauFraction * span else { return nil }
        let tailGrowth = tail.slope * span / level
        let headFlat = head.slope * span / level < options.minimumGrowthFraction
        // Wandering noise can flatten the end of a leak by chance: the tail must be credibly slower
        // than the head (the upper end of its interval under half the head's slope).
        guard tailGrowth < options.minimumGrowthFraction,
              headFlat || (tail.slope < 0.25 * head.slope && tail.upper < 0.5 * head.slope)
        else { return nil }
        return ChangePoint(atSeconds: at, headSlopeKiBPerSecond: head.slope, tailSlopeKiBPerSecond: tail.slope,
                           stepKiB: tail.value(at: at) - head.value(at: at))
    }

    /// Correlation with the work counter and KiB retained per unit of work.
    static func workRelation(input: TrendInput, kept: [Int], memory: [Double], troughs: [Int]?) -> WorkRelation? {
        guard let work = input.work else { return nil }
        var wx: [Double] = [], my: [Double] = []
        var position: [Int: Int] = [:]
        for (j, i) in kept.enumerated() {
            if let w = work[i], w.isFinite {
                position[j] = wx.count
                wx.append(w)
                my.append(memory[j])
            }
        }
        guard wx.count >= 3 else {
            return WorkRelation(pairs: wx.count, correlation: nil, spearman: nil, kibPerUnit: nil, kibPerUnitInterval: nil)
        }
        var fx = wx, fy = my
        if let troughs {
            let at = troughs.compactMap { position[$0] }
            if at.count >= 3 {
                fx = at.map { wx[$0] }
                fy = at.map { my[$0] }
            }
        }
        let perUnit = TheilSen.fit(x: fx, y: fy)
        return WorkRelation(pairs: wx.count, correlation: Correlation.pearson(wx, my), spearman: Correlation.spearman(wx, my),
                            kibPerUnit: perUnit?.slope,
                            kibPerUnitInterval: perUnit.map { Interval(lower: $0.lower, upper: $0.upper) })
    }
}

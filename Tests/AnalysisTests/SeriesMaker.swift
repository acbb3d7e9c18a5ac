import Foundation

/// A seeded generator (SplitMix64) so every synthetic series is the same on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A standard normal deviate (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// Builders for synthetic memory series in KiB, sampled every `step` seconds.
enum SeriesMaker {
    static func times(count: Int, step: Double) -> [Double] { (0..<count).map { Double($0) * step } }

    /// base + slope·t + N(0, noise).
    static func linear(count: Int, step: Double = 1, base: Double, slope: Double, noise: Double, seed: UInt64) -> [Double] {
        var rng = SeededRandom(seed: seed)
        return times(count: count, step: step).map { base + slope * $0 + noise * rng.gaussian() }
    }

    /// A GC sawtooth: ramps up by `amplitude` over `period` seconds then drops, on top of
    /// base + leak·t, with noise. `phase` shifts the teeth.
    static func sawtooth(count: Int, step: Double = 1, base: Double, amplitude: Double, period: Double,
                         leak: Double, noise: Double, seed: UInt64, phase: Double = 0) -> [Double] {
        var rng = SeededRandom(seed: seed)
        return times(count: count, step: step).map { t in
            let x = (t + phase).truncatingRemainder(dividingBy: period) / period
            return base + leak * t + amplitude * x + noise * rng.gaussian()
        }
    }
}

import Foundation

/// pprof's unit scaling and number formatting (internal/measurement), reproduced exactly so
/// Sleuth's tables show the same strings as `go tool pprof`.
public enum Measurement {
    struct Unit {
        let name: String
        let aliases: [String]
        let factor: Double
    }
    struct UnitType {
        let units: [Unit]
        let defaultUnit: Unit
    }

    static let unitTypes: [UnitType] = [
        UnitType(units: [
            Unit(name: "B", aliases: ["b", "byte"], factor: 1),
            Unit(name: "kB", aliases: ["kb", "kbyte", "kilobyte"], factor: Double(1 << 10)),
            Unit(name: "MB", aliases: ["mb", "mbyte", "megabyte"], factor: Double(1 << 20)),
            Unit(name: "GB", aliases: ["gb", "gbyte", "gigabyte"], factor: Double(1 << 30)),
            Unit(name: "TB", aliases: ["tb", "tbyte", "terabyte"], factor: Double(1 << 40)),
            Unit(name: "PB", aliases: ["pb", "pbyte", "petabyte"], factor: Double(1 << 50)),
        ], defaultUnit: Unit(name: "B", aliases: ["b", "byte"], factor: 1)),
        UnitType(units: [
            Unit(name: "ns", aliases: ["ns", "nanosecond"], factor: 1),
            Unit(name: "us", aliases: ["μs", "us", "microsecond"], factor: 1e3),
            Unit(name: "ms", aliases: ["ms", "millisecond"], factor: 1e6),
            Unit(name: "s", aliases: ["s", "sec", "second"], factor: 1e9),
            Unit(name: "hrs", aliases: ["hour", "hr"], factor: 3600e9),
        ], defaultUnit: Unit(name: "s", aliases: [], factor: 1e9)),
        UnitType(units: [
            Unit(name: "n*GCU", aliases: ["nanogcu"], factor: 1e-9),
            Unit(name: "u*GCU", aliases: ["microgcu"], factor: 1e-6),
            Unit(name: "m*GCU", aliases: ["milligcu"], factor: 1e-3),
            Unit(name: "GCU", aliases: ["gcu"], factor: 1),
            Unit(name: "k*GCU", aliases: ["kilogcu"], factor: 1e3),
            Unit(name: "M*GCU", aliases: ["megagcu"], factor: 1e6),
            Unit(name: "G*GCU", aliases: ["gigagcu"], factor: 1e9),
            Unit(name: "T*GCU", aliases: ["teragcu"], factor: 1e12),
            Unit(name: "P*GCU", aliases: ["petagcu"], factor: 1e15),
        ], defaultUnit: Unit(name: "GCU", aliases: [], factor: 1)),
    ]

    static func sniff(_ unit: String, in type: UnitType) -> Unit? {
        var u = unit.lowercased()
        if u.count > 2 && u.hasSuffix("s") { u.removeLast() }
        return type.units.first { $0.aliases.contains(u) }
    }

    /// pprof's `Scale`: `value` in `fromUnit` expressed in `toUnit` ("minimum"/"auto" pick the
    /// largest unit keeping the value ≥ 1); returns the number and the unit's short name.
    public static func scale(_ value: Int64, from fromUnit: String, to toUnit: String) -> (Double, String) {
        if value < 0 && value != Int64.min {
            let (v, u) = scale(-value, from: fromUnit, to: toUnit)
            return (-v, u)
        }
        for type in unitTypes {
            guard let from = sniff(fromUnit, in: type) else { continue }
            let v = Double(value) * from.factor
            if toUnit == "minimum" || toUnit == "auto" {
                var f = 0.0
                var name = ""
                for u in type.units where u.factor >= f && v / u.factor >= 1 {
                    f = u.factor
                    name = u.name
                }
                if f == 0 { return (v / type.defaultUnit.factor, type.defaultUnit.name) }
                return (v / f, name)
            }
            guard let to = sniff(toUnit, in: type) else { return (v / type.defaultUnit.factor, type.defaultUnit.name) }
            return (v / to.factor, to.name)
        }
        switch toUnit {
        case "count", "sample", "unit", "minimum", "auto": return (Double(value), "")
        default: return (Double(value), toUnit)
        }
    }

    /// pprof's `ScaledLabel`: "%.2f" without a trailing ".00", then the unit; "0" for zero.
    public static func scaledLabel(_ value: Int64, from fromUnit: String, to toUnit: String) -> String {
        let (v, u) = scale(value, from: fromUnit, to: toUnit)
        var s = String(format: "%.2f", v)
        if s.hasSuffix(".00") { s.removeLast(3) }
        if s == "0" || s == "-0" { return "0" }
        return s + u
    }

    /// pprof's `Label`: `scaledLabel` to the automatic unit.
    public static func label(_ value: Int64, unit: String) -> String { scaledLabel(value, from: unit, to: "auto") }

    /// pprof's `Percentage`: "  100%", "%5.2f%%" from 1%, Go's "%5.2g%%" below.
    public static func percentage(_ value: Int64, of total: Int64) -> String {
        var ratio = 0.0
        if total != 0 { ratio = abs(Double(value) / Double(total)) * 100 }
        if ratio >= 99.95 && ratio <= 100.05 { return "  100%" }
        if ratio >= 1.0 { return String(format: "%5.2f%%", ratio) }
        return pad(goG2(ratio), 5) + "%"
    }

    /// Go's `%.2g`: two significant digits, trailing zeros removed, exponent as e-05.
    static func goG2(_ v: Double) -> String {
        if v == 0 { return "0" }
        // %.1e gives the two significant digits after rounding, and the decimal exponent.
        let e = String(format: "%.1e", v)
        guard let eIndex = e.firstIndex(of: "e"), let exp = Int(e[e.index(after: eIndex)...]) else { return e }
        var mantissa = String(e[..<eIndex])
        if exp < -4 || exp >= 2 {
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            let sign = exp < 0 ? "-" : "+"
            let digits = String(abs(exp))
            return mantissa + "e" + sign + (digits.count < 2 ? "0" + digits : digits)
        }
        var s = String(format: "%.\(max(0, 1 - exp))f", v)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    static func padRight(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}

/// One sample line of the Prometheus text exposition format.
public struct PrometheusSample: Sendable, Equatable {
    public var name: String
    /// Label pairs in the order written.
    public var labels: [(name: String, value: String)]
    public var value: Double
    /// Optional timestamp, milliseconds since the epoch.
    public var timestampMilliseconds: Int64?

    public init(name: String, labels: [(name: String, value: String)] = [], value: Double, timestampMilliseconds: Int64? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The value of label `name`, or `""` when absent (as Prometheus matches).
    public func label(_ name: String) -> String { labels.first { $0.name == name }?.value ?? "" }

    public static func == (a: PrometheusSample, b: PrometheusSample) -> Bool {
        a.name == b.name && a.labels.map { [$0.name, $0.value] } == b.labels.map { [$0.name, $0.value] }
            && (a.value == b.value || (a.value.isNaN && b.value.isNaN)) && a.timestampMilliseconds == b.timestampMilliseconds
    }
}

/// A parser for the Prometheus text exposition format (version 0.0.4).
///
/// ```
/// # HELP http_requests_total The total number of HTTP requests.
/// # TYPE http_requests_total counter
/// http_requests_total{method="post",code="200"} 1027 1395066363000
/// http_requests_total{method="post",code="400"}    3 1395066363000
/// msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
/// metric_without_timestamp_and_labels 12.47
/// something_weird{problem="division by zero"} +Inf -3982045
/// {"name.with.dots", label="v"} 1
/// ```
/// A line-by-line state machine over bytes: `#` lines are comments (HELP and TYPE included) and
/// blank lines are skipped; a sample is a name (`[a-zA-Z_:][a-zA-Z0-9_:]*`, or a quoted name inside
/// the braces), optional `{label="value",…}` with `\\`, `\"` and `\n` escapes and an optional
/// trailing comma, a value (a Go float: `NaN`, `+Inf`, `-Inf`, exponents) and an optional integer
/// timestamp. Strings are made only for samples that are kept.
public enum PrometheusText {
    /// Every sample on the page.
    /// - Parameter source: the URL or file, for errors.
    /// - Throws: `.malformed` with line and column.
    /// - Complexity: O(size).
    public static func parse(_ bytes: [UInt8], source: String = "metrics") throws(SamplingError) -> [PrometheusSample] {
        var out: [PrometheusSample] = []
        try scan(bytes, source: source, wants: { _ in true }) { out.append($0) }
        return out
    }

    /// The sum of the series that `selector` matches, and how many matched (NaN values skipped).
    /// - Throws: `.notFound` when nothing matches, naming the nearest metric names present.
    public static func sum(_ bytes: [UInt8], matching selector: MetricSelector, source: String = "metrics") throws(SamplingError) -> (value: Double, series: Int) {
        var total = 0.0
        var count = 0
        var sameName: [String] = []
        var names = Set<String>()
        let wanted = Array(selector.name.utf8)
        try scan(bytes, source: source, wants: { name in
            if name.elementsEqual(wanted) { return true }
            if names.count < 2000 { names.insert(String(decoding: name, as: UTF8.self)) }
            return false
        }) { sample in
            if selector.matches(sample) {
                if !sample.value.isNaN {
                    total += sample.value
                    count += 1
                }
            } else if sameName.count < 3 {
                sameName.append("{" + sample.labels.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",") + "}")
            }
        }
        guard count > 0 else {
            if !sameName.isEmpty {
                throw SamplingError(.notFound, file: source, "no '\(selector.name)' series matches \(selector); it has series such as \(sameName.joined(separator: " "))")
            }
            let near = names.sorted().filter { $0.hasPrefix(String(selector.name.prefix(4))) }.prefix(5)
            let hint = near.isEmpty ? "" : "; metrics with a similar name: \(near.joined(separator: ", "))"
            throw SamplingError(.notFound, file: source, "no metric named '\(selector.name)'\(hint)")
        }
        return (total, count)
    }

    /// The state machine. `wants` sees each sample's name bytes first and decides whether its
    /// labels and value are worth decoding; others are skipped without validation.
    static func scan(_ bytes: [UInt8], source: String, wants: (ArraySlice<UInt8>) -> Bool,
                     emit: (PrometheusSample) -> Void) throws(SamplingError) {
        var lineNumber = 0
        var lineStart = 0
        let n = bytes.count
        while lineStart < n {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < n && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var end = lineEnd
            if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
            var i = lineStart
            func fail(_ message: String) -> SamplingError {
                SamplingError(.malformed, file: source, line: lineNumber, column: i - lineStart + 1, message)
            }
            func blanks() { while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 } }
            func quoted() throws(SamplingError) -> String {
                // At the opening quote.
                i += 1
                var value: [UInt8] = []
                while true {
                    guard i < end else { throw fail("unterminated quoted string") }
                    let b = bytes[i]
                    if b == UInt8(ascii: "\"") { i += 1; break }
                    if b == UInt8(ascii: "\\") {
                        guard i + 1 < end else { throw fail("unterminated escape") }
                        switch bytes[i + 1] {
                        case UInt8(ascii: "n"): value.append(0x0A)
                        case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
                        case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
                        default: throw fail("unknown escape '\\\(Character(Unicode.Scalar(bytes[i + 1])))' (only \\\\, \\\" and \\n)")
                        }
                        i += 2
                    } else {
                        value.append(b)
                        i += 1
                    }
                }
                return String(decoding: value, as: UTF8.self)
            }
            func identifier(metric: Bool) -> Range<Int> {
                let start = i
                while i < end {
                    let b = bytes[i]
                    let letter = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == UInt8(ascii: "_") || (metric && b == UInt8(ascii: ":"))
                    let digit = b >= 0x30 && b <= 0x39
                    if letter || (digit && i > start) { i += 1 } else { break }
                }
                return start..<i
            }

            blanks()
            if i == end || bytes[i] == UInt8(ascii: "#") { continue }

            var nameRange = 0..<0
            var quotedName: String?
            if bytes[i] != UInt8(ascii: "{") {
                nameRange = identifier(metric: true)
                if nameRange.isEmpty { throw fail("expected a metric name") }
            }
            // Decide early: for unwanted names, skip the rest of the line.
            if quotedName == nil && !nameRange.isEmpty && !wants(bytes[nameRange]) { continue }
            var labels: [(name: String, value: String)] = []
            var unwanted = false
            if i < end && bytes[i] == UInt8(ascii: "{") {
                i += 1
                while true {
                    blanks()
                    guard i < end else { throw fail("unterminated label set, expected '}'") }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                    let labelName: String
                    if bytes[i] == UInt8(ascii: "\"") {
                        let text = try quoted()
                        blanks()
                        if nameRange.isEmpty && quotedName == nil && i < end && bytes[i] != UInt8(ascii: "=") {
                            // `{"metric.name", …}`: a quoted metric name.
                            quotedName = text
                            if !wants(ArraySlice(text.utf8)) { unwanted = true; break }
                            if i < end && bytes[i] == UInt8(ascii: ",") { i += 1 }
                            continue
                        }
                        labelName = text
                    } else {
                        let r = identifier(metric: false)
                        if r.isEmpty { throw fail("expected a label name") }
                        labelName = String(decoding: bytes[r], as: UTF8.self)
                    }
                    blanks()
                    guard i < end && bytes[i] == UInt8(ascii: "=") else { throw fail("expected '=' after label '\(labelName)'") }
                    i += 1
                    blanks()
                    guard i < end && bytes[i] == UInt8(ascii: "\"") else { throw fail("expected '\"' to open the value of label '\(labelName)'") }
                    labels.append((labelName, try quoted()))
                    blanks()
                    guard i < end else { throw fail("unterminated label set, expected '}'") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                    throw fail("expected ',' or '}' after the value of label '\(labelName)'")
                }
            }
            if unwanted { continue }
            if nameRange.isEmpty && quotedName == nil { throw fail("expected a metric name") }
            guard i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) else { throw fail("expected a blank before the value") }
            blanks()
            let valueStart = i
            while i < end && bytes[i] != 0x20 && bytes[i] != 0x09 { i += 1 }
            let token = String(decoding: bytes[valueStart..<i], as: UTF8.self)
            guard let value = parsePrometheusFloat(token) else {
                i = valueStart
                throw fail("'\(token.prefix(40))' is not a number")
            }
            blanks()
            var timestamp: Int64?
            if i < end {
                let tsStart = i
                while i < end && bytes[i] != 0x20 && bytes[i] != 0x09 { i += 1 }
                let ts = String(decoding: bytes[tsStart..<i], as: UTF8.self)
                guard let t = Int64(ts) else {
                    i = tsStart
                    throw fail("timestamp '\(ts.prefix(40))' is not an integer")
                }
                timestamp = t
                blanks()
                if i < end { throw fail("unexpected text after the timestamp") }
            }
            let name = quotedName ?? String(decoding: bytes[nameRange], as: UTF8.self)
            emit(PrometheusSample(name: name, labels: labels, value: value, timestampMilliseconds: timestamp))
        }
    }
}

/// A float as Go's strconv.ParseFloat writes it: `NaN`, `+Inf`, `-Inf`, `Inf`, decimals, exponents.
func parsePrometheusFloat(_ token: String) -> Double? {
    switch token {
    case "NaN", "nan": return .nan
    case "+Inf", "Inf", "+inf", "inf": return .infinity
    case "-Inf", "-inf": return -.infinity
    default:
        guard let first = token.utf8.first,
              first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39)
        else { return nil }
        return Double(token)
    }
}

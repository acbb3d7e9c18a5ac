import Testing
@testable import ProcessSampling

@Suite struct PrometheusTextTests {
    /// The exposition format document's example, plus a quoted UTF-8 name and a trailing comma.
    static let page = #"""
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000
        http_requests_total{method="get",code="200",} 50

        # Escaping in label values:
        msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9

        # Minimalistic line:
        metric_without_timestamp_and_labels 12.47

        # A weird metric from before the epoch:
        something_weird{problem="division by zero"} +Inf -3982045
        nan_gauge NaN
        negative_inf -Inf
        {"name.with.dots", label="v"} 7
        # EOF
        """#

    @Test func parsesTheSpecExample() throws {
        let samples = try PrometheusText.parse(Array(Self.page.utf8))
        #expect(samples.count == 9)
        #expect(samples[0] == PrometheusSample(name: "http_requests_total", labels: [("method", "post"), ("code", "200")],
                                               value: 1027, timestampMilliseconds: 1_395_066_363_000))
        #expect(samples[2].labels.count == 2)
        #expect(samples[3].label("path") == #"C:\DIR\FILE.TXT"#)
        #expect(samples[3].label("error") == "Cannot find file:\n\"FILE.TXT\"")
        #expect(samples[3].value == 1.458255915e9)
        #expect(samples[4] == PrometheusSample(name: "metric_without_timestamp_and_labels", value: 12.47))
        #expect(samples[5].value == .infinity && samples[5].timestampMilliseconds == -3_982_045)
        #expect(samples[6].value.isNaN)
        #expect(samples[7].value == -.infinity)
        #expect(samples[8].name == "name.with.dots" && samples[8].label("label") == "v" && samples[8].value == 7)
    }

    @Test func sumsMatchingSeries() throws {
        let bytes = Array(Self.page.utf8)
        let all = try PrometheusText.sum(bytes, matching: MetricSelector.parse("http_requests_total"))
        #expect(all.value == 1080 && all.series == 3)
        let posts = try PrometheusText.sum(bytes, matching: MetricSelector.parse(#"http_requests_total{method="post"}"#))
        #expect(posts.value == 1030 && posts.series == 2)
        let ok = try PrometheusText.sum(bytes, matching: MetricSelector.parse(#"http_requests_total{code="200",method!="get"}"#))
        #expect(ok.value == 1027)
        let dotted = try PrometheusText.sum(bytes, matching: MetricSelector(name: "name.with.dots"))
        #expect(dotted.value == 7)
    }

    @Test func missingSeriesSayWhatIsThere() throws {
        let bytes = Array(Self.page.utf8)
        #expect(throws: SamplingError(.notFound, file: "http://h/metrics",
                                      #"no 'http_requests_total' series matches http_requests_total{code="500"}; it has series such as {method="post",code="200"} {method="post",code="400"} {method="get",code="200"}"#)) {
            try PrometheusText.sum(bytes, matching: MetricSelector.parse(#"http_requests_total{code="500"}"#), source: "http://h/metrics")
        }
        #expect(throws: SamplingError(.notFound, file: "metrics", "no metric named 'http_request_total'; metrics with a similar name: http_requests_total")) {
            try PrometheusText.sum(bytes, matching: MetricSelector(name: "http_request_total"))
        }
    }

    @Test func errorsHaveLineAndColumn() {
        func error(_ text: String) -> String {
            do { _ = try PrometheusText.parse(Array(text.utf8)); return "no error" } catch { return error.description }
        }
        #expect(error("ok 1\nbad{a=\"x\" 2\n") == "metrics:2:11: error: expected ',' or '}' after the value of label 'a'")
        #expect(error("m{a=\"x\\q\"} 1") == "metrics:1:7: error: unknown escape '\\q' (only \\\\, \\\" and \\n)")
        #expect(error("m 12abc") == "metrics:1:3: error: '12abc' is not a number")
        #expect(error("m 1 now") == "metrics:1:5: error: timestamp 'now' is not an integer")
        #expect(error("9m 1") == "metrics:1:1: error: expected a metric name")
        #expect(error("m{a=x} 1") == "metrics:1:5: error: expected '\"' to open the value of label 'a'")
    }

    @Test func selectors() throws {
        let s = try MetricSelector.parse(#"http_requests_total{method="po\"st", code!="500"}"#)
        #expect(s == MetricSelector(name: "http_requests_total", matchers: [.init(label: "method", value: "po\"st"),
                                                                           .init(label: "code", value: "500", negated: true)]))
        #expect(s.description == #"http_requests_total{method="po\"st",code!="500"}"#)
        #expect(throws: SamplingError.self) { try MetricSelector.parse(#"m{a=~"x"}"#) }
        #expect(throws: SamplingError.self) { try MetricSelector.parse("") }
        #expect(throws: SamplingError.self) { try MetricSelector.parse(#"m{a="x""#) }
    }

    /// The stream is split at arbitrary points by the network, not by us: the parser sees whole
    /// bodies, but CRLF line ends and a missing final newline must not matter.
    @Test func lineEndings() throws {
        let crlf = try PrometheusText.parse(Array("a 1\r\nb{x=\"y\"} 2\r\n".utf8))
        #expect(crlf.map(\.value) == [1, 2])
        #expect(try PrometheusText.parse(Array("a 1".utf8)).count == 1)
    }
}

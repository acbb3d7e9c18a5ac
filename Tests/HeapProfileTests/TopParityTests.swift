import Testing
@testable import HeapProfile

/// `top` must print what `go tool pprof -top` printed for the same real Go profiles and options.
@Suite struct TopParityTests {
    static let cases: [(pprof: String, profile: String, base: String?, options: QueryOptions)] = [
        ("heap-leak-later.top", "heap-leak-later.pb.gz", nil, QueryOptions()),
        ("heap-leak-later.top-cum", "heap-leak-later.pb.gz", nil, QueryOptions(sortByCum: true)),
        ("heap-leak-later.top-lines", "heap-leak-later.pb.gz", nil, QueryOptions(granularity: .lines)),
        ("heap-leak-later.top-nodecount5", "heap-leak-later.pb.gz", nil, QueryOptions(nodeCount: 5)),
        ("heap-leak-later.top-inuse_objects", "heap-leak-later.pb.gz", nil, QueryOptions(sampleIndex: "inuse_objects")),
        ("heap-leak-later.top-focus-retain", "heap-leak-later.pb.gz", nil, QueryOptions(focus: "retain")),
        ("heap-leak-later.top-ignore-fixtures", "heap-leak-later.pb.gz", nil, QueryOptions(ignore: "fixtures")),
        ("heap-alloc-churn.top-alloc_space", "heap-alloc-churn.pb.gz", nil, QueryOptions(sampleIndex: "alloc_space")),
        ("heap-alloc-churn.top", "heap-alloc-churn.pb.gz", nil, QueryOptions()),
        ("goroutine-parked.top", "goroutine-parked.pb.gz", nil, QueryOptions()),
        ("heap-leak-later.top-base", "heap-leak-later.pb.gz", "heap-leak-base.pb.gz", QueryOptions()),
        ("heap-leak-later.top-base-alloc_space", "heap-leak-later.pb.gz", "heap-leak-base.pb.gz", QueryOptions(sampleIndex: "alloc_space")),
        ("heap-series-5.top-base-series-1", "heap-series-5.pb.gz", "heap-series-1.pb.gz", QueryOptions()),
    ]

    @Test(arguments: 0..<cases.count)
    func matchesGoToolPprof(_ i: Int) throws {
        let c = Self.cases[i]
        var profile = try Fixture.profile(c.profile)
        if let base = c.base { profile = try profile.diff(base: try Fixture.profile(base)) }
        let ours = lines(try profile.top(c.options).text(timeZone: .utc))
        let theirs = try Fixture.pprof(c.pprof)
        #expect(ours.count == theirs.count, "\(c.pprof): \(ours.count) lines vs pprof's \(theirs.count)")
        for (n, (a, b)) in zip(ours, theirs).enumerated() {
            #expect(a == b, "\(c.pprof) line \(n + 1)")
        }
    }
}

import Foundation
import Testing
@testable import HeapProfile

@Suite struct DecoderTests {
    static let protoFixtures = [
        "heap-leak-base.pb.gz", "heap-leak-later.pb.gz", "heap-alloc-churn.pb.gz", "heap-series-1.pb.gz",
        "heap-series-5.pb.gz", "goroutine-parked.pb.gz",
    ]

    /// The specialised decoder and swift-protobuf's generated decoder agree on real profiles.
    @Test(arguments: protoFixtures)
    func specialisedDecoderMatchesSwiftProtobuf(_ name: String) throws {
        let fast = try Fixture.profile(name)
        let raw = try Gzip.inflate(try Fixture.bytes(name), maxOutput: 1 << 30)
        let oracle = try Profile.decodeWithSwiftProtobuf(raw)
        #expect(fast == oracle)
        #expect(fast.sampleCount > 0)
    }

    /// Decoding in chunks of any size gives the same profile (the decoder streams from zlib).
    @Test(arguments: [1, 7, 4096])
    func chunkedFeedingGivesTheSameProfile(_ size: Int) throws {
        let raw = try Gzip.inflate(try Fixture.bytes("heap-leak-later.pb.gz"), maxOutput: 1 << 30)
        let whole = try Profile(decoding: raw)
        let decoder = ProfileDecoder(limits: .default)
        var i = 0
        while i < raw.count {
            let chunk = Array(raw[i..<min(raw.count, i + size)])
            try chunk.withUnsafeBytes { try decoder.feed($0) }
            i += size
        }
        #expect(try decoder.finish() == whole)
    }

    @Test func heapProfileFacts() throws {
        let p = try Fixture.profile("heap-leak-later.pb.gz")
        #expect(p.sampleTypes.map(\.type) == ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"])
        #expect(p.periodType == .init(type: "space", unit: "bytes"))
        #expect(p.period == 1)
        #expect(p.timeNanos > 0)
        #expect(p.sampleTypes[p.defaultSampleIndex].type == "inuse_space")
        // Go labels every heap sample with its block size.
        #expect(p.labels.contains { p.string($0.key) == "bytes" && $0.str == -1 && $0.num == 4096 })
    }

    @Test func concatenatedGzipMembersAreOneStream() throws {
        let raw = try Gzip.inflate(try Fixture.bytes("heap-leak-later.pb.gz"), maxOutput: 1 << 30)
        let half = raw.count / 2
        let joined = try gzip(Array(raw[..<half])) + gzip(Array(raw[half...]))
        #expect(try Profile(decoding: joined) == Profile(decoding: raw))
    }

    @Test func sampleIndexByNameWithDidYouMean() throws {
        let p = try Fixture.profile("heap-leak-later.pb.gz")
        #expect(try p.sampleIndex(named: "alloc_space") == 1)
        let error = #expect(throws: HeapProfileError.self) { try p.sampleIndex(named: "inuse_spcae") }
        #expect(error?.description == "sample_index: error: unknown sample index 'inuse_spcae'; did you mean 'inuse_space'? (available: alloc_objects, alloc_space, inuse_objects, inuse_space)")
    }

    @Test func defaultSampleTypeWinsOverTheLastType() throws {
        var p = try Fixture.profile("heap-leak-later.pb.gz")
        p.defaultSampleType = "alloc_space"
        #expect(p.defaultSampleIndex == 1)
        #expect(try p.top().sampleIndex == "alloc_space")
    }
}

/// Gzips bytes with the system gzip (tests only).
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sleuth-gz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("p")
    try Data(bytes).write(to: file)
    let task = Process()
    task.executableURL = URL(fileURLWithPath: "/bin/gzip")
    task.arguments = ["-n", file.path]
    try task.run()
    task.waitUntilExit()
    return [UInt8](try Data(contentsOf: dir.appendingPathComponent("p.gz")))
}

import Foundation
import RealEnvironment
import Testing
@testable import HeapProfile

/// A minimal protobuf writer for crafting (broken) profiles.
struct ProtoWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    mutating func key(_ field: UInt64, _ wire: UInt64) { varint(field << 3 | wire) }
    mutating func int(_ field: UInt64, _ v: Int64) {
        key(field, 0)
        varint(UInt64(bitPattern: v))
    }
    mutating func message(_ field: UInt64, _ body: (inout ProtoWriter) -> Void) {
        var inner = ProtoWriter()
        body(&inner)
        key(field, 2)
        varint(UInt64(inner.bytes.count))
        bytes += inner.bytes
    }
    mutating func string(_ field: UInt64, _ s: String) {
        key(field, 2)
        varint(UInt64(s.utf8.count))
        bytes += Array(s.utf8)
    }

    /// A valid one-sample profile; `tweak` may add or break things.
    static func profile(_ tweak: (inout ProtoWriter) -> Void = { _ in }) -> [UInt8] {
        var w = ProtoWriter()
        w.message(1) { $0.int(1, 1); $0.int(2, 2) }  // sample_type inuse_space/bytes
        w.message(2) { $0.int(1, 1); $0.int(2, 100) }  // sample: location 1, value 100
        w.message(4) { l in l.int(1, 1); l.message(4) { $0.int(1, 1); $0.int(2, 12) } }  // location 1 → function 1
        w.message(5) { $0.int(1, 1); $0.int(2, 3); $0.int(4, 4) }  // function 1: main.leak in main.go
        for s in ["", "inuse_space", "bytes", "main.leak", "main.go"] { w.string(6, s) }
        tweak(&w)
        return w.bytes
    }
}

@Suite struct MalformedProfileTests {
    func error(_ bytes: [UInt8]) -> String? {
        do {
            _ = try Profile(decoding: bytes)
            return nil
        } catch let e as HeapProfileError {
            return e.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func theValidBaselineDecodes() throws {
        let p = try Profile(decoding: ProtoWriter.profile())
        #expect(try p.top().rows.map(\.name) == ["main.leak"])
    }

    @Test func badStringIndex() {
        let bytes = ProtoWriter.profile { $0.message(5) { $0.int(1, 2); $0.int(2, 99) } }
        #expect(error(bytes) == "profile: error: function id 2 name: string index 99 out of range (string table has 5 entries)")
    }

    @Test func negativeStringIndex() {
        let bytes = ProtoWriter.profile { $0.message(1) { $0.int(1, -3) } }
        #expect(error(bytes)?.contains("sample_type 1 type: string index -3 out of range") == true)
    }

    @Test func hugeVarint() {
        var bytes = ProtoWriter.profile()
        bytes += [0x48] + [UInt8](repeating: 0xff, count: 11)  // time_nanos with 12-byte varint
        #expect(error(bytes) == "profile byte \(bytes.count - 11): error: profile field 9 (time_nanos): varint overflows 64 bits")
    }

    @Test func lengthOverrunningTheInput() {
        var bytes = ProtoWriter.profile()
        let at = bytes.count
        bytes += [0x12, 0xff, 0xff, 0x03, 0x08]  // sample with length 65535, one byte present
        #expect(error(bytes) == "profile byte \(at): error: profile field truncated: 5 bytes of an incomplete field at the end of the data")
    }

    @Test func negativeLengths() {
        // A length of 2^64-1 (-1 as a signed varint) and of 2^63 (negative as Int64), top level and nested.
        for length: UInt64 in [UInt64.max, 1 << 63, UInt64(Int64.max)] {
            var top = ProtoWriter(bytes: ProtoWriter.profile())
            top.key(2, 2); top.varint(length); top.bytes += [0x08, 0x01]
            #expect(error(top.bytes)?.hasPrefix("profile byte ") == true, "length \(length)")
            let nested = ProtoWriter.profile { w in
                var inner = ProtoWriter()
                inner.key(3, 2); inner.varint(length); inner.bytes += [0x08]
                w.key(2, 2); w.varint(UInt64(inner.bytes.count)); w.bytes += inner.bytes
            }
            #expect(error(nested) != nil, "nested length \(length)")
        }
    }

    @Test func overlongNestedLength() {
        let bytes = ProtoWriter.profile { w in
            // A sample whose label claims more bytes than the sample holds.
            w.key(2, 2); w.varint(4); w.bytes += [0x1a, 0x7f, 0x08, 0x01]
        }
        #expect(error(bytes)?.hasSuffix("sample 1 label: length 127 overruns the enclosing message (2 bytes left)") == true)
    }

    @Test func absentLocationID() {
        let bytes = ProtoWriter.profile { $0.message(2) { $0.int(1, 42); $0.int(2, 5) } }
        #expect(error(bytes) == "profile: error: sample 1: location id 42 not found")
    }

    @Test func absentFunctionID() {
        let bytes = ProtoWriter.profile { w in w.message(4) { l in l.int(1, 2); l.message(4) { $0.int(1, 77) } } }
        #expect(error(bytes) == "profile: error: location id 2: function id 77 not found")
    }

    @Test func duplicateAndZeroIDs() {
        let dup = ProtoWriter.profile { w in w.message(4) { $0.int(1, 1) } }
        #expect(error(dup) == "profile: error: duplicate location id 1")
        let zero = ProtoWriter.profile { w in w.message(5) { $0.int(2, 3) } }
        #expect(error(zero) == "profile: error: function 1 has id 0 (ids must be nonzero)")
    }

    @Test func absentMappingID() {
        let bytes = ProtoWriter.profile { w in w.message(4) { $0.int(1, 3); $0.int(2, 9) } }
        #expect(error(bytes) == "profile: error: location id 3: mapping id 9 not found")
    }

    @Test func inconsistentValueCounts() {
        let bytes = ProtoWriter.profile { $0.message(2) { $0.int(1, 1); $0.int(2, 1); $0.int(2, 2) } }
        #expect(error(bytes) == "profile: error: sample 1 has 2 values, sample 0 has 1")
    }

    @Test func firstStringMustBeEmpty() {
        var w = ProtoWriter()
        w.string(6, "oops")
        #expect(error(w.bytes) == "profile: error: string_table[0] must be \"\", found \"oops\"")
    }

    @Test func wrongWireType() {
        let bytes = ProtoWriter.profile { $0.int(2, 5) }
        #expect(error(bytes)?.hasSuffix("profile field 2 (sample): wire type 0, expected a length-delimited message") == true)
    }

    @Test func unknownFieldsAreSkipped() throws {
        let bytes = ProtoWriter.profile { w in
            w.int(99, 7)
            w.string(100, "future")
            w.message(2) { s in s.int(1, 1); s.int(2, 1); s.int(15, 3) }
        }
        #expect(try Profile(decoding: bytes).sampleCount == 2)
    }

    @Test func packedAndUnpackedRepeatedFieldsAgree() throws {
        let packed = ProtoWriter.profile { w in
            w.message(2) { s in
                s.key(1, 2); s.varint(2); s.varint(1); s.varint(1)  // packed location ids [1, 1]
                s.key(2, 2); s.varint(1); s.varint(9)
            }
        }
        let p = try Profile(decoding: packed)
        #expect(Array(p.stack(1)) == [0, 0])
        #expect(p.value(1, 0) == 9)
    }

    @Test func stringTableMayComeLast() throws {
        var w = ProtoWriter()
        w.message(2) { $0.int(1, 1); $0.int(2, 100) }
        w.message(5) { $0.int(1, 1); $0.int(2, 3) }
        w.message(4) { l in l.int(1, 1); l.message(4) { $0.int(1, 1) } }
        w.message(1) { $0.int(1, 1); $0.int(2, 2) }
        for s in ["", "inuse_space", "bytes", "main.late"] { w.string(6, s) }
        #expect(try Profile(decoding: w.bytes).top().rows.map(\.name) == ["main.late"])
    }

    @Test func truncatedGzip() throws {
        let gz = try Fixture.bytes("heap-leak-base.pb.gz")
        let cut = Array(gz.prefix(gz.count / 2))
        #expect(error(cut)?.hasPrefix("profile byte ") == true)
        #expect(error(cut)?.contains("gzip: truncated stream") == true)
    }

    @Test func corruptGzip() throws {
        var gz = try Fixture.bytes("heap-leak-base.pb.gz")
        for i in 20..<60 { gz[i] ^= 0x5a }
        #expect(error(gz)?.contains("gzip: ") == true)
    }

    @Test func decompressedSizeIsBounded() throws {
        let gz = try Fixture.bytes("heap-leak-later.pb.gz")
        let e = #expect(throws: HeapProfileError.self) { try Profile(decoding: gz, limits: .init(maxDecompressedBytes: 1000)) }
        #expect(e?.message == "gzip: decompressed size exceeds the limit of 1000 bytes")
    }

    @Test func sampleCountIsBounded() throws {
        let e = #expect(throws: HeapProfileError.self) {
            try Profile(decoding: try Fixture.bytes("heap-leak-later.pb.gz"), limits: .init(maxSamples: 3))
        }
        #expect(e?.message == "sample: more than 3 samples")
    }

    @Test(arguments: [
        [UInt8](), [0x00], [0xff, 0xff, 0xff], Array("hello, world".utf8), [0x1f, 0x8b], [0x1f, 0x8b, 0x08, 0, 0, 0],
        Array("heap profile: x".utf8), Array("goroutine 1 [running]".utf8) + [10, 10, 0xff],
    ])
    func garbageIsAnErrorNotACrash(_ bytes: [UInt8]) {
        #expect(error(bytes) != nil)
    }

    /// A profile of one function calling itself `depth` times, then the leak: main.rec → … → main.leak.
    static func recursive(depth: Int) -> [UInt8] {
        var w = ProtoWriter()
        w.message(1) { $0.int(1, 1); $0.int(2, 2) }
        w.message(2) { s in
            s.int(1, 1)  // innermost: main.leak
            for _ in 0..<depth { s.int(1, 2) }  // then main.rec, again and again
            s.int(2, 100)
        }
        w.message(4) { l in l.int(1, 1); l.message(4) { $0.int(1, 1); $0.int(2, 12) } }
        w.message(4) { l in l.int(1, 2); l.message(4) { $0.int(1, 2); $0.int(2, 20) } }
        w.message(5) { $0.int(1, 1); $0.int(2, 3); $0.int(4, 4) }
        w.message(5) { $0.int(1, 2); $0.int(2, 5); $0.int(4, 4) }
        for s in ["", "inuse_space", "bytes", "main.leak", "main.go", "main.rec"] { w.string(6, s) }
        return w.bytes
    }

    @Test func deepRecursionCountsEachFunctionOnce() throws {
        let p = try Profile(decoding: Self.recursive(depth: 50_000))
        let rows = try p.top(QueryOptions(sortByCum: true)).rows
        #expect(rows.first { $0.name == "main.rec" }?.cum == 100)
        #expect(rows.first { $0.name == "main.leak" }?.flat == 100)
        #expect(try p.peek("main.rec").text().contains("main.leak"))
        #expect(try p.tracesText().contains("main.rec"))
    }

    @Test func aStackDeeperThanTheLimitIsAnError() {
        let e = #expect(throws: HeapProfileError.self) {
            try Profile(decoding: Self.recursive(depth: 5_000), limits: .init(maxStackDepth: 1_000))
        }
        #expect(e?.message == "sample 0: stack of 5001 frames exceeds the limit of 1000")
    }

    @Test func invalidUTF8InTheStringTableIsShownNotFatal() throws {
        var w = ProtoWriter()
        w.message(1) { $0.int(1, 1); $0.int(2, 2) }
        w.message(2) { $0.int(1, 1); $0.int(2, 100) }
        w.message(4) { l in l.int(1, 1); l.message(4) { $0.int(1, 1); $0.int(2, 12) } }
        w.message(5) { $0.int(1, 1); $0.int(2, 3); $0.int(4, 4) }
        for s in ["", "inuse_space", "bytes"] { w.string(6, s) }
        w.key(6, 2); w.varint(6); w.bytes += [0x6d, 0xff, 0xfe, 0xc3, 0x28, 0x78]  // "m", invalid bytes, "x"
        w.string(6, "main.go")
        let name = try #require(try Profile(decoding: w.bytes).top().rows.first?.name)
        #expect(name.hasPrefix("m") && name.hasSuffix("x"))
        #expect(name.unicodeScalars.contains("\u{FFFD}"))
    }

    /// A profile whose function lives in `file`, line 1.
    static func profile(inFile file: String) -> [UInt8] {
        var w = ProtoWriter()
        w.message(1) { $0.int(1, 1); $0.int(2, 2) }
        w.message(2) { $0.int(1, 1); $0.int(2, 100) }
        w.message(4) { l in l.int(1, 1); l.message(4) { $0.int(1, 1); $0.int(2, 1) } }
        w.message(5) { $0.int(1, 1); $0.int(2, 3); $0.int(4, 4) }
        for s in ["", "inuse_space", "bytes", "main.leak", file] { w.string(6, s) }
        return w.bytes
    }

    @Test func listShowsOnlyRegularSourceFilesNamedByAProfile() throws {
        // A hostile profile must not make `heap list` print /etc/passwd or read /dev/zero forever.
        for file in ["/etc/passwd", "/dev/zero", "/proc/self/environ", "/"] {
            let report = try Profile(decoding: Self.profile(inFile: file)).list("main.leak")
            #expect(report.routines.first?.hasSource == false, "\(file)")
        }
        let dir = NSTemporaryDirectory() + "sleuth-src-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "package main // the leak\n".write(toFile: dir + "/main.go", atomically: true, encoding: .utf8)
        let report = try Profile(decoding: Self.profile(inFile: dir + "/main.go")).list("main.leak")
        #expect(report.routines.first?.hasSource == true)
        #expect(report.text().contains("package main // the leak"))
    }

    /// Random mutations of a real profile never crash the decoder.
    @Test func fuzzedProfilesNeverCrash() throws {
        let raw = try Gzip.inflate(try Fixture.bytes("heap-leak-base.pb.gz"), maxOutput: 1 << 30)
        var rng = SplitMix(seed: 42)
        for _ in 0..<300 {
            var b = raw
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                let i = Int(rng.next() % UInt64(b.count))
                b[i] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 4 == 0 { b = Array(b.prefix(Int(rng.next() % UInt64(b.count)))) }
            if let p = try? Profile(decoding: b) { _ = try? p.top() }
        }
    }
}

import Testing
@testable import KernelLog

@Suite struct LineSplitterTests {
    private func split(_ text: String, chunk: Int, max: Int = 64 * 1024) -> ([String], [Bool], Int) {
        var splitter = LineSplitter(maxLineLength: max)
        var lines: [String] = []
        var flags: [Bool] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let end = Swift.min(bytes.count, i + chunk)
            bytes[i..<end].withUnsafeBytes { raw in
                splitter.feed(raw) { line, truncated in
                    lines.append(String(decoding: line, as: UTF8.self))
                    flags.append(truncated)
                }
            }
            i = end
        }
        splitter.finish { line, truncated in
            lines.append(String(decoding: line, as: UTF8.self))
            flags.append(truncated)
        }
        return (lines, flags, splitter.truncatedLineCount)
    }

    @Test(arguments: [1, 2, 7, 4096])
    func splitsLinesAcrossChunks(chunk: Int) {
        let (lines, flags, _) = split("a\nbb\r\n\nccc", chunk: chunk)
        #expect(lines == ["a", "bb", "", "ccc"])
        #expect(flags == [false, false, false, false])
    }

    @Test(arguments: [1, 7, 4096])
    func capsLongLinesAndFlagsThem(chunk: Int) {
        let long = String(repeating: "x", count: 100)
        let (lines, flags, count) = split("ok\n\(long)\nnext\n", chunk: chunk, max: 10)
        #expect(lines == ["ok", String(repeating: "x", count: 10), "next"])
        #expect(flags == [false, true, false])
        #expect(count == 1)
    }

    @Test func aLineWithoutNewlineNeverGrowsPastTheCap() {
        // 8 MiB without a newline, fed in 64 KiB chunks: the carry stays at the cap.
        var splitter = LineSplitter(maxLineLength: 1024)
        let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 64 * 1024)
        var seen = 0
        for _ in 0..<128 {
            chunk.withUnsafeBytes { raw in splitter.feed(raw) { _, _ in seen += 1 } }
        }
        var last: (Int, Bool) = (0, false)
        splitter.finish { line, truncated in last = (line.count, truncated) }
        #expect(seen == 0)
        #expect(last.0 == 1024)
        #expect(last.1)
    }
}

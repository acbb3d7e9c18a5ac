import Foundation
import Testing
@testable import ProcessSampling

@Suite struct MemoryCSVTests {
    func load(_ name: String, _ options: MemoryCSVOptions = MemoryCSVOptions()) throws -> MemoryCSV {
        let url = try fixture(name)
        return try MemoryCSV.read(path: url.path, options: options)
    }

    @Test func aGarbageHeaderGivesAOneLineErrorOfBoundedLength() {
        let header = (0..<500).map { "column\($0)" + String(repeating: "x", count: 1000) }.joined(separator: ",")
        let e = #expect(throws: SamplingError.self) { try MemoryCSV.parse(bytes: Array((header + "\n1,2\n").utf8), options: .init(memoryColumn: "rss")) }
        let text = e.map { "\($0)" } ?? ""
        #expect(text.count < 700, "\(text.count) characters")
        #expect(!text.contains("\n"))
        #expect(text.contains("(500 columns)"))
    }

    @Test func aFileOverTheLimitIsRefusedUnread() throws {
        // A sparse file: the size is checked before anything is read.
        let path = NSTemporaryDirectory() + "sleuth-big-\(UUID().uuidString).csv"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(truncate(path, off_t(MemoryCSV.maxFileBytes + 1)) == 0)
        let e = #expect(throws: SamplingError.self) { try MemoryCSV.read(path: path) }
        #expect("\(e.map { "\($0)" } ?? "")".contains("a memory series file is at most 256 MiB"))
    }

    @Test func aDeviceWithoutEndIsReadOnlyUpToTheLimit() {
        let e = #expect(throws: SamplingError.self) { try MemoryCSV.read(path: "/dev/zero") }
        #expect("\(e.map { "\($0)" } ?? "")".contains("a memory series file is at most 256 MiB"))
        let empty = #expect(throws: SamplingError.self) { try MemoryCSV.read(path: "/dev/null") }
        #expect("\(empty.map { "\($0)" } ?? "")".contains("the file is empty"))
    }

    @Test func psrecordLog() throws {
        let csv = try load("psrecord-python-growing-512k-per-50ms.log")
        #expect(csv.format == "psrecord")
        #expect(csv.timeColumn == "Elapsed time" && csv.memoryColumn == "Real (MB)")
        #expect(csv.unit == .mib && csv.unitSource == "header")
        #expect(csv.times.count == 28)
        #expect(csv.times.first == 0 && abs(csv.times.last! - 2.729) < 1e-9)
        #expect(abs(csv.memoryKiB[0] - 7.031 * 1024) < 1e-6)
        #expect(abs(csv.memoryKiB.last! - 28.207 * 1024) < 1e-6)
        #expect(csv.startEpochSeconds == nil)
        let virtual = try load("psrecord-python-growing-512k-per-50ms.log", MemoryCSVOptions(memoryColumn: "Virtual (MB)"))
        #expect(virtual.memoryColumn == "Virtual (MB)")
    }

    @Test func grafanaTimeValueInBytes() throws {
        let csv = try load("grafana-time-value-bytes.csv")
        #expect(csv.format == "csv" && csv.timeColumn == "Time" && csv.memoryColumn == "Value")
        #expect(csv.unit == .bytes && csv.unitSource == "default")
        #expect(csv.times == [0, 15, 30, 60])
        #expect(csv.memoryKiB == [102_400, 103_424, 104_448, 106_496])
        #expect(csv.skippedRows == 1)
        #expect(csv.startEpochSeconds == 1_714_557_600)   // 2024-05-01T10:00:00Z
    }

    @Test func grafanaEpochMillisecondsWithWork() throws {
        let csv = try load("grafana-epoch-ms-two-series.csv", MemoryCSVOptions(workColumn: #"http_requests_total{job="api"}"#))
        #expect(csv.memoryColumn == #"process_resident_memory_bytes{job="api"}"#)
        #expect(csv.unit == .bytes && csv.unitSource == "header")
        #expect(csv.times == [0, 15, 30, 45])
        #expect(csv.memoryKiB.first == 204_800)
        #expect(csv.work == [1000, 1150, 1300, 1450])
        #expect(csv.startEpochSeconds == 1_714_557_600)
    }

    @Test func errorsNameFileLineAndColumn() throws {
        let url = try fixture("grafana-semicolon-bad-value.csv")
        #expect(throws: SamplingError(.malformed, file: url.path, line: 3, column: 22, "cannot read 'oops' in column 'Value' as a number")) {
            try MemoryCSV.read(path: url.path)
        }
        let noColumn = SamplingError(.invalidArgument, file: "x.csv", line: 1, column: 1, "no column 'rss' for --memory; the columns are 'Time', 'Value'")
        #expect(throws: noColumn) {
            try MemoryCSV.parse(bytes: Array("Time,Value\n1,2\n".utf8), file: "x.csv", options: MemoryCSVOptions(memoryColumn: "rss"))
        }
        #expect(throws: SamplingError(.malformed, file: "y.csv", line: 2, column: 1, "cannot read 'yesterday' in column 'time' as a time (seconds, epoch milliseconds or ISO 8601)")) {
            try MemoryCSV.parse(bytes: Array("time,rss_kib\nyesterday,5\n".utf8), file: "y.csv")
        }
        #expect(throws: SamplingError(.notFound, file: "/nonexistent.csv", "no such file")) {
            try MemoryCSV.read(path: "/nonexistent.csv")
        }
    }

    @Test func unitsFromHeadersAndOverride() throws {
        let kib = try MemoryCSV.parse(bytes: Array("t,rss_kib\n0,100\n1,200\n".utf8))
        #expect(kib.unit == .kib && kib.memoryKiB == [100, 200])
        let forced = try MemoryCSV.parse(bytes: Array("t,rss_kib\n0,1\n".utf8), options: MemoryCSVOptions(unit: .gib))
        #expect(forced.memoryKiB == [1_048_576] && forced.unitSource == "option")
        let quoted = try MemoryCSV.parse(bytes: Array("\"Time\",\"Heap \"\"used\"\" (MiB)\"\n\"2024-01-01T00:00:00.500+01:00\",\"2\"\n".utf8))
        #expect(quoted.memoryColumn == "Heap \"used\" (MiB)" && quoted.memoryKiB == [2048])
        #expect(quoted.startEpochSeconds == 1_704_063_600.5)
        let tabs = try MemoryCSV.parse(bytes: Array("elapsed\tmem (MB)\n0\t1\n0.5\t2\n".utf8))
        #expect(tabs.times == [0, 0.5] && tabs.memoryKiB == [1024, 2048])
    }

    @Test func isoDates() {
        #expect(MemoryCSV.parseISO8601("1970-01-01T00:00:00Z") == 0)
        #expect(MemoryCSV.parseISO8601("2000-03-01 00:00:00") == 951_868_800)
        #expect(MemoryCSV.parseISO8601("2024-02-29T12:30:15.25-02:30") == 1_709_218_815.25)
        #expect(MemoryCSV.parseISO8601("2024-13-01T00:00:00Z") == nil)
        #expect(MemoryCSV.parseISO8601("2024-01-01") == nil)
    }
}

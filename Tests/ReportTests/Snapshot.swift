import Foundation
import Testing

/// Compares rendered output with a committed snapshot under `Fixtures/`, byte for byte.
///
/// With `SLEUTH_RECORD_SNAPSHOTS=1` it rewrites the snapshot and fails, so a recording run never passes
/// by accident: `SLEUTH_RECORD_SNAPSHOTS=1 swift test --filter ReportTests`, review the diff, run again.
func assertSnapshot(_ actual: String, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let path = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/" + name).path
    if ProcessInfo.processInfo.environment["SLEUTH_RECORD_SNAPSHOTS"] == "1" {
        try actual.write(toFile: path, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); run again without SLEUTH_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
        Issue.record("no snapshot \(name); record it with SLEUTH_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    if actual != expected {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        let got = line < a.count ? String(a[line]) : "<end>"
        let want = line < e.count ? String(e[line]) : "<end>"
        Issue.record("\(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\nrecord with SLEUTH_RECORD_SNAPSHOTS=1 if the change is intended",
                     sourceLocation: sourceLocation)
    }
}

/// A fresh directory under the system's temporary directory, removed by the caller.
func temporaryDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "sleuth-report-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

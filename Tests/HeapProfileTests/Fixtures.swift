import Foundation
@testable import HeapProfile

/// Test fixtures under Fixtures/ (real Go profiles and `go tool pprof` outputs), loaded via Bundle.module.
enum Fixture {
    static var directory: String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path
    }

    static func path(_ name: String) -> String { directory + "/" + name }

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(name)) else {
            throw HeapProfileError("missing fixture", source: name)
        }
        return [UInt8](data)
    }

    static func profile(_ name: String) throws -> Profile { try Profile(contentsOfFile: path(name)) }

    /// A stored `go tool pprof` output, split in lines.
    static func pprof(_ name: String) throws -> [String] {
        let text = String(decoding: try bytes("pprof/" + name + ".txt"), as: UTF8.self)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Lines of a rendered report.
func lines(_ text: String) -> [String] {
    var l = text.components(separatedBy: "\n")
    if l.last == "" { l.removeLast() }
    return l
}

import Foundation
import FuzzTargets
import Testing

/// Replays every fuzz target's seed corpus and every finding kept in `Fuzz/Regressions/TARGET/` without
/// libFuzzer, so a crash or hang once found stays fixed (`make fuzz` finds them; this keeps them).
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Fuzz/seeds.txt`: target name → globs.
    static func seedTable() throws -> [(target: String, globs: [String])] {
        let text = try String(contentsOf: root.appendingPathComponent("Fuzz/seeds.txt"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ").map(String.init)
            guard let first = words.first, !first.hasPrefix("#") else { return nil }
            return (first, Array(words.dropFirst()))
        }
    }

    /// The files of one target's corpus, with `gunzip:` seeds decompressed.
    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let globs = try seedTable().first { $0.target == target }?.globs ?? []
        var inputs: [(String, [UInt8])] = []
        for glob in globs + ["Fuzz/Seeds/\(target)/*", "Fuzz/Regressions/\(target)/*"] {
            let gunzip = glob.hasPrefix("gunzip:")
            for path in expand(gunzip ? String(glob.dropFirst(7)) : glob) {
                var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                if gunzip { bytes = try gunzipped(path) }
                inputs.append((path, bytes))
            }
        }
        return inputs
    }

    static func expand(_ glob: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(root.appendingPathComponent(glob).path, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }
    }

    static func gunzipped(_ path: String) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return [UInt8](data)
    }

    @Test func everyTargetHasSeedsAndEverySeedLineATarget() throws {
        let table = try Self.seedTable()
        #expect(Set(table.map(\.target)) == Set(FuzzTarget.all.map(\.name)))
        for target in FuzzTarget.all {
            #expect(try Self.inputs(target.name).count > 0, "no seed for \(target.name)")
        }
    }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func replaysItsCorpus(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        for input in try Self.inputs(name) {
            input.bytes.withUnsafeBytes { target.run($0) }
        }
    }
}

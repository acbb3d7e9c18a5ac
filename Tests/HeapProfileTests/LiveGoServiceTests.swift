import Foundation
import HTTPFetch
import Testing
@testable import HeapProfile

/// Whether a Go toolchain is on PATH (the live tests build Fixtures/goprog with it).
let goAvailable: Bool = LiveGoService.goPath != nil

/// A real Go service (Fixtures/goprog, standard library only) started on 127.0.0.1 with a free
/// port, in "leak" mode (retains a buffer per request in `retainRequestBuffer`) or "steady" mode
/// (keeps a bounded window). Profiles are fetched live over HTTPFetch.
final class LiveGoService {
    static let goPath: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/go"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }()

    /// Builds the Go program once per test run.
    static let binary: Result<String, Error> = Result {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sleuth-goprog-\(getpid())").path
        let go = Process()
        go.executableURL = URL(fileURLWithPath: goPath ?? "/usr/bin/go")
        go.arguments = ["build", "-trimpath", "-o", out, "."]
        go.currentDirectoryURL = URL(fileURLWithPath: Fixture.path("goprog"))
        var env = ProcessInfo.processInfo.environment
        if env["HOME"] == nil { env["HOME"] = NSTemporaryDirectory() }
        env["GOFLAGS"] = "-mod=mod"
        go.environment = env
        let errors = Pipe()
        go.standardError = errors
        try go.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        go.waitUntilExit()
        guard go.terminationStatus == 0 else {
            throw HeapProfileError("go build failed: \(String(decoding: message, as: UTF8.self))", source: "goprog")
        }
        return out
    }

    let process = Process()
    let base: String

    init(mode: String) throws {
        process.executableURL = URL(fileURLWithPath: try Self.binary.get())
        process.arguments = ["serve", mode]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        while !line.contains(10) && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let r = text.range(of: "listening on ") else {
            process.terminate()
            throw HeapProfileError("goprog did not start: \(text)", source: "goprog")
        }
        base = "http://" + text[r.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    func work(_ requests: Int, kb: Int = 64) throws {
        for _ in 0..<requests { _ = try httpGet("\(base)/work?kb=\(kb)", timeout: 10, maxBytes: 1 << 10) }
    }

    func heapProfile() throws -> Profile { try Profile(url: "\(base)/debug/pprof/heap?gc=1", timeout: 20) }

    /// Rounds of requests, a heap profile after each.
    func profiles(rounds: Int, requestsPerRound: Int) throws -> [Profile] {
        var result: [Profile] = []
        for _ in 0..<rounds {
            try work(requestsPerRound)
            result.append(try heapProfile())
            Thread.sleep(forTimeInterval: 0.05)
        }
        return result
    }
}

@Suite(.serialized) struct LiveGoServiceTests {
    @Test(.enabled(if: goAvailable, "needs go"))
    func leakingServiceHasExactlyOneSuspect() throws {
        let service = try LiveGoService(mode: "leak")
        try service.work(10)  // warm up: connection handling, first allocations
        let profiles = try service.profiles(rounds: 4, requestsPerRound: 25)

        let growth = try Profile.growth(profiles)
        #expect(growth.suspects.map(\.name) == ["main.retainRequestBuffer"])
        #expect(growth.sites.first?.name == "main.retainRequestBuffer")
        #expect(growth.sites.first?.monotonic == true)
        let byName = Dictionary(growth.sites.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["main.churnScratch"]?.suspect == false)

        let diff = try profiles[profiles.count - 1].diff(base: profiles[0]).top()
        #expect(diff.rows.first?.name == "main.retainRequestBuffer")
        // 75 requests × 64 KiB retained between the first and the last profile.
        #expect((diff.rows.first?.flat ?? 0) >= 75 * 64 << 10)
    }

    @Test(.enabled(if: goAvailable, "needs go"))
    func steadyServiceHasNoSuspect() throws {
        let service = try LiveGoService(mode: "steady")
        try service.work(30)  // fill the window first
        let profiles = try service.profiles(rounds: 4, requestsPerRound: 25)
        let growth = try Profile.growth(profiles)
        #expect(growth.suspects.isEmpty, "\(growth.suspects.map { "\($0.name) \($0.values)" })")
    }
}

/// Guards the guard: when Go is installed, the live tests above must really have run.
@Test func liveTestsAreNotSilentlySkippedWhereGoExists() {
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/go") { #expect(goAvailable) }
}

import Foundation
import Testing
@testable import ProcessSampling

@Suite struct TargetTests {
    @Test func parseSpecs() throws {
        #expect(try TargetSpec.parse("1234") == .pid(1234))
        #expect(try TargetSpec.parse("postgres") == .name("postgres"))
        #expect(try TargetSpec.parse("cgroup:/system.slice/app.service") == .cgroup("/system.slice/app.service"))
        #expect(try TargetSpec.parse("my app") == .name("my app"))
        #expect(throws: SamplingError.self) { try TargetSpec.parse("") }
        #expect(throws: SamplingError.self) { try TargetSpec.parse("0") }
        #expect(throws: SamplingError.self) { try TargetSpec.parse("cgroup:") }
        #expect(throws: SamplingError.self) { try TargetSpec.parse("99999999999") }
    }

    @Test func resolvesAPid() throws {
        let target = try TargetResolver(excluded: []).resolve(.pid(getpid()))
        let identity = try #require(target.process)
        #expect(identity.pid == getpid())
        #expect(identity.startTimeTicks > 0)
        #expect(target.commandLine?.isEmpty == false)
        #expect(throws: SamplingError(.notFound, file: "/proc/2147483646", "no process with pid 2147483646")) {
            try TargetResolver().resolve(.pid(2_147_483_646))
        }
    }

    @Test func namesAreExactAndAmbiguityListsPids() throws {
        let name = "sleuth-name-\(getpid())"
        // `exec -a` sets argv[0], so the basename matches while the comm stays "sleep".
        let first = try ChildProcess("/bin/bash", ["-c", "exec -a \(name) sleep 30"])
        defer { first.stop() }
        Thread.sleep(forTimeInterval: 0.3)
        let resolver = TargetResolver()
        let one = try resolver.resolve(.name(name))
        #expect(one.process?.pid == first.pid)
        #expect(throws: SamplingError.self) { try resolver.resolve(.name(String(name.dropLast()))) }

        let second = try ChildProcess("/bin/bash", ["-c", "exec -a \(name) sleep 30"])
        defer { second.stop() }
        Thread.sleep(forTimeInterval: 0.3)
        do {
            _ = try resolver.resolve(.name(name))
            Issue.record("an ambiguous name resolved")
        } catch {
            #expect(error.kind == .ambiguous)
            #expect(error.message.contains("'\(name)' matches 2 processes: "))
            #expect(error.message.contains("\(first.pid) (\(name) 30)") && error.message.contains("\(second.pid) (\(name) 30)"))
        }
    }

    @Test func listsProcessesByMemory() throws {
        let rows = try ProcessLister().list(ProcessListOptions(top: 5, sort: .rss))
        #expect(rows.count == 5)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.0.rssKiB >= $0.1.rssKiB })
        #expect(rows.allSatisfy { $0.anonKiB != nil && !$0.name.isEmpty })
        let bySwap = try ProcessLister().list(ProcessListOptions(sort: .swap))
        #expect(bySwap.count >= rows.count)

        // Filtered to our own cgroup, this test process is listed with its cgroup's figures.
        guard let own = try TargetResolver(excluded: []).memoryCgroup(getpid()) else { return }
        let mine = try ProcessLister().list(ProcessListOptions(cgroup: own.path))
        let me = try #require(mine.first { $0.pid == getpid() })
        #expect(me.cgroupPath == own.path)
        #expect(try #require(me.cgroupUsageKiB) > 0)
        #expect(mine.allSatisfy { $0.cgroupPath.map { ProcessLister.path($0, isWithin: own.path) } ?? false })
    }

    @Test func cgroupPathContainment() {
        #expect(ProcessLister.path("/a/b", isWithin: "/a"))
        #expect(ProcessLister.path("/a", isWithin: "/a/"))
        #expect(!ProcessLister.path("/ab", isWithin: "/a"))
        #expect(ProcessLister.path("/anything", isWithin: "/"))
    }
}

@Suite struct WorkCounterTests {
    @Test func specs() throws {
        #expect(try WorkSpec.parse("file:/tmp/x") == .file("/tmp/x"))
        #expect(try WorkSpec.parse("cmd:echo 1") == .command("echo 1"))
        #expect(try WorkSpec.parse(#"http://127.0.0.1:9090/metrics#http_requests_total{code="200"}"#)
                == .prometheus(url: "http://127.0.0.1:9090/metrics",
                               selector: MetricSelector(name: "http_requests_total", matchers: [.init(label: "code", value: "200")])))
        #expect(throws: SamplingError.self) { try WorkSpec.parse("http://host/metrics") }
        #expect(throws: SamplingError.self) { try WorkSpec.parse("ftp://x") }
    }

    @Test func fileCounter() throws {
        let path = NSTemporaryDirectory() + "sleuth-work-\(getpid())"
        defer { unlink(path) }
        try "  1234.5\n".write(toFile: path, atomically: true, encoding: .utf8)
        let counter = try WorkSpec.file(path).makeCounter(allowCommand: false, httpFetch: nil)
        #expect(try counter.read() == 1234.5)
        try "many".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SamplingError(.malformed, file: path, "'many' is not a number")) { try counter.read() }
    }

    @Test func commandsRunOnlyWhenAllowed() throws {
        #expect(throws: SamplingError(.notAllowed, "--work 'cmd:echo 42' runs a shell command; pass the flag that allows commands to run it")) {
            try WorkSpec.command("echo 42").makeCounter(allowCommand: false, httpFetch: nil)
        }
        let counter = try WorkSpec.command("echo 42").makeCounter(allowCommand: true, httpFetch: nil)
        #expect(try counter.read() == 42)
        let failing = try WorkSpec.command("exit 3").makeCounter(allowCommand: true, httpFetch: nil)
        #expect(throws: SamplingError(.io, file: "cmd:exit 3", "exited with status 3")) { try failing.read() }
    }

    /// The http path end to end: a tiny local HTTP server (python's http.server) serving a
    /// metrics page, read through an injected fetch closure (the Workbench injects HTTPFetch).
    @Test(.enabled(if: ChildProcess.hasPython, "needs python3 for the local HTTP server"))
    func prometheusOverLocalHTTP() throws {
        let dir = NSTemporaryDirectory() + "sleuth-http-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PrometheusTextTests.page.write(toFile: dir + "/metrics", atomically: true, encoding: .utf8)
        let server = try ChildProcess(python: """
            import http.server, os, sys
            os.chdir(sys.argv[1])
            class Quiet(http.server.SimpleHTTPRequestHandler):
                def log_message(self, *args): pass
            s = http.server.HTTPServer(('127.0.0.1', 0), Quiet)
            print(s.server_port, flush=True)
            s.serve_forever()
            """, arguments: [dir])
        defer { server.stop() }
        let port = server.readLine()
        let spec = try WorkSpec.parse(#"http://127.0.0.1:\#(port)/metrics#http_requests_total{method="post"}"#)
        let counter = try spec.makeCounter(allowCommand: false, httpFetch: { url in try TinyHTTP.get(url) })
        #expect(try counter.read() == 1030)
        #expect(throws: SamplingError.self) {
            try WorkSpec.prometheus(url: "http://x", selector: MetricSelector(name: "m")).makeCounter(allowCommand: false, httpFetch: nil)
        }
    }
}

/// A minimal HTTP/1.0 GET over a socket, standing in for the HTTPFetch module in tests.
enum TinyHTTP {
    static func get(_ url: String) throws -> [UInt8] {
        let rest = url.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let hostPort = rest[..<slash].split(separator: ":")
        let path = slash < rest.endIndex ? String(rest[slash...]) : "/"
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(hostPort[1])!).bigEndian
        inet_pton(AF_INET, String(hostPort[0]), &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SamplingError(.io, file: url, "connection refused") }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: \(hostPort[0])\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        guard let headerEnd = (0..<max(0, response.count - 3)).first(where: { response[$0..<$0 + 4] == [13, 10, 13, 10] }) else {
            throw SamplingError(.malformed, file: url, "no HTTP header")
        }
        return Array(response[(headerEnd + 4)...])
    }
}

import Foundation
import Glibc
import Testing
@testable import HTTPFetch
import RealEnvironment

@Suite struct HTTPFetchTests {
    @Test func fetchesAContentLengthBody() throws {
        let body = Array("heap profile: 1: 2 [3: 4] @ heap/1048576\n".utf8)
        let server = try TestServer(.body(body))
        defer { server.stop() }
        #expect(try httpGet(server.url, timeout: 5, maxBytes: 1 << 20) == body)
    }

    @Test func fetchesAChunkedBody() throws {
        let chunks = [Array("abc".utf8), [UInt8](repeating: 7, count: 70_000), Array("xyz".utf8)]
        let server = try TestServer(.chunked(chunks))
        defer { server.stop() }
        #expect(try httpGet(server.url, timeout: 5, maxBytes: 1 << 20) == chunks.flatMap { $0 })
    }

    @Test func chunkedBodyOverTheLimitFails() throws {
        let server = try TestServer(.chunked([[UInt8](repeating: 1, count: 5000)]))
        defer { server.stop() }
        #expect(throws: HTTPFetchError(url: server.url, "response exceeds 1000 bytes")) {
            try httpGet(server.url, timeout: 5, maxBytes: 1000)
        }
    }

    @Test func statusOtherThan200NamesTheStatusLine() throws {
        let server = try TestServer(.status("404 Not Found"))
        defer { server.stop() }
        let error = #expect(throws: HTTPFetchError.self) { try httpGet(server.url, timeout: 5, maxBytes: 1 << 20) }
        #expect(error?.description == "\(server.url): error: server answered 'HTTP/1.1 404 Not Found'")
    }

    @Test func neverEndingBodyHitsTheSizeLimit() throws {
        let server = try TestServer(.stream(total: 10 << 30, declaredLength: nil))
        defer { server.stop() }
        let error = #expect(throws: HTTPFetchError.self) { try httpGet(server.url, timeout: 10, maxBytes: 1 << 20) }
        #expect(error?.message == "response exceeds 1048576 bytes")
        // The client hung up at its limit: the server got little more out than the socket buffers hold.
        #expect(server.bytesSent < 64 << 20)
    }

    @Test func aDeclaredTenGiBBodyIsRefusedBeforeItsFirstByteIsRead() throws {
        let server = try TestServer(.stream(total: 10 << 30, declaredLength: 10 << 30))
        defer { server.stop() }
        let error = #expect(throws: HTTPFetchError.self) { try httpGet(server.url, timeout: 10, maxBytes: 512 << 20) }
        #expect(error?.message == "response exceeds 536870912 bytes (Content-Length 10737418240)")
        #expect(server.bytesSent < 64 << 20)
    }

    @Test func aBodyThatTricklesForeverTimesOutAtTheDeadline() throws {
        let server = try TestServer(.trickle(interval: 0.05))
        defer { server.stop() }
        let start = Date()
        let error = #expect(throws: HTTPFetchError.self) { try httpGet(server.url, timeout: 1, maxBytes: 1 << 20) }
        #expect(error?.message == "timed out after 1s waiting for the response")
        #expect(Date().timeIntervalSince(start) < 4)
    }

    @Test func stalledServerTimesOut() throws {
        let server = try TestServer(.stall)
        defer { server.stop() }
        let start = Date()
        let error = #expect(throws: HTTPFetchError.self) { try httpGet(server.url, timeout: 0.5, maxBytes: 1 << 20) }
        #expect(error?.message == "timed out after 0.5s waiting for the response")
        #expect(Date().timeIntervalSince(start) < 3)
    }

    @Test func connectionRefusedIsAClearError() throws {
        // Bind a port, then close it, so nothing listens there.
        let server = try TestServer(.stall)
        let port = server.port
        server.stop()
        let url = "http://127.0.0.1:\(port)/debug/pprof/heap"
        let error = #expect(throws: HTTPFetchError.self) { try httpGet(url, timeout: 2, maxBytes: 100) }
        #expect(error?.description == "\(url): error: cannot connect to 127.0.0.1:\(port): Connection refused")
    }

    @Test func httpsAndOtherSchemesAreRefused() throws {
        let e1 = #expect(throws: HTTPFetchError.self) { try httpGet("https://example.invalid/x", timeout: 1, maxBytes: 1) }
        #expect(e1?.message.hasPrefix("https is not supported") == true)
        let e2 = #expect(throws: HTTPFetchError.self) { try httpGet("ftp://example.invalid/x", timeout: 1, maxBytes: 1) }
        #expect(e2?.message == "unsupported scheme 'ftp' (only http:// is supported)")
    }

    @Test func parsesHostsPortsAndIPv6() throws {
        #expect(try HTTPRequest.parse("http://127.0.0.1:6060/debug/pprof/heap?gc=1")
            == .init(host: "127.0.0.1", port: "6060", path: "/debug/pprof/heap?gc=1"))
        #expect(try HTTPRequest.parse("http://[::1]:8080") == .init(host: "::1", port: "8080", path: "/"))
        #expect(try HTTPRequest.parse("http://localhost") == .init(host: "localhost", port: "80", path: "/"))
        #expect(throws: HTTPFetchError.self) { try HTTPRequest.parse("http://host:99999/") }
    }
}

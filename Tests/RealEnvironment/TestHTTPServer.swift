import Foundation
import Glibc

/// A one-connection-at-a-time HTTP test server on 127.0.0.1 with a free port, run on a thread,
/// that answers every connection with the same scripted behaviour: well or hostile. It stops when closed.
public final class TestServer: @unchecked Sendable {
    public enum Behaviour: Sendable {
        case body([UInt8])
        case chunked([[UInt8]])
        case status(String)
        /// Streams `total` bytes (until the client hangs up), with `declaredLength` as Content-Length when
        /// given, without one (read until close) when nil.
        case stream(total: Int64, declaredLength: Int64?)
        /// Sends the head, then one body byte every `interval` seconds, without end.
        case trickle(interval: Double)
        /// Accepts, then never answers.
        case stall
    }

    public let port: Int
    private let sent = NSLock()
    private var sentBytes: Int64 = 0
    private let listener: Int32
    private let behaviour: Behaviour
    private let done = NSCondition()
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    public init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = listener
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    public var url: String { "http://127.0.0.1:\(port)/debug/pprof/heap" }

    /// How many body bytes the server got out (the client's limit in action).
    public var bytesSent: Int64 {
        sent.lock()
        defer { sent.unlock() }
        return sentBytes
    }

    private var isStopped: Bool {
        done.lock()
        defer { done.unlock() }
        return stopped
    }

    /// Only this thread closes the listener, so its descriptor number is never reused under it.
    private func serve() {
        defer {
            close(listener)
            finished.signal()
        }
        while !isStopped {
            let fd = accept(listener, nil, nil)
            if fd < 0 { return }  // shut down
            handle(fd)
            close(fd)
        }
    }

    private func write(_ fd: Int32, _ s: String) -> Bool { write(fd, Array(s.utf8)) }

    private func write(_ fd: Int32, _ b: [UInt8]) -> Bool {
        var sent = 0
        while sent < b.count {
            let n = b.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, b.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        self.sent.lock()
        sentBytes += Int64(b.count)
        self.sent.unlock()
        return true
    }

    private func handle(_ fd: Int32) {
        // Read the request head.
        var head: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while !head.suffix(4).elementsEqual([13, 10, 13, 10]) {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { return }
            head += buf[0..<n]
        }
        switch behaviour {
        case .body(let body):
            _ = write(fd, "HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n") && write(fd, body)
        case .chunked(let chunks):
            guard write(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") else { return }
            for c in chunks {
                guard write(fd, String(c.count, radix: 16) + "\r\n"), write(fd, c), write(fd, "\r\n") else { return }
            }
            _ = write(fd, "0\r\n\r\n")
        case .status(let line):
            _ = write(fd, "HTTP/1.1 \(line)\r\nContent-Length: 9\r\n\r\nnot found")
        case .stream(let total, let declared):
            let length = declared.map { "Content-Length: \($0)\r\n" } ?? ""
            guard write(fd, "HTTP/1.1 200 OK\r\n\(length)Connection: close\r\n\r\n") else { return }
            sent.lock(); sentBytes = 0; sent.unlock()
            let block = [UInt8](repeating: 0x61, count: 64 << 10)
            var left = total
            while left > 0 && !isStopped {
                let n = Int(min(Int64(block.count), left))
                guard write(fd, n == block.count ? block : Array(block.prefix(n))) else { return }
                left -= Int64(n)
            }
        case .trickle(let interval):
            guard write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n") else { return }
            sent.lock(); sentBytes = 0; sent.unlock()
            while !isStopped && write(fd, [0x61]) { usleep(useconds_t(interval * 1_000_000)) }
        case .stall:
            done.lock()
            while !stopped { done.wait(until: Date().addingTimeInterval(0.05)) }
            done.unlock()
        }
    }

    public func stop() {
        done.lock()
        stopped = true
        done.broadcast()
        done.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        _ = finished.wait(timeout: .now() + 5)
    }
}

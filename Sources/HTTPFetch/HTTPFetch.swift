import Glibc

/// The one error of HTTPFetch: one line naming the URL and what went wrong.
public struct HTTPFetchError: Error, Sendable, Equatable, CustomStringConvertible {
    public var url: String
    public var message: String

    public init(url: String, _ message: String) {
        self.url = url
        self.message = message
    }

    public var description: String { "\(url): error: \(message)" }
}

/// Fetches `url` with an HTTP/1.1 GET and returns the body.
///
/// Plain `http://` over POSIX sockets only (no TLS, no URLSession, so start-up stays light):
/// getaddrinfo (IPv4 and IPv6), non-blocking connect and poll under one deadline that covers
/// the whole request, `Connection: close`, Content-Length or chunked bodies.
/// - Throws: `HTTPFetchError` for https:// and other schemes, a status other than 200 (with the
///   status line), a body over `maxBytes` ("response exceeds N bytes"), a timeout, or any
///   socket error.
public func httpGet(_ url: String, timeout: Double, maxBytes: Int) throws -> [UInt8] {
    try HTTPRequest(url: url, timeout: timeout, maxBytes: maxBytes).get()
}

/// A GET request to an http:// URL, with its limits.
public struct HTTPRequest: Sendable {
    public var url: String
    /// Seconds for the whole request: resolve, connect, send, receive.
    public var timeout: Double
    /// Largest accepted body, in bytes.
    public var maxBytes: Int
    /// Largest accepted header block, in bytes.
    public var maxHeaderBytes = 64 << 10

    public init(url: String, timeout: Double, maxBytes: Int) {
        self.url = url
        self.timeout = timeout
        self.maxBytes = maxBytes
    }

    /// The parts of an http:// URL.
    struct Target: Equatable {
        var host: String
        var port: String
        var path: String
    }

    static func parse(_ url: String) throws -> Target {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") {
            throw HTTPFetchError(url: url, "https is not supported (Sleuth fetches profiles over plain http://; use a port-forward or save the profile to a file)")
        }
        guard lower.hasPrefix("http://") else {
            let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? url
            throw HTTPFetchError(url: url, url.contains("://") ? "unsupported scheme '\(scheme)' (only http:// is supported)" : "not an http:// URL")
        }
        let rest = url.dropFirst("http://".count)
        let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<slash]
        var path = String(rest[slash...])
        if path.isEmpty { path = "/" } else if path.hasPrefix("?") { path = "/" + path }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host: Substring, port: Substring = "80"
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw HTTPFetchError(url: url, "malformed IPv6 address") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw HTTPFetchError(url: url, "missing host") }
        guard let p = Int(port), (1...65535).contains(p) else { throw HTTPFetchError(url: url, "invalid port '\(port)'") }
        guard !path.contains(where: { $0 == "\r" || $0 == "\n" || $0 == " " }) else {
            throw HTTPFetchError(url: url, "invalid characters in the path")
        }
        return Target(host: String(host), port: String(p), path: path)
    }

    /// Performs the request.
    public func get() throws -> [UInt8] {
        let target = try Self.parse(url)
        let deadline = Clock.now() + max(0, timeout)
        let fd = try connect(target, deadline: deadline)
        defer { close(fd) }
        let hostHeader = target.host.contains(":") ? "[\(target.host)]" : target.host
        let request = "GET \(target.path) HTTP/1.1\r\nHost: \(hostHeader):\(target.port)\r\nUser-Agent: sleuth\r\nAccept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
        try send(fd, Array(request.utf8), deadline: deadline)
        var reader = Reader(fd: fd, deadline: deadline, request: self)
        return try reader.response()
    }

    func fail(_ message: String) -> HTTPFetchError { HTTPFetchError(url: url, message) }

    private func connect(_ target: Target, deadline: Double) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(target.host, target.port, &hints, &list)
        guard rc == 0, let first = list else {
            throw fail("cannot resolve host '\(target.host)': \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let ai = cursor {
            cursor = ai.pointee.ai_next
            let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), ai.pointee.ai_protocol)
            if fd < 0 {
                lastError = String(cString: strerror(errno))
                continue
            }
            if Glibc.connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 { return fd }
            if errno != EINPROGRESS {
                lastError = String(cString: strerror(errno))
                close(fd)
                continue
            }
            do {
                try wait(fd, for: Int16(POLLOUT), deadline: deadline, doing: "connecting to \(target.host):\(target.port)")
            } catch {
                close(fd)
                throw error
            }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            if soError == 0 { return fd }
            lastError = String(cString: strerror(soError))
            close(fd)
        }
        throw fail("cannot connect to \(target.host):\(target.port): \(lastError)")
    }

    func wait(_ fd: Int32, for events: Int16, deadline: Double, doing: String) throws {
        while true {
            let left = deadline - Clock.now()
            if left <= 0 { throw fail("timed out after \(Clock.seconds(timeout)) \(doing)") }
            var p = pollfd(fd: fd, events: events, revents: 0)
            let rc = poll(&p, 1, Int32(min(left * 1000 + 1, 1_000_000)))
            if rc > 0 { return }
            if rc < 0 && errno != EINTR { throw fail("poll failed: \(String(cString: strerror(errno)))") }
        }
    }

    private func send(_ fd: Int32, _ bytes: [UInt8], deadline: Double) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                try wait(fd, for: Int16(POLLOUT), deadline: deadline, doing: "sending the request")
            } else {
                throw fail("sending the request failed: \(String(cString: strerror(errno)))")
            }
        }
    }
}

/// Buffered reading of the response under the request's deadline and limits.
private struct Reader {
    let fd: Int32
    let deadline: Double
    let request: HTTPRequest
    var buffer: [UInt8] = []
    var start = 0
    var eof = false

    init(fd: Int32, deadline: Double, request: HTTPRequest) {
        self.fd = fd
        self.deadline = deadline
        self.request = request
    }

    /// Reads more bytes; false at end of stream.
    mutating func fill() throws -> Bool {
        if eof { return false }
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n == 0 {
                eof = true
                return false
            }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                try request.wait(fd, for: Int16(POLLIN), deadline: deadline, doing: "waiting for the response")
                continue
            }
            throw request.fail("reading the response failed: \(String(cString: strerror(errno)))")
        }
    }

    /// A CRLF- (or LF-) terminated line, without the terminator.
    mutating func line(limit: Int, what: String) throws -> String {
        while true {
            if let nl = buffer[start...].firstIndex(of: 10) {
                var end = nl
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                let s = String(decoding: buffer[start..<end], as: UTF8.self)
                start = nl + 1
                return s
            }
            if buffer.count - start > limit { throw request.fail("\(what) longer than \(limit) bytes") }
            guard try fill() else { throw request.fail("connection closed before the end of the \(what)") }
        }
    }

    mutating func response() throws -> [UInt8] {
        let status = try line(limit: request.maxHeaderBytes, what: "status line")
        let parts = status.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else {
            throw request.fail("malformed status line '\(status.prefix(80))'")
        }
        var headerBytes = status.utf8.count
        var contentLength: Int?
        var chunked = false
        while true {
            let h = try line(limit: request.maxHeaderBytes, what: "headers")
            headerBytes += h.utf8.count + 2
            if headerBytes > request.maxHeaderBytes { throw request.fail("headers exceed \(request.maxHeaderBytes) bytes") }
            if h.isEmpty { break }
            guard let colon = h.firstIndex(of: ":") else { continue }
            let name = h[..<colon].lowercased()
            let value = h[h.index(after: colon)...].trimmingCharacters(in: " \t")
            if name == "content-length" {
                guard let n = Int(value), n >= 0 else { throw request.fail("invalid Content-Length '\(value.prefix(40))'") }
                contentLength = n
            } else if name == "transfer-encoding" && value.lowercased().contains("chunked") {
                chunked = true
            }
        }
        guard code == 200 else { throw request.fail("server answered '\(status.prefix(120))'") }
        if chunked { return try chunkedBody() }
        if let n = contentLength {
            guard n <= request.maxBytes else { throw request.fail("response exceeds \(request.maxBytes) bytes (Content-Length \(n))") }
            while buffer.count - start < n {
                guard try fill() else { throw request.fail("connection closed after \(buffer.count - start) of \(n) body bytes") }
            }
            return Array(buffer[start..<start + n])
        }
        while try fill() {
            if buffer.count - start > request.maxBytes { throw request.fail("response exceeds \(request.maxBytes) bytes") }
        }
        if buffer.count - start > request.maxBytes { throw request.fail("response exceeds \(request.maxBytes) bytes") }
        return Array(buffer[start...])
    }

    mutating func chunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try line(limit: 1024, what: "chunk size line")
            let hex = sizeLine.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: " \t") } ?? ""
            guard let size = Int(hex, radix: 16), size >= 0 else { throw request.fail("malformed chunk size '\(sizeLine.prefix(40))'") }
            if size == 0 {
                // Trailers, then the empty line; a server that closes early is tolerated.
                while let t = try? line(limit: request.maxHeaderBytes, what: "trailers"), !t.isEmpty {}
                return body
            }
            guard size <= request.maxBytes - body.count else { throw request.fail("response exceeds \(request.maxBytes) bytes") }
            while buffer.count - start < size + 2 {
                if buffer.count - start >= size, try !fill() { break }
                if buffer.count - start < size, try !fill() { throw request.fail("connection closed inside a chunk") }
            }
            body.append(contentsOf: buffer[start..<start + size])
            start += size
            if start < buffer.count && buffer[start] == 13 { start += 1 }
            if start < buffer.count && buffer[start] == 10 { start += 1 }
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// Monotonic seconds.
enum Clock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s))s" : "\(s)s"
    }
}

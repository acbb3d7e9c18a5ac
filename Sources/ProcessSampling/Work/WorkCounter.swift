import Foundation

/// A work counter sampled at the same instants as memory: requests served, jobs done, bytes
/// processed. Usually monotonic (a Prometheus counter), but any number works.
public protocol WorkCounter {
    /// The counter's current value.
    /// - Throws: `SamplingError` naming the source.
    func read() throws -> Double
}

/// Where the work counter comes from, as `--work SPEC` spells it.
///
/// - `http://HOST:PORT/PATH#metric{label="v"}`: a Prometheus text endpoint and a series selector;
///   the matching series are summed.
/// - `file:PATH`: a file holding one number.
/// - `cmd:COMMAND`: a shell command printing one number; it runs only when the caller passes
///   `allowCommand` (never from a stored result or a playbook without the user's flag).
public enum WorkSpec: Sendable, Equatable, Codable, CustomStringConvertible {
    case prometheus(url: String, selector: MetricSelector)
    case file(String)
    case command(String)

    /// Parses a `--work` value.
    /// - Throws: `.invalidArgument` for an unknown scheme, a URL without `#metric`, or a bad selector.
    public static func parse(_ text: String) throws(SamplingError) -> WorkSpec {
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            guard let hash = text.lastIndex(of: "#") else {
                throw SamplingError(.invalidArgument, "--work '\(text)' names no metric; add '#metric_name' or '#metric{label=\"value\"}' after the URL")
            }
            let url = String(text[..<hash])
            let selector = try MetricSelector.parse(String(text[text.index(after: hash)...]))
            return .prometheus(url: url, selector: selector)
        }
        if text.hasPrefix("file:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw SamplingError(.invalidArgument, "--work 'file:' names no file") }
            return .file(path)
        }
        if text.hasPrefix("cmd:") {
            let command = String(text.dropFirst(4))
            guard !command.isEmpty else { throw SamplingError(.invalidArgument, "--work 'cmd:' names no command") }
            return .command(command)
        }
        throw SamplingError(.invalidArgument, "--work '\(text)' is not a work source; use http://HOST:PORT/PATH#metric, file:PATH or cmd:COMMAND")
    }

    public var description: String {
        switch self {
        case .prometheus(let url, let selector): return url + "#" + selector.description
        case .file(let path): return "file:" + path
        case .command(let command): return "cmd:" + command
        }
    }

    /// Makes the counter for this spec.
    /// - Parameters:
    ///   - allowCommand: must be true for `cmd:`; the front end sets it only on the user's explicit flag.
    ///   - httpFetch: fetches a URL's body (the HTTPFetch module's `httpGet`, wired by the Workbench).
    /// - Throws: `.notAllowed` for `cmd:` without permission, `.invalidArgument` for `http:` without a fetcher.
    public func makeCounter(allowCommand: Bool, httpFetch: (@Sendable (String) throws -> [UInt8])?) throws(SamplingError) -> any WorkCounter {
        switch self {
        case .prometheus(let url, let selector):
            guard let httpFetch else {
                throw SamplingError(.invalidArgument, file: url, "no HTTP client is available to read the work counter")
            }
            return PrometheusWorkCounter(url: url, selector: selector, fetch: httpFetch)
        case .file(let path):
            return FileWorkCounter(path: path)
        case .command(let command):
            guard allowCommand else {
                throw SamplingError(.notAllowed, "--work 'cmd:\(command)' runs a shell command; pass the flag that allows commands to run it")
            }
            return CommandWorkCounter(command: command)
        }
    }
}

/// `file:PATH`: the first number in a file, re-read at every sample with one open/read/close.
public final class FileWorkCounter: WorkCounter {
    public let path: String
    let reader = ProcFileReader(initialCapacity: 4096)

    public init(path: String) { self.path = path }

    public func read() throws -> Double {
        let text = Bytes.trimmed(try reader.read(path))
        let token = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map(String.init) ?? ""
        guard let v = parsePrometheusFloat(token) else {
            throw SamplingError(.malformed, file: path, "'\(token.prefix(40))' is not a number")
        }
        return v
    }
}

/// `cmd:COMMAND`: runs `/bin/sh -c COMMAND` and reads the first number it prints.
///
/// Construct it only on the user's explicit permission (`WorkSpec.makeCounter(allowCommand:)`).
/// A command running longer than `timeout` seconds is killed and the sample gets no work value.
public struct CommandWorkCounter: WorkCounter {
    public let command: String
    public var timeout: Double

    public init(command: String, timeout: Double = 5) {
        self.command = command
        self.timeout = timeout
    }

    public func read() throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SamplingError(.io, file: "cmd:\(command)", "cannot run: \(error)")
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while process.isRunning && ContinuousClock.now < deadline { usleep(1000) }
        if process.isRunning {
            // SIGKILL, not terminate(): a child started from a dispatch thread inherits its
            // blocked signal mask, so SIGTERM may never be delivered.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw SamplingError(.io, file: "cmd:\(command)", "timed out after \(timeout) s")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile().prefix(4096)
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw SamplingError(.io, file: "cmd:\(command)", "exited with status \(process.terminationStatus)")
        }
        let token = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map(String.init) ?? ""
        guard let v = parsePrometheusFloat(token) else {
            throw SamplingError(.malformed, file: "cmd:\(command)", "printed '\(token.prefix(40))', not a number")
        }
        return v
    }
}

/// `http://…#selector`: fetches a Prometheus text page and sums the series the selector matches.
public struct PrometheusWorkCounter: WorkCounter {
    public let url: String
    public let selector: MetricSelector
    /// Returns the body of a GET (the Workbench passes HTTPFetch's `httpGet` with a timeout and cap).
    public let fetch: @Sendable (String) throws -> [UInt8]

    public init(url: String, selector: MetricSelector, fetch: @escaping @Sendable (String) throws -> [UInt8]) {
        self.url = url
        self.selector = selector
        self.fetch = fetch
    }

    public func read() throws -> Double {
        let body = try fetch(url)
        return try PrometheusText.sum(body, matching: selector, source: url).value
    }
}

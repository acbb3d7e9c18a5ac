/// Why reading a process, a cgroup, a work counter or an input file failed: one line, lower case,
/// naming the file (and line and column, or field) at fault.
///
/// `description` reads `/proc/42/status: error: field 'VmRSS' is not a number` or
/// `mem.csv:3:12: error: cannot read 'abc' as a number`.
public struct SamplingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for callers that react differently (a vanished process is not a bug).
    public enum Kind: String, Sendable, Equatable, Codable {
        /// The file or process does not exist (any more).
        case notFound
        /// The kernel refused access.
        case permission
        /// The file exists but its content is not what the format says.
        case malformed
        /// A value the caller passed (target, duration, work spec, column name) is invalid.
        case invalidArgument
        /// A name matched several processes.
        case ambiguous
        /// Something the caller must allow explicitly (running a command).
        case notAllowed
        /// Any other system error.
        case io
    }

    public var kind: Kind
    /// The file, URL or input name the error is about, if any.
    public var file: String?
    /// 1-based line, if known.
    public var line: Int?
    /// 1-based column, if known.
    public var column: Int?
    /// The message, lower case, values quoted.
    public var message: String

    public init(_ kind: Kind, file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file ?? ""
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return location.isEmpty ? "error: \(message)" : "\(location): error: \(message)"
    }
}

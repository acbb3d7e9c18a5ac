/// The one error of the HeapProfile module: what is wrong, and where, on one line.
///
/// `where` is a byte offset into the (decompressed) profile, a line number of a text profile, or a
/// name (a sample type, an option); `message` is lower case and quotes values.
/// Example: `profile byte 1234: field 2 (sample): varint longer than 10 bytes`.
public struct HeapProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input the error is about ("profile", a file path, a URL), or empty.
    public var source: String
    /// Where in that input, e.g. "byte 1234" or "line 7", or empty.
    public var location: String
    /// What is wrong.
    public var message: String

    public init(_ message: String, source: String = "", location: String = "") {
        self.source = source
        self.location = location
        self.message = message
    }

    /// The error with `source` set when it had none (used when a file or URL wraps a decode error).
    func naming(_ source: String) -> HeapProfileError {
        var copy = self
        if copy.source.isEmpty || copy.source == "profile" { copy.source = source }
        return copy
    }

    public var description: String {
        var head = source
        if !location.isEmpty { head += head.isEmpty ? location : " " + location }
        return head.isEmpty ? "error: \(message)" : "\(head): error: \(message)"
    }
}

extension HeapProfileError {
    static func at(byte offset: Int, _ message: String) -> HeapProfileError {
        HeapProfileError(message, source: "profile", location: "byte \(offset)")
    }

    static func at(line: Int, _ message: String) -> HeapProfileError {
        HeapProfileError(message, source: "profile", location: "line \(line)")
    }
}

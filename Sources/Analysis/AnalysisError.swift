/// An analysis that could not run: one line, lower case, naming the input at fault.
///
/// Analysis is pure, so the only faults are malformed inputs (series of different lengths,
/// non-finite times); an input that is merely too short gives the `insufficient-data` verdict instead.
public struct AnalysisError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "error: \(message)" }
}

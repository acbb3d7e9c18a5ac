/// A command that could not run: one line, lower case, the faulty value quoted, a hint when there is one.
public struct WorkbenchError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Why a report could not be written or an export read. One line, naming the file.
public struct ReportError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let detail: String

    public init(path: String, _ detail: String) {
        self.path = path
        self.detail = detail
    }

    public var description: String { "'\(path)': \(detail)" }
}

/// Why a notebook could not be opened, read or written. One line, naming the file.
public struct NotebookError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        case inUse, notANotebook, newerSchema, cannotCreate, readFailed, writeFailed, notFound
    }
    public let kind: Kind
    public let path: String
    public let detail: String

    public init(_ kind: Kind, path: String, _ detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var description: String { "notebook '\(path)': \(detail)" }
}

/// A place in a playbook file: `go-memory-leak.yaml:12:5` (line and column count from 1).
public struct PlaybookLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file as it was given (a path, or a name in tests).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// The same line, `offset` characters to the right (a word inside a one-line value).
    func shifted(by offset: Int) -> PlaybookLocation {
        PlaybookLocation(file: file, line: line, column: column + offset)
    }
}

/// Everything wrong with a playbook, each problem on one line that names where it is:
/// `go-memory-leak.yaml:12:5: error: unknown command 'tpo'; did you mean 'top'?`
///
/// Loading and validation collect every problem they find before throwing, as a compiler does.
public struct PlaybookError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var location: PlaybookLocation?
        public var message: String

        public init(_ message: String, at location: PlaybookLocation?) {
            self.message = message
            self.location = location
        }

        public var description: String { (location.map { "\($0): " } ?? "") + "error: " + message }
    }

    public var problems: [Problem]

    public init(_ message: String, at location: PlaybookLocation?) {
        problems = [Problem(message, at: location)]
    }

    public init(problems: [Problem]) {
        self.problems = problems
    }

    /// One line per problem.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

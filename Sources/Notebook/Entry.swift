import Foundation

/// One command run in a notebook: its line, its timing, its outcome and its stored result.
public struct Entry: Codable, Sendable, Equatable, Identifiable {
    public enum Status: Int, Codable, Sendable {
        case ok = 0
        case failed = 1
    }
    /// The `#N` id, unique in the notebook and continued across sessions.
    public var id: Int64?
    public var sessionId: Int64
    /// The line as typed (or as a playbook step ran it).
    public var line: String
    /// The canonical command name (`heap top`), or the first word when it did not resolve.
    public var command: String
    public var startedAt: Double
    public var endedAt: Double
    public var status: Status
    /// The command's structured result as JSON (for a failure: `{"error": "..."}`).
    public var result: String
    /// The text the user saw, with control characters already neutralised.
    public var text: String
    /// The hypothesis in focus when the command ran: this entry is one of its experiments.
    public var hypothesisId: Int64?
    /// The question in focus when the command ran.
    public var questionId: Int64?

    public init(id: Int64? = nil, sessionId: Int64, line: String, command: String, startedAt: Double,
                endedAt: Double, status: Status, result: String, text: String,
                hypothesisId: Int64? = nil, questionId: Int64? = nil) {
        self.id = id
        self.sessionId = sessionId
        self.line = line
        self.command = command
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.result = result
        self.text = text
        self.hypothesisId = hypothesisId
        self.questionId = questionId
    }
}

/// One run of `sleuth` on a notebook.
public struct Session: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var startedAt: Double
    public var sleuthVersion: String
    public var pid: Int32
    public var host: String

    public init(id: Int64? = nil, startedAt: Double, sleuthVersion: String, pid: Int32, host: String) {
        self.id = id
        self.startedAt = startedAt
        self.sleuthVersion = sleuthVersion
        self.pid = pid
        self.host = host
    }
}

import Notebook

/// A Sleuth command: declared by a `CommandSpec`, decoded from words, validated, then run.
///
/// The REPL, `-c`, stdin scripts and playbooks all run commands through the same `Workbench`.
public protocol Command: Sendable {
    static var spec: CommandSpec { get }
    /// Decodes the matched words into a typed invocation.
    init(_ arguments: ParsedArguments) throws
    /// Rejects bad combinations before anything runs.
    func validate(in context: CommandContext) throws
    func run(in context: CommandContext) throws -> CommandResult
}

extension Command {
    public func validate(in context: CommandContext) throws {}
}

/// What a command produced: a structured value (stored as JSON, printed with `--json`) and its text.
public struct CommandResult: Sendable {
    public let value: any Encodable & Sendable
    public let text: String
    /// The session should end after this command (`quit`).
    public var quits = false
    /// The command ran, but an expectation it checked did not hold (`playbook run`): a script goes on and
    /// exits 3 at the end.
    public var expectationFailed = false

    public init<T: Encodable & Sendable>(_ value: T, text: String) {
        self.value = value
        self.text = text
    }
}

/// What a running command may use: the notebook, the interrupt flag, a live status line.
public final class CommandContext {
    public let store: NotebookStore
    public let workbench: Workbench
    /// Whether the user pressed Ctrl-C: long-running commands stop and return what they collected.
    public let isInterrupted: () -> Bool
    /// Shows a transient one-line status (a live sample display); a no-op when output is not a terminal.
    public let progress: (String) -> Void
    /// Prints lines as they happen (`dmesg --follow`); they are part of the command's output, not transient.
    public let stream: (String) -> Void
    public let terminalWidth: Int

    init(store: NotebookStore, workbench: Workbench, isInterrupted: @escaping () -> Bool,
         progress: @escaping (String) -> Void, stream: @escaping (String) -> Void, terminalWidth: Int) {
        self.store = store
        self.workbench = workbench
        self.isInterrupted = isInterrupted
        self.progress = progress
        self.stream = stream
        self.terminalWidth = terminalWidth
    }

    /// The investigation as recorded so far (read fresh: commands before this one may have changed it).
    public func investigation() throws -> Investigation { try store.investigation() }
}

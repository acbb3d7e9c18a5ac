/// What a stored command was for, decided from its canonical name.
enum CommandKind {
    /// Looked at the system or at data: dmesg, sample, trend, ps, heap …, goroutines.
    case experiment
    /// Built the investigation: ask, hypothesize, evidence, conclude, cause, note, …
    case investigation
    /// Worked the session: help, history, show, sleep, quit, export.
    case meta

    static let investigationCommands: Set<String> = [
        "ask", "hypothesize", "hyp", "focus", "evidence", "conclude", "cause", "note", "amend", "status", "guide", "next",
    ]
    static let metaCommands: Set<String> = ["help", "history", "show", "sleep", "quit", "exit", "export"]

    init(command: String) {
        if Self.investigationCommands.contains(command) { self = .investigation }
        else if Self.metaCommands.contains(command) { self = .meta }
        else { self = .experiment }
    }
}

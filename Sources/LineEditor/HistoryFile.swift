import CLibEdit
#if canImport(Glibc)
import Glibc
#endif

/// The REPL history file: private (0600), bounded, saved after every command so a crash keeps it.
public struct HistoryFile: Sendable {
    public let path: String
    public let capacity: Int

    public init(path: String, capacity: Int = 1000) {
        self.path = path
        self.capacity = capacity
    }

    /// `$XDG_STATE_HOME/sleuth/history`, else `~/.local/state/sleuth/history`; nil when neither can be named.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/sleuth/history"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/sleuth/history"
    }

    func load(into hist: OpaquePointer) {
        guard access(path, R_OK) == 0 else { return }
        clibedit_history_load(hist, path)
    }

    func save(from hist: OpaquePointer) {
        guard ensureFile() else { return }
        clibedit_history_save(hist, path)
        chmod(path, 0o600)
    }

    /// Creates the parent directories (0700) and the file (0600) if missing.
    @discardableResult
    func ensureFile() -> Bool {
        var dir = ""
        for part in path.split(separator: "/").dropLast() {
            dir += "/" + part
            if mkdir(dir, 0o700) != 0 && errno != EEXIST { return false }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }
}

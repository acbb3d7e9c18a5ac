#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Facts about the controlling terminal, and the process-wide interrupt flag.
public enum Terminal {
    /// Whether standard input is a terminal (the REPL then uses libedit).
    public static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    /// Whether standard output is a terminal (live displays and colour only then).
    public static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The terminal's width in columns; `$COLUMNS` or 80 when it cannot be asked.
    public static func width() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let env = getenv("COLUMNS"), let n = Int(String(cString: env)), n > 0 { return n }
        return 80
    }
}

/// Ctrl-C while a command runs: SIGINT sets a flag that long-running commands poll, and the REPL goes on.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    /// Installs the SIGINT handler (without SA_RESTART, so blocking waits return early).
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.flag.store(true, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; Ctrl-C must reach us.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    /// Whether Ctrl-C was pressed since the last `reset()`.
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }
    public static func reset() { flag.store(false, ordering: .relaxed) }
    /// Raises the flag as SIGINT would (tests, and commands that stop themselves).
    public static func request() { flag.store(true, ordering: .relaxed) }
}

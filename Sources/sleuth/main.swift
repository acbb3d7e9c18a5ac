import ArgumentParser
import LineEditor
#if canImport(Glibc)
import Glibc
#endif

// The exit-code table of the whole tool.
enum ExitCode32 {
    static let ok: Int32 = 0
    static let commandFailed: Int32 = 1
    static let usage: Int32 = 2
    static let expectationFailed: Int32 = 3
}

do {
    var command = try SleuthCommand.parseAsRoot()
    if var start = command as? Start {
        exit(start.execute())
    }
    if let run = command as? Run {
        exit(run.execute())
    }
    if let export = command as? Export {
        exit(export.execute())
    }
    try command.run()
    exit(ExitCode32.ok)
} catch {
    let code = SleuthCommand.exitCode(for: error)
    let message = SleuthCommand.fullMessage(for: error)
    if code == .success {
        Console.out(message + "\n")
        exit(ExitCode32.ok)
    }
    Console.err(message + "\n")
    exit(ExitCode32.usage)
}

import ArgumentParser
import LineEditor
import Notebook
import Report
import Workbench

/// `sleuth export NOTEBOOK --format markdown|json|html [-o FILE]`
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a notebook as a Markdown postmortem, a versioned JSON record, or a self-contained HTML report.")

    @Argument(help: "The notebook to export (it may be in use, or from a crashed session).")
    var notebook: String

    @Option(name: .long, help: "markdown, json or html.")
    var format: String

    @Option(name: [.customShort("o"), .long], help: "Write to FILE (Markdown charts go beside it) instead of standard output.")
    var output: String?

    func validate() throws {
        guard ReportFormat(name: format) != nil else {
            throw ValidationError("'\(format)' is not a format; use markdown, json or html")
        }
    }

    func run() throws {}

    /// Writes the export; the exit code.
    func execute() -> Int32 {
        do {
            let store = try NotebookStore(path: notebook, create: false, readOnly: true)
            let report = try Report(store: store, generator: "sleuth \(Workbench.version)")
            let f = ReportFormat(name: format)!
            if let output {
                let files = try report.write(f, to: output)
                Console.err("wrote " + files.joined(separator: ", ") + "\n")
            } else {
                Console.out(report.render(f).text)
            }
            return 0
        } catch {
            Console.err("error: \(error)\n")
            return 1
        }
    }
}

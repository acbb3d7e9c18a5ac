import Foundation
import Report

/// `export markdown|json|html [-o FILE]`
struct ExportCommand: Command {
    static let spec = CommandSpec(
        "export", group: "Session", summary: "export the notebook as a Markdown postmortem, a JSON record, or an HTML report",
        discussion: """
            Without -o the export goes to standard output (Markdown then comes without its charts). With -o, \
            Markdown charts are written as SVG files beside the file and linked; HTML is one self-contained file \
            with inline charts that works offline. Files are created private (0600).
            """,
        arguments: [ArgumentSpec("FORMAT", .choice(["markdown", "json", "html"]), help: "markdown, json or html")],
        flags: [FlagSpec("output", short: "o", value: "FILE", kind: .file, help: "write to FILE instead of standard output")],
        examples: ["export markdown -o postmortem.md", "export html -o report.html", "export json"], role: .meta)

    struct Result: Codable, Sendable { var format: String; var files: [String] }

    let format: ReportFormat
    let output: String?
    init(_ a: ParsedArguments) throws {
        format = ReportFormat(name: a.argument("FORMAT")!)!
        output = a.value("output")
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let report = try Report(store: context.store, generator: "sleuth \(Workbench.version)")
        guard let output else {
            return CommandResult(Result(format: format.rawValue, files: []), text: report.render(format).text)
        }
        do {
            let files = try report.write(format, to: output)
            return CommandResult(Result(format: format.rawValue, files: files),
                                 text: "wrote " + files.joined(separator: ", ") + "\n")
        } catch let e as ReportError { throw WorkbenchError("export: \(e)") }
    }
}

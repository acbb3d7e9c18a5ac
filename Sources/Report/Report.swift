import Foundation
import Notebook

/// A notebook read once, ready to be rendered as a Markdown postmortem, a versioned JSON record or a
/// self-contained HTML page.
///
/// The report reads only what the notebook stored — entries with their results and text, sessions, and
/// the investigation. It never re-runs a command and never reads `/proc`: an export tells what was seen,
/// when it was seen. Rendering is a pure function of these values, so the same notebook always gives
/// the same bytes (times are printed in UTC; nothing depends on the clock or the locale).
public struct Report: Sendable {
    /// The version of the JSON export's schema (`schemaVersion` in `json()`); see docs/json-export.md.
    public static let jsonSchemaVersion = 1

    /// The notebook's path as the report names it (the store's path unless changed).
    public var notebookPath: String
    /// The notebook's schema version (its number of migrations), when it could be read.
    public var notebookSchemaVersion: Int?
    /// Who wrote the export, e.g. `sleuth 0.1.0`.
    public var generator: String
    public var sessions: [Session]
    public var entries: [Entry]
    public var investigation: Investigation

    /// Reads everything the report needs from `store`, once.
    ///
    /// Works on a store opened read-only, including a notebook still in use by another `sleuth` or left
    /// behind by one that crashed (its `-wal` file is read as SQLite recovers it).
    /// - Parameter generator: the program and version named in the exports, e.g. `sleuth 0.1.0`.
    /// - Throws: `NotebookError` when the notebook cannot be read.
    public init(store: NotebookStore, generator: String) throws {
        // Three reads, not one snapshot: while another sleuth writes, rows may be added in between. Reading
        // the investigation first, then entries, then sessions means every entry the investigation cites
        // and every session an entry names is present (all three only grow).
        let investigation = try store.investigation()
        let entries = try store.entries()
        let sessions = try store.sessions()
        self.init(notebookPath: store.path, notebookSchemaVersion: try? store.schemaVersion(), generator: generator,
                  sessions: sessions, entries: entries, investigation: investigation)
    }

    /// A report of values already read (tests, or a notebook assembled in memory).
    public init(notebookPath: String, notebookSchemaVersion: Int? = nil, generator: String, sessions: [Session],
                entries: [Entry], investigation: Investigation) {
        self.notebookPath = notebookPath
        self.notebookSchemaVersion = notebookSchemaVersion
        self.generator = generator
        self.sessions = sessions
        self.entries = entries
        self.investigation = investigation
    }

    /// Renders the report in `format`.
    ///
    /// - Parameter chartFilePrefix: Markdown only: the charts are returned as SVG files named
    ///   `PREFIX-N-KIND.svg` (N the entry id) and linked by that relative name, so they must be written
    ///   beside the Markdown file. nil leaves the charts out (Markdown on standard output).
    /// - Returns: the text and, for Markdown, the chart files to write beside it.
    public func render(_ format: ReportFormat, chartFilePrefix: String? = nil) -> RenderedReport {
        switch format {
        case .markdown: return markdown(chartFilePrefix: chartFilePrefix)
        case .json: return RenderedReport(text: json(), charts: [])
        case .html: return RenderedReport(text: html(), charts: [])
        }
    }

    /// Renders the report and writes it to `path`, with its chart files beside it (Markdown), each
    /// created with mode 0600 like the notebook: a report holds the same command lines and names.
    ///
    /// The charts are named after the file: `postmortem.md` gets `postmortem-6-memory.svg`, … .
    /// - Returns: the paths written, the report first.
    /// - Throws: `ReportError` naming the file that could not be written.
    @discardableResult
    public func write(_ format: ReportFormat, to path: String) throws -> [String] {
        let url = URL(fileURLWithPath: path)
        let base = url.deletingPathExtension().lastPathComponent
        let rendered = render(format, chartFilePrefix: base.isEmpty ? "chart" : base)
        var written = [path]
        try Self.writeFile(rendered.text, to: path)
        let directory = url.deletingLastPathComponent()
        for chart in rendered.charts {
            let chartPath = directory.appendingPathComponent(chart.fileName).path
            try Self.writeFile(chart.svg, to: chartPath)
            written.append(chartPath)
        }
        return written
    }

    static func writeFile(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ReportError(path: path, "cannot create: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReportError(path: path, "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}

/// The three renderings of a report.
public enum ReportFormat: String, CaseIterable, Sendable {
    case markdown, json, html

    /// Accepts the names and the usual file extensions: `markdown`/`md`, `json`, `html`/`htm`.
    public init?(name: String) {
        switch name.lowercased() {
        case "markdown", "md": self = .markdown
        case "json": self = .json
        case "html", "htm": self = .html
        default: return nil
        }
    }

    /// `md`, `json` or `html`.
    public var fileExtension: String {
        switch self {
        case .markdown: return "md"
        case .json: return "json"
        case .html: return "html"
        }
    }
}

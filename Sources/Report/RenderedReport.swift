/// A rendered report: its text, and the chart files a Markdown report links to.
public struct RenderedReport: Sendable, Equatable {
    public var text: String
    /// For Markdown with a chart prefix: SVG files to write beside the Markdown file.
    public var charts: [ReportChart]
}

/// One chart of a Markdown report: a standalone SVG document and the file name the Markdown links to.
public struct ReportChart: Sendable, Equatable {
    public var fileName: String
    public var svg: String
}

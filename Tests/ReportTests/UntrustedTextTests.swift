import Foundation
import Notebook
import Testing
@testable import Report

/// Attacker-controlled strings (process names, profile functions, log lines) stay text in every output.
@Suite struct UntrustedTextTests {
    @Test func htmlEscapesTheFiveCharacters() {
        #expect(ReportText.html(#"<a href="x" onclick='y'>&</a>"#) == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
    }

    @Test func theHostileNameIsTextInTheHTMLReport() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let html = report.html()
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // In the task table, the heap tables, the flame graph's tooltips and the transcript.
        #expect(html.components(separatedBy: "&lt;script&gt;alert(1)&lt;/script&gt;").count > 6)
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
        for forbidden in ["<link", "<img", "<iframe", "@import", "url(", "<object", "<embed"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
    }

    @Test func theHostileNameIsTextInTheMarkdownAndItsCharts() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let md = report.markdown(chartFilePrefix: "p")
        // Outside fences the name is escaped; inside fences it is literal text, which Markdown never interprets.
        for line in md.text.split(separator: "\n") where line.contains("alert(1)") {
            #expect(!line.hasPrefix("|") || line.contains("&lt;script&gt;"), "\(line)")
        }
        for chart in md.charts { #expect(!chart.svg.contains("<script")) }
        #expect(md.charts.contains { $0.svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;") })
    }

    @Test func controlCharactersAndEscapeSequencesNeverReachTheOutput() {
        let hostile = "evil\u{1B}[2J\u{1B}]0;title\u{07}name\u{9B}31m\u{202E}txt\u{7F}"
        let shown = ReportText.visible(hostile)
        #expect(shown == "evilname\\u{9b}31m\\u{202e}txt\\x7f")
        #expect(ReportText.html(hostile).unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })
        // Already neutralised text (the workbench's) is kept as it is.
        #expect(ReportText.visible("\\x1b[31mred") == "\\x1b[31mred")
        #expect(ReportText.line("a\nb\tc") == "a\\x0ab\\x09c")
    }

    @Test func fencesAreLongerThanAnyBacktickRunInTheText() {
        let text = "before\n```\nnot the end\n`````\nafter"
        let block = ReportText.fenced(text)
        #expect(block.hasPrefix("``````text\n"))
        #expect(block.hasSuffix("\n``````\n"))
        #expect(ReportText.fenced("plain").hasPrefix("```text\n"))
        #expect(ReportText.code("a`b") == "``a`b``")
        #expect(ReportText.code("`x`") == "`` `x` ``")
        #expect(ReportText.code("a|b", inTable: true) == "`a\\|b`")
    }

    @Test func markdownProseCannotOpenLinksEmphasisHTMLOrCells() {
        #expect(ReportText.markdown("[x](javascript:y) *b* _i_ <b> a|b #1 !") ==
                "\\[x\\](javascript:y) \\*b\\* \\_i\\_ &lt;b&gt; a\\|b #1 !")
    }

    @Test func theNoteWithBackticksKeepsItsTranscriptFenceWhole() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let md = report.markdown(chartFilePrefix: nil).text
        #expect(md.contains("````text\nsleuth> note \"the payload cache came with deploy 4f2c; see ```cache.go``` in its diff\"\nN1 noted\n````\n"))
    }
}

/// Escaping of untrusted text for each output the report writes.
///
/// Process names, command lines, kernel log lines and profile strings are attacker-controlled. Every
/// string from the notebook passes through `visible` (no control character survives, as in the
/// terminal) and then through the escaper of its destination: HTML/SVG, Markdown prose, Markdown code.
enum ReportText {
    /// The text with terminal escape sequences removed and every other control character shown as a
    /// visible escape (`\x07`, `\u{9b}`), the way the workbench shows text on a terminal.
    ///
    /// Stored text is already neutralised by the workbench; this also covers results (whose JSON strings
    /// may hold raw controls) and notebooks written by other tools. Visible escapes already in the text
    /// (`\x1b[31m` as six characters) are kept: they are what the data held.
    /// - Parameter keepNewlines: keep `\n` and `\t` as layout; false for one-line text.
    static func visible(_ text: String, keepNewlines: Bool = true) -> String {
        var needs = false
        for u in text.unicodeScalars where isControl(u, keepNewlines: keepNewlines) {
            needs = true
            break
        }
        guard needs else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            if u == "\u{1B}", let end = escapeSequenceEnd(scalars, from: i) {
                i = end
                continue
            }
            if isControl(u, keepNewlines: keepNewlines) {
                let escaped = u.value < 0x80 ? "\\x" + hex(u.value, 2) : "\\u{" + hex(u.value, 2) + "}"
                out.append(contentsOf: escaped.unicodeScalars)
            } else {
                out.append(u)
            }
            i += 1
        }
        return String(out)
    }

    /// One line: newlines and tabs become visible escapes.
    static func line(_ text: String) -> String { visible(text, keepNewlines: false) }

    /// The index after an ECMA-48 sequence starting with ESC at `start` (CSI `ESC [ … final`, OSC/DCS
    /// `ESC ] … BEL|ESC \`, or a two-character escape), or nil when it is a lone ESC.
    static func escapeSequenceEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start + 1
        guard i < s.count else { return nil }
        switch s[i] {
        case "[":
            i += 1
            // Parameter and intermediate bytes, then one final byte in @...~; capped so a stray ESC cannot
            // swallow a whole report.
            var n = 0
            while i < s.count, n < 64 {
                let v = s[i].value
                if (0x40...0x7E).contains(v) { return i + 1 }
                guard (0x20...0x3F).contains(v) else { return nil }
                i += 1
                n += 1
            }
            return nil
        case "]", "P", "_", "^":
            i += 1
            var n = 0
            while i < s.count, n < 512 {
                if s[i] == "\u{07}" { return i + 1 }
                if s[i] == "\u{1B}", i + 1 < s.count, s[i + 1] == "\\" { return i + 2 }
                i += 1
                n += 1
            }
            return nil
        default:
            return (0x20...0x7E).contains(s[i].value) ? i + 1 : nil
        }
    }

    static func isControl(_ u: Unicode.Scalar, keepNewlines: Bool) -> Bool {
        switch u.value {
        case 0x0A, 0x09: return !keepNewlines
        case 0x00...0x1F, 0x7F, 0x80...0x9F: return true
        // Bidirectional overrides can reorder what is shown.
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    static func hex(_ v: UInt32, _ width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    // MARK: HTML and SVG

    /// Text for HTML or SVG content and attribute values: `& < > " '` escaped, controls made visible.
    static func html(_ text: String, keepNewlines: Bool = true) -> String {
        let text = visible(text, keepNewlines: keepNewlines)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    // MARK: Markdown

    /// Text for Markdown prose and table cells: one line, with Markdown and HTML syntax escaped so a
    /// name cannot open a link, an emphasis, a table cell or an HTML element.
    static func markdown(_ text: String) -> String {
        let text = line(text)
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            // `#` and `!` matter only where a line starts or before `[`; every string here follows other text.
            case "\\", "`", "*", "_", "[", "]", "|", "~": out += "\\" + String(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// An inline code span that holds `text` literally, whatever backticks it contains. In a table cell
    /// `|` is escaped as GFM requires.
    static func code(_ text: String, inTable: Bool = false) -> String {
        var text = line(text)
        if inTable { text = text.replacing("|", with: "\\|") }
        let ticks = String(repeating: "`", count: longestRun(of: "`", in: text) + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") || text.isEmpty ? " " : ""
        return ticks + pad + text + pad + ticks
    }

    /// A fenced code block that no line of `text` can close: the fence is longer than any backtick run.
    static func fenced(_ text: String, info: String = "text") -> String {
        let text = visible(text)
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: text) + 1))
        var body = text
        if !body.hasSuffix("\n") { body += "\n" }
        return fence + info + "\n" + body + fence + "\n"
    }

    static func longestRun(of c: Character, in text: String) -> Int {
        var best = 0, run = 0
        for ch in text {
            if ch == c { run += 1; best = max(best, run) } else { run = 0 }
        }
        return best
    }
}

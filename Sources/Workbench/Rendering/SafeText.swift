/// Makes untrusted text safe to print on a terminal.
public enum SafeText {
    /// Shows control characters and escape sequences as visible escapes (`\x1b`, `\u{9b}`), so text from
    /// process names, log lines or profiles can neither move the cursor nor change the terminal.
    ///
    /// - Parameter keepNewlines: keep `\n` and `\t` as layout (multi-line output); false for one-line text.
    /// - Complexity: O(n) in the length of the text.
    public static func neutralize(_ text: String, keepNewlines: Bool = true) -> String {
        var needs = false
        for u in text.unicodeScalars where isControl(u, keepNewlines: keepNewlines) {
            needs = true
            break
        }
        guard needs else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            if isControl(u, keepNewlines: keepNewlines) {
                let escaped = u.value < 0x80 ? "\\x" + hex(u.value, 2) : "\\u{" + hex(u.value, 2) + "}"
                out.append(contentsOf: escaped.unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
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

    private static func hex(_ v: UInt32, _ width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}

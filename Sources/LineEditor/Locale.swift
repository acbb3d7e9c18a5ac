#if canImport(Glibc)
import Glibc
#endif

/// The C locale, set so that libedit reads and writes UTF-8.
enum Locale {
    /// Takes the user's locale; if it is not UTF-8 (often "C" in containers), falls back to C.UTF-8.
    static func enableUTF8() {
        setlocale(LC_CTYPE, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().filter({ $0 != "-" }) != "UTF8" {
            _ = setlocale(LC_CTYPE, "C.UTF-8") ?? setlocale(LC_CTYPE, "en_US.UTF-8")
        }
    }
}

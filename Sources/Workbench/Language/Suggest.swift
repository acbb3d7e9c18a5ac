/// "Did you mean …?": the nearest name by edit distance, when it is near enough to be a likely typo.
public enum Suggest {
    public static func nearest(_ word: String, among names: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for name in names {
            let d = distance(w, Array(name.lowercased()))
            if best == nil || d < best!.1 { best = (name, d) }
        }
        guard let (name, d) = best else { return nil }
        // A typo, not another word: allow about one edit per three characters.
        let allowed = max(1, min(3, (max(w.count, name.count) + 1) / 3))
        if d <= allowed { return name }
        // A word that starts the same way (`hypthesis` → `hypothesize`) is a likely intent too.
        if w.count >= 3, name.lowercased().hasPrefix(String(w.prefix(3))) && d <= w.count / 2 + 1 { return name }
        return nil
    }

    /// Damerau–Levenshtein (optimal string alignment) distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}

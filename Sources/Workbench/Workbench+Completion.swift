import Foundation
import Notebook

extension Workbench {
    /// Candidates for the word under the cursor: command names, subcommands, flags, and values by kind
    /// (files, processes, `#N`, `Q1`, `H2`, choices).
    ///
    /// - Parameter line: the line up to the cursor.
    /// - Returns: the partial word and its full candidates, sorted.
    public func complete(_ line: String) -> (word: String, candidates: [String]) {
        let (done, current) = Tokenizer.tokenizeForCompletion(line)
        let word = current.text
        let words = done.map(\.text)
        if words.isEmpty {
            // An abbreviation completes its command (`he` → `help`); otherwise every name with the prefix,
            // abbreviations left out since their names are listed.
            if let abbreviated = registry.commands.first(where: { $0.spec.abbreviations.contains(word) }) {
                return (word, [abbreviated.spec.path[0]])
            }
            let abbreviations = Set(registry.commands.flatMap { $0.spec.abbreviations })
            return (word, registry.topLevelNames.filter { $0.hasPrefix(word) && !abbreviations.contains($0) }.sorted())
        }
        // A group whose subcommand is being typed.
        let family = registry.commands.filter { $0.spec.path[0] == words[0] && $0.spec.path.count == 2 }
        if words.count == 1 && !family.isEmpty {
            return (word, family.map { $0.spec.path[1] }.filter { $0.hasPrefix(word) }.sorted())
        }
        guard let (type, consumed) = try? registry.resolve(words.count >= 2 ? words : words + [word]),
              consumed <= words.count else {
            return (word, [])
        }
        let spec = type.spec
        let args = Array(words.dropFirst(consumed))
        let flags = spec.allFlags
        if let last = args.last, last.hasPrefix("--"), let flag = flags.first(where: { "--" + $0.name == last }),
           flag.value != nil {
            return (word, values(of: flag.kind, prefix: word))
        }
        if word.hasPrefix("-") {
            let used = Set(args)
            return (word, flags.filter { $0.repeating || !used.contains("--" + $0.name) }
                .map { "--" + $0.name }.filter { $0.hasPrefix(word) }.sorted())
        }
        // Which positional argument is this word?
        var index = 0
        var i = 0
        while i < args.count {
            if args[i].hasPrefix("--"), let f = flags.first(where: { "--" + $0.name == args[i] }), f.value != nil { i += 2; continue }
            if !args[i].hasPrefix("-") { index += 1 }
            i += 1
        }
        let positional = spec.arguments.indices.contains(index) ? spec.arguments[index]
            : spec.arguments.last.flatMap { $0.repeating ? $0 : nil }
        guard let positional else { return (word, []) }
        return (word, values(of: positional.kind, prefix: word))
    }

    func values(of kind: ValueKind, prefix: String) -> [String] {
        switch kind {
        case .choice(let options):
            return options.filter { $0.hasPrefix(prefix) }
        case .file:
            return Self.paths(prefix: prefix)
        case .process:
            return Self.processes(prefix: prefix)
        case .entry:
            let ids = (try? store.entries().compactMap { $0.id }) ?? []
            return ids.reversed().map { "#\($0)" }.filter { $0.hasPrefix(prefix) }
        case .question, .hypothesis, .node:
            guard let inv = try? store.investigation() else { return [] }
            var ids: [String] = []
            if kind != .hypothesis { ids += inv.questions.compactMap { $0.id.map { "Q\($0)" } } }
            if kind != .question { ids += inv.hypotheses.compactMap { $0.id.map { "H\($0)" } } }
            return ids.filter { $0.uppercased().hasPrefix(prefix.uppercased()) }
        case .profile:
            return ((try? store.profileNames().map(\.name)) ?? []).filter { $0.hasPrefix(prefix) }
        case .playbook:
            return playbookNames().filter { $0.hasPrefix(prefix) }.sorted()
        case .text, .number, .duration, .url:
            return []
        }
    }

    /// Directory entries completing a path; directories end in "/".
    static func paths(prefix: String) -> [String] {
        let expanded = prefix.hasPrefix("~/") ? NSHomeDirectory() + prefix.dropFirst(1) : prefix
        let dirPart: String
        let namePart: String
        if let slash = expanded.lastIndex(of: "/") {
            dirPart = String(expanded[...slash])
            namePart = String(expanded[expanded.index(after: slash)...])
        } else {
            dirPart = ""
            namePart = expanded
        }
        let shownDir = prefix.hasPrefix("~/") ? "~/" + dirPart.dropFirst(NSHomeDirectory().count + 1) : dirPart
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dirPart.isEmpty ? "." : dirPart) else {
            return []
        }
        return names.filter { $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
            .map { name in
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: dirPart + name, isDirectory: &isDir)
                return shownDir + name + (isDir.boolValue ? "/" : "")
            }
    }

    /// Pids and process names (from /proc) starting with the prefix.
    static func processes(prefix: String) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var out = Set<String>()
        let wantPid = prefix.first?.isNumber ?? false
        for e in entries where e.first?.isNumber == true {
            if wantPid || prefix.isEmpty {
                if e.hasPrefix(prefix) { out.insert(e) }
                if wantPid { continue }
            }
            guard let comm = try? String(contentsOfFile: "/proc/\(e)/comm", encoding: .utf8) else { continue }
            let name = comm.trimmingCharacters(in: .newlines)
            if name.hasPrefix(prefix) && !name.isEmpty && name.allSatisfy({ !$0.isWhitespace }) { out.insert(name) }
        }
        return out.sorted { a, b in
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
    }
}

import Foundation

/// Per-line flat/cum of the functions matching a regex, with source text when readable.
public struct ListReport: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var number: Int64
        public var flat: Int64
        public var cum: Int64
        /// The source line, or nil when the file could not be read.
        public var source: String?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(number, forKey: .number)
            try c.encode(flat, forKey: .flat)
            try c.encode(cum, forKey: .cum)
            try c.encode(source, forKey: .source)
        }
    }

    public struct Routine: Sendable, Codable, Equatable {
        public var function: String
        public var file: String
        public var flat: Int64
        public var cum: Int64
        /// Whether `lines` carry source text.
        public var hasSource: Bool
        public var lines: [Line]
    }

    public var sampleIndex: String
    public var unit: String
    public var total: Int64
    public var routines: [Routine]
}

/// Where `list` looks for source files: a path prefix in the profile replaced by a local one.
public struct SourceRoot: Sendable, Codable, Equatable {
    public var profilePrefix: String
    public var localPrefix: String
    public init(profilePrefix: String, localPrefix: String) {
        self.profilePrefix = profilePrefix
        self.localPrefix = localPrefix
    }
}

extension Profile {
    /// pprof's `list`: for each function matching `pattern`, flat and cum per source line; source
    /// text when the file is readable (after re-rooting with `roots`), else line numbers only.
    /// - Throws: `HeapProfileError` for an invalid regex or unknown sample index.
    public func list(_ pattern: String, roots: [SourceRoot] = [], context: Int = 2, _ options: QueryOptions = QueryOptions()) throws -> ListReport {
        let rx = try ProfileGraph.compile(pattern, "list")
        let index = try sampleIndex(named: options.sampleIndex)
        let graph = try ProfileGraph(self, valueIndex: index, granularity: .lines, focus: options.focus, ignore: options.ignore)
        let (flat, cum) = graph.weights()
        struct Key: Hashable { var function: String; var file: String }
        var groups: [Key: [Int]] = [:]
        for n in 0..<graph.nodeCount where flat[n] != 0 || cum[n] != 0 {
            let info = graph.infos[n]
            guard !info.name.isEmpty, (try? rx.firstMatch(in: info.name)) != nil else { continue }
            groups[Key(function: info.name, file: info.file), default: []].append(n)
        }
        var routines: [ListReport.Routine] = []
        for (key, nodes) in groups {
            var perLine: [Int64: (Int64, Int64)] = [:]
            for n in nodes {
                let l = graph.infos[n].line
                let old = perLine[l] ?? (0, 0)
                perLine[l] = (old.0 &+ flat[n], old.1 &+ cum[n])
            }
            let source = Self.readSource(key.file, roots: roots)
            let numbers = perLine.keys.sorted()
            var shown: [Int64] = numbers
            if let source, let lo = numbers.first, let hi = numbers.last {
                let from = max(1, lo - Int64(context)), to = min(Int64(source.count), hi + Int64(context))
                shown = from <= to ? Array(from...to) : numbers
            }
            let lines = shown.map { n in
                ListReport.Line(
                    number: n, flat: perLine[n]?.0 ?? 0, cum: perLine[n]?.1 ?? 0,
                    source: source.flatMap { n >= 1 && Int(n) <= $0.count ? $0[Int(n) - 1] : nil })
            }
            // As pprof's list header: the sums of the lines' flat and cum values.
            routines.append(ListReport.Routine(
                function: key.function, file: key.file, flat: nodes.map { flat[$0] }.reduce(0, +),
                cum: nodes.map { cum[$0] }.reduce(0, +), hasSource: source != nil, lines: lines))
        }
        routines.sort { $0.function == $1.function ? $0.file < $1.file : $0.function < $1.function }
        return ListReport(sampleIndex: sampleTypes[index].type, unit: sampleTypes[index].unit, total: graph.total(), routines: routines)
    }

    /// Source files `list` shows lines of. A profile is untrusted: the file names in it must not make
    /// Sleuth print (and a report keep) lines of `/etc/shadow`, or read `/dev/zero` forever.
    static let sourceExtensions: Set<String> = [
        "go", "s", "c", "h", "cc", "cpp", "cxx", "hh", "hpp", "rs", "py", "java", "kt", "swift", "zig", "js", "ts",
    ]
    static let maxSourceBytes = 16 << 20

    /// Whether `path` is a regular source file small enough to show.
    static func isReadableSource(_ path: String) -> Bool {
        guard let ext = path.split(separator: "/").last?.split(separator: ".").last.map({ $0.lowercased() }),
              path.split(separator: "/").last?.contains(".") == true, sourceExtensions.contains(ext) else { return false }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        return Int(st.st_size) < maxSourceBytes
    }

    static func readSource(_ file: String, roots: [SourceRoot]) -> [String]? {
        var candidates: [String] = []
        for r in roots where file.hasPrefix(r.profilePrefix) {
            candidates.append(r.localPrefix + file.dropFirst(r.profilePrefix.count))
        }
        candidates.append(file)
        for path in candidates where isReadableSource(path) {
            if let data = FileManager.default.contents(atPath: path), data.count < maxSourceBytes {
                var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
                if lines.last == "" { lines.removeLast() }
                return lines
            }
        }
        return nil
    }
}

extension ListReport {
    /// pprof-like text: a ROUTINE header per function, then `flat cum line: source`.
    public func text() -> String {
        let unit = self.unit.lowercased()
        let outputUnit = Profile.outputUnit(routines.map(\.flat), routines.map(\.cum), total: total, unit: unit)
        func f(_ v: Int64) -> String { v == 0 ? "." : Measurement.scaledLabel(v, from: unit, to: outputUnit) }
        var out = "Total: \(Measurement.scaledLabel(total, from: unit, to: outputUnit))\n"
        for r in routines {
            out += "ROUTINE ======================== \(Terminal.safe(r.function)) in \(Terminal.safe(r.file))\n"
            out += Measurement.pad(f(r.flat), 10) + " " + Measurement.pad(f(r.cum), 10) + " (flat, cum) "
                + Measurement.percentage(r.cum, of: total) + " of Total\n"
            if !r.hasSource { out += " (source not found: \(Terminal.safe(r.file)))\n" }
            for l in r.lines {
                out += Measurement.pad(f(l.flat), 10) + " " + Measurement.pad(f(l.cum), 10) + " "
                    + Measurement.pad(String(l.number), 6) + ":" + Terminal.safe(l.source ?? "") + "\n"
            }
        }
        return out
    }
}

import Foundation
import HTTPFetch
import HeapProfile
import Notebook

/// Decoded profiles of this session, by name, so queries do not decode the same bytes twice.
final class ProfileCache {
    private var profiles: [String: Profile] = [:]

    /// The profile stored under `name`, decoded once.
    func profile(_ name: String, store: NotebookStore) throws -> Profile {
        if let p = profiles[name] { return p }
        guard let stored = try store.profile(named: name) else {
            let names = try store.profileNames().map(\.name)
            let hint = Suggest.nearest(name, among: names).map { "; did you mean '\($0)'?" }
                ?? (names.isEmpty ? "; load one first with 'heap load FILE|URL'" : " (loaded: \(names.joined(separator: ", ")))")
            throw WorkbenchError("no profile named '\(name)'\(hint)")
        }
        let p = try Profile(decoding: [UInt8](stored.bytes), source: stored.source)
        profiles[name] = p
        return p
    }

    func remember(_ name: String, _ profile: Profile) { profiles[name] = profile }
}

/// Loading and naming profiles, shared by the heap and goroutine commands.
enum ProfileLoader {
    static let maxBytes = 512 << 20
    static let timeout = 30.0

    /// Reads a file or fetches an http(s) URL; the bytes as they came.
    static func bytes(of source: String, gc: Bool = false) throws -> [UInt8] {
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            var url = source
            if gc && !url.contains("gc=") { url += (url.contains("?") ? "&" : "?") + "gc=1" }
            do { return try httpGet(url, timeout: timeout, maxBytes: maxBytes) }
            catch { throw WorkbenchError("\(error)") }
        }
        if source.contains("://") {
            throw WorkbenchError("'\(source)' is not a file or an http(s) URL")
        }
        guard let handle = FileHandle(forReadingAtPath: source) else {
            throw WorkbenchError("cannot read '\(source)'" + (FileManager.default.fileExists(atPath: source) ? ": permission denied" : ": no such file"))
        }
        defer { try? handle.close() }
        var out: [UInt8] = []
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            out.append(contentsOf: chunk)
            if out.count > maxBytes { throw WorkbenchError("'\(source)' is larger than \(maxBytes >> 20) MiB") }
        }
        return out
    }

    /// Decodes and stores a profile under `name` (or the next free `p1`, `p2`, …).
    static func load(_ source: String, name: String?, prefix: String = "p", kind: String = "heap", gc: Bool = false,
                     context: CommandContext) throws -> (String, Profile) {
        let names = Set(try context.store.profileNames().map(\.name))
        if let name, names.contains(name) { throw WorkbenchError("a profile named '\(name)' already exists; choose another --name") }
        let raw = try bytes(of: source, gc: gc)
        let profile: Profile
        do { profile = try Profile(decoding: raw, source: source) }
        catch { throw WorkbenchError("\(error)") }
        var chosen = name ?? ""
        if name == nil {
            var n = 1
            while names.contains("\(prefix)\(n)") { n += 1 }
            chosen = "\(prefix)\(n)"
        }
        _ = try context.store.add(StoredProfile(name: chosen, source: source, kind: kind, bytes: Data(raw),
                                                loadedAt: Date().timeIntervalSince1970))
        context.workbench.profiles.remember(chosen, profile)
        return (chosen, profile)
    }

    /// The most recently loaded profile's name.
    static func latest(_ context: CommandContext) throws -> String {
        guard let last = try context.store.profileNames().last?.name else {
            throw WorkbenchError("no profile loaded yet; load one with 'heap load FILE|URL'")
        }
        return last
    }

    /// A profile by name, or a file/URL loaded on the spot.
    static func resolve(_ ref: String, context: CommandContext) throws -> (String, Profile) {
        if (try context.store.profile(named: ref)) != nil {
            return (ref, try context.workbench.profiles.profile(ref, store: context.store))
        }
        if ref.contains("/") || ref.contains(".") {
            return try load(ref, name: nil, context: context)
        }
        return (ref, try context.workbench.profiles.profile(ref, store: context.store))
    }

    static func queryOptions(_ a: ParsedArguments, nodeCount: Int = 0) -> QueryOptions {
        QueryOptions(sampleIndex: a.value("sample-index"), granularity: a.isSet("lines") ? .lines : .functions,
                     focus: a.value("focus"), ignore: a.value("ignore"), nodeCount: nodeCount, sortByCum: a.isSet("cum"))
    }

    /// A call tree for a flame graph: root → callers → callees, small nodes pruned.
    static func flame(_ profile: Profile, sampleIndex: String?) -> FlameNode? {
        guard let traces = try? profile.traces(QueryOptions(sampleIndex: sampleIndex)) else { return nil }
        let root = FlameBuilder(name: "all")
        for t in traces where t.value > 0 {
            var node = root
            node.value += t.value
            for frame in t.frames.reversed().prefix(64) {
                node = node.child(frame)
                node.value += t.value
            }
        }
        return root.value > 0 ? root.freeze(minimum: root.value / 200, depth: 0) : nil
    }
}

/// One node of a flame graph (icicle): a frame and the value of every stack through it.
struct FlameNode: Codable, Sendable {
    var name: String
    var value: Int64
    var children: [FlameNode]
}

private final class FlameBuilder {
    let name: String
    var value: Int64 = 0
    var children: [String: FlameBuilder] = [:]
    init(name: String) { self.name = name }
    func child(_ n: String) -> FlameBuilder {
        if let c = children[n] { return c }
        let c = FlameBuilder(name: n)
        children[n] = c
        return c
    }
    func freeze(minimum: Int64, depth: Int) -> FlameNode {
        let kept = depth >= 40 ? [] : children.values.filter { $0.value >= max(minimum, 1) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.name < $1.name }
            .map { $0.freeze(minimum: minimum, depth: depth + 1) }
        return FlameNode(name: name, value: value, children: kept)
    }
}

private let queryFlags: [FlagSpec] = [
    FlagSpec("profile", value: "NAME", kind: .profile, help: "the profile (default: the last loaded)"),
    FlagSpec("sample-index", value: "TYPE", kind: .choice(["inuse_space", "inuse_objects", "alloc_space", "alloc_objects"]),
             help: "which value: inuse_space, inuse_objects, alloc_space, alloc_objects (default as pprof)"),
    FlagSpec("focus", value: "RE", help: "only stacks with a frame matching RE"),
    FlagSpec("ignore", value: "RE", help: "drop stacks with a frame matching RE"),
    FlagSpec("lines", help: "one row per source line instead of per function"),
]

/// `heap load SRC`
struct HeapLoadCommand: Command {
    static let spec = CommandSpec(
        "heap load", group: "Heap profiles", summary: "load a pprof profile from a file or a live /debug/pprof/heap URL",
        discussion: """
            SRC is a .pb.gz (or raw profile.proto), a legacy text heap profile (?debug=1), or an http(s) URL. \
            The bytes are stored in the notebook under NAME (p1, p2, … by default), so later sessions and \
            exports can re-analyse them. URLs are fetched with a 30 s timeout and a 512 MiB limit.
            """,
        arguments: [ArgumentSpec("SRC", .file, help: "a profile file or http://HOST:PORT/debug/pprof/heap")],
        flags: [FlagSpec("name", value: "NAME", help: "the name to store it under"),
                FlagSpec("gc", help: "ask the service to run a GC first (?gc=1), so only live memory counts")],
        examples: ["heap load heap.pb.gz", "heap load http://127.0.0.1:6060/debug/pprof/heap --gc --name before"],
        role: .experiment)

    struct Result: Codable, Sendable {
        var name: String
        var source: String
        var format: String
        var sampleTypes: [String]
        var defaultSampleIndex: String
        var totals: [String: Int64]
        var samples: Int
        var timeNanos: Int64
        var heapInuseBytes: Int64?
        var flame: FlameNode?
    }

    let source: String
    let name: String?
    let gc: Bool
    init(_ a: ParsedArguments) throws {
        source = a.argument("SRC")!
        name = a.value("name")
        gc = a.isSet("gc")
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let (name, p) = try ProfileLoader.load(source, name: name, gc: gc, context: context)
        var totals: [String: Int64] = [:]
        for (i, t) in p.sampleTypes.enumerated() {
            totals[t.type] = (try? p.top(QueryOptions(sampleIndex: String(i), nodeCount: 1)).total) ?? 0
        }
        let def = p.sampleTypes.indices.contains(p.defaultSampleIndex) ? p.sampleTypes[p.defaultSampleIndex].type : ""
        let result = Result(name: name, source: source, format: p.format.rawValue, sampleTypes: p.sampleTypes.map(\.type),
                            defaultSampleIndex: def, totals: totals, samples: p.sampleCount, timeNanos: p.timeNanos,
                            heapInuseBytes: p.memStats?["HeapInuse"], flame: ProfileLoader.flame(p, sampleIndex: nil))
        var text = "\(name): \(p.format.rawValue) profile from \(source), \(p.sampleCount) samples\n"
        for t in p.sampleTypes {
            text += "  \(t.type)\(t.type == def ? " (default)" : ""): \(Measurement.label(totals[t.type] ?? 0, unit: t.unit))\n"
        }
        if let inuse = p.memStats?["HeapInuse"] { text += "  runtime.MemStats HeapInuse: \(Measurement.label(inuse, unit: "bytes"))\n" }
        return CommandResult(result, text: text)
    }
}

/// `heap top [N]`
struct HeapTopCommand: Command {
    static let spec = CommandSpec(
        "heap top", group: "Heap profiles", summary: "the biggest allocation sites, as go tool pprof -top prints them",
        arguments: [ArgumentSpec("N", .number, help: "how many rows (default: all above pprof's 0.5% cut-off)", optional: true)],
        flags: queryFlags + [FlagSpec("cum", help: "sort by cumulative value")],
        examples: ["heap top", "heap top 10 --cum", "heap top --sample-index alloc_space --focus 'main\\.'"],
        role: .experiment)

    let count: Int
    let args: ParsedArguments
    init(_ a: ParsedArguments) throws {
        count = try a.argument("N").map { try Int.parse($0, what: "N", atLeast: 1) } ?? 0
        args = a
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let name = try args.value("profile") ?? ProfileLoader.latest(context)
        let p = try context.workbench.profiles.profile(name, store: context.store)
        do {
            let report = try p.top(ProfileLoader.queryOptions(args, nodeCount: count))
            return CommandResult(report, text: report.text(timeZone: .utc))
        } catch let e as HeapProfileError { throw WorkbenchError("heap top: \(e)") }
    }
}

/// `heap list RE`
struct HeapListCommand: Command {
    static let spec = CommandSpec(
        "heap list", group: "Heap profiles", summary: "per-line flat and cum values of the functions matching RE, with their source",
        discussion: "Source text is shown when the file is readable; --source-dir DIR looks for the profile's files under DIR (by their trailing path).",
        arguments: [ArgumentSpec("RE", help: "a regular expression on function names")],
        flags: queryFlags.filter { $0.name != "lines" } + [FlagSpec("source-dir", value: "DIR", kind: .file, help: "where the source files are")],
        examples: ["heap list retain", "heap list 'main\\.retainPayload' --source-dir ~/src/api"], role: .experiment)

    struct Result: Codable, Sendable {
        var report: ListReport
        /// The line holding the most (flat) in the first function: where to look first.
        var hottest: Hot?
        struct Hot: Codable, Sendable { var function: String; var file: String; var line: Int64; var flat: Int64 }
    }

    let pattern: String
    let args: ParsedArguments
    init(_ a: ParsedArguments) throws { pattern = a.argument("RE")!; args = a }

    func run(in context: CommandContext) throws -> CommandResult {
        let name = try args.value("profile") ?? ProfileLoader.latest(context)
        let p = try context.workbench.profiles.profile(name, store: context.store)
        let options = ProfileLoader.queryOptions(args)
        do {
            var report = try p.list(pattern, options)
            if let dir = args.value("source-dir") {
                let base = dir.hasPrefix("~/") ? NSHomeDirectory() + dir.dropFirst(1) : dir
                var roots: [SourceRoot] = []
                for r in report.routines {
                    let parts = r.file.split(separator: "/", omittingEmptySubsequences: false)
                    // /a/b/c/main.go → try DIR/c/main.go, DIR/b/c/main.go, … and DIR/main.go.
                    for k in 1..<max(parts.count, 1) {
                        let prefix = parts[0..<k].joined(separator: "/") + "/"
                        roots.append(SourceRoot(profilePrefix: prefix, localPrefix: base.hasSuffix("/") ? base : base + "/"))
                    }
                }
                report = try p.list(pattern, roots: roots.reversed(), options)
            }
            if report.routines.isEmpty { throw WorkbenchError("heap list: no function matches '\(pattern)' in \(name)") }
            let first = report.routines[0]
            let hot = first.lines.max { $0.flat < $1.flat }.map {
                Result.Hot(function: first.function, file: first.file, line: $0.number, flat: $0.flat)
            }
            return CommandResult(Result(report: report, hottest: hot), text: report.text())
        } catch let e as HeapProfileError { throw WorkbenchError("heap list: \(e)") }
    }
}

/// `heap peek RE`
struct HeapPeekCommand: Command {
    static let spec = CommandSpec(
        "heap peek", group: "Heap profiles", summary: "callers and callees of the functions matching RE",
        arguments: [ArgumentSpec("RE", help: "a regular expression on function names")],
        flags: queryFlags, examples: ["heap peek retain"], role: .experiment)

    let pattern: String
    let args: ParsedArguments
    init(_ a: ParsedArguments) throws { pattern = a.argument("RE")!; args = a }

    func run(in context: CommandContext) throws -> CommandResult {
        let name = try args.value("profile") ?? ProfileLoader.latest(context)
        let p = try context.workbench.profiles.profile(name, store: context.store)
        do {
            let report = try p.peek(pattern, ProfileLoader.queryOptions(args))
            return CommandResult(report, text: report.text())
        } catch let e as HeapProfileError { throw WorkbenchError("heap peek: \(e)") }
    }
}

/// `heap traces`
struct HeapTracesCommand: Command {
    static let spec = CommandSpec(
        "heap traces", group: "Heap profiles", summary: "every distinct stack with its value, as pprof -traces",
        flags: queryFlags.filter { $0.name != "lines" }, examples: ["heap traces --focus retain"], role: .experiment)

    struct Result: Codable, Sendable { var profile: String; var traces: [Trace] }
    let args: ParsedArguments
    init(_ a: ParsedArguments) throws { args = a }

    func run(in context: CommandContext) throws -> CommandResult {
        let name = try args.value("profile") ?? ProfileLoader.latest(context)
        let p = try context.workbench.profiles.profile(name, store: context.store)
        do {
            let options = ProfileLoader.queryOptions(args)
            return CommandResult(Result(profile: name, traces: try p.traces(options)), text: try p.tracesText(options, timeZone: .utc))
        } catch let e as HeapProfileError { throw WorkbenchError("heap traces: \(e)") }
    }
}

/// `heap diff BASE NEW`
struct HeapDiffCommand: Command {
    static let spec = CommandSpec(
        "heap diff", group: "Heap profiles", summary: "what changed from BASE to NEW (pprof -base: shrinkage is negative)",
        arguments: [ArgumentSpec("BASE", .profile, help: "a loaded profile's name (or a file to load)"),
                    ArgumentSpec("NEW", .profile, help: "a loaded profile's name (or a file to load)")],
        flags: queryFlags.filter { $0.name != "profile" } + [FlagSpec("cum", help: "sort by cumulative value"),
                                                             FlagSpec("top", value: "N", kind: .number, help: "at most N rows")],
        examples: ["heap diff p1 p2", "heap diff before after --lines --top 10"], role: .experiment)

    let base: String
    let new: String
    let count: Int
    let args: ParsedArguments
    init(_ a: ParsedArguments) throws {
        base = a.argument("BASE")!
        new = a.argument("NEW")!
        count = try a.value("top").map { try Int.parse($0, what: "--top", atLeast: 1) } ?? 0
        args = a
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let (_, b) = try ProfileLoader.resolve(base, context: context)
        let (_, n) = try ProfileLoader.resolve(new, context: context)
        do {
            let report = try n.diff(base: b).top(ProfileLoader.queryOptions(args, nodeCount: count))
            return CommandResult(report, text: report.text(timeZone: .utc))
        } catch let e as HeapProfileError { throw WorkbenchError("heap diff: \(e)") }
    }
}

/// `heap growth P1 P2 …`
struct HeapGrowthCommand: Command {
    static let spec = CommandSpec(
        "heap growth", group: "Heap profiles", summary: "rank allocation sites by growth across two or more profiles: the leak finder",
        discussion: """
            For each site: its retained value in each profile, the slope per minute, whether it rises \
            monotonically, and a verdict. A leak suspect rises monotonically and holds a large share of all \
            growth; transient allocators (much alloc_space, no inuse growth) are never suspects.
            """,
        arguments: [ArgumentSpec("PROFILE", .profile, help: "two or more profile names, oldest first (default: all loaded)", optional: true, repeating: true)],
        flags: [FlagSpec("lines", help: "rank file:line sites instead of functions"),
                FlagSpec("sample-index", value: "TYPE", kind: .choice(["inuse_space", "inuse_objects"]), help: "inuse_space (default) or inuse_objects")],
        examples: ["heap growth p1 p2 p3", "heap growth --lines"], role: .experiment)

    let names: [String]
    let args: ParsedArguments
    init(_ a: ParsedArguments) throws { names = a.arguments("PROFILE"); args = a }

    func run(in context: CommandContext) throws -> CommandResult {
        var list = names
        if list.isEmpty { list = try context.store.profileNames().filter { $0.kind == "heap" }.map(\.name) }
        guard list.count >= 2 else { throw WorkbenchError("heap growth: needs at least two profiles (have \(list.count))") }
        let profiles = try list.map { try ProfileLoader.resolve($0, context: context).1 }
        return try Self.report(profiles, names: list, args: args)
    }

    static func report(_ profiles: [Profile], names: [String], args: ParsedArguments) throws -> CommandResult {
        do {
            let options = GrowthOptions(sampleIndex: args.value("sample-index"), granularity: args.isSet("lines") ? .lines : .functions)
            let report = try Profile.growth(profiles, options)
            return CommandResult(GrowthResult(profiles: names, growth: report), text: text(report, names: names))
        } catch let e as HeapProfileError { throw WorkbenchError("heap growth: \(e)") }
    }

    static func text(_ r: GrowthReport, names: [String]) -> String {
        var out = "growth of \(r.sampleIndex) across \(names.joined(separator: ", "))"
        if r.timesNanos.count >= 2, let first = r.timesNanos.first, let last = r.timesNanos.last, last > first {
            out += " (\(Format.seconds(Double(last - first) / 1e9)))"
        }
        out += "; heap " + r.totals.map { Measurement.label($0, unit: r.unit) }.joined(separator: " → ") + "\n\n"
        var table = TextTable(["verdict", "slope/min", "growth", "values", "site"], align: [.left, .right, .right, .left, .left])
        // Sites that hold nothing in any profile say nothing here (they stay in --json).
        for s in r.sites.filter({ $0.values.contains { $0 != 0 } }).prefix(15) {
            table.add([s.suspect ? "SUSPECT" : s.verdict, Measurement.label(Int64(s.slopePerMinute), unit: r.unit),
                       Measurement.label(s.growth, unit: r.unit),
                       s.values.map { Measurement.label($0, unit: r.unit) }.joined(separator: " → "),
                       s.name + (s.file.map { f in " " + f + (s.line.map { ":\($0)" } ?? "") } ?? "")])
        }
        out += table.text
        let suspects = r.suspects
        if suspects.isEmpty {
            out += "\nno leak suspect: no site grows monotonically with a large share of the growth\n"
        } else {
            out += "\n\(suspects.count == 1 ? "leak suspect" : "leak suspects"): " + suspects.map(\.name).joined(separator: ", ") + "\n"
        }
        return out
    }
}

/// `heap growth`'s result: the profiles compared, then the report's fields at the top level.
struct GrowthResult: Encodable, Sendable {
    var profiles: [String]
    var growth: GrowthReport
    enum CodingKeys: String, CodingKey { case profiles, sampleIndex, unit, timesNanos, totals, sites }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(profiles, forKey: .profiles)
        try c.encode(growth.sampleIndex, forKey: .sampleIndex)
        try c.encode(growth.unit, forKey: .unit)
        try c.encode(growth.timesNanos, forKey: .timesNanos)
        try c.encode(growth.totals, forKey: .totals)
        try c.encode(growth.sites, forKey: .sites)
    }
    init(profiles: [String], growth: GrowthReport) { self.profiles = profiles; self.growth = growth }
}

/// `heap watch URL --every D --count N`
struct HeapWatchCommand: Command {
    static let spec = CommandSpec(
        "heap watch", group: "Heap profiles", summary: "fetch a live heap profile N times, D apart, then rank what grows",
        arguments: [ArgumentSpec("URL", .url, help: "http://HOST:PORT/debug/pprof/heap")],
        flags: [FlagSpec("every", value: "DURATION", kind: .duration, help: "time between profiles (default 30s)"),
                FlagSpec("count", value: "N", kind: .number, help: "how many profiles, at least 2 (default 3)"),
                FlagSpec("name", value: "PREFIX", help: "store them as PREFIX1, PREFIX2, … (default w1, w2, …)"),
                FlagSpec("gc", help: "ask for a GC before each profile (?gc=1)"),
                FlagSpec("lines", help: "rank file:line sites instead of functions")],
        examples: ["heap watch http://127.0.0.1:6060/debug/pprof/heap --every 1m --count 3"], role: .experiment)

    let url: String
    let every: Double
    let count: Int
    let prefix: String
    let args: ParsedArguments
    init(_ a: ParsedArguments) throws {
        url = a.argument("URL")!
        every = try a.value("every").map { try DurationValue.parse($0, what: "--every") } ?? 30
        count = try a.value("count").map { try Int.parse($0, what: "--count", atLeast: 2) } ?? 3
        prefix = a.value("name") ?? "w"
        args = a
    }

    func validate(in context: CommandContext) throws {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw WorkbenchError("heap watch: '\(url)' is not an http(s) URL")
        }
    }

    func run(in context: CommandContext) throws -> CommandResult {
        var profiles: [Profile] = []
        var names: [String] = []
        let clock = ContinuousClock()
        let start = clock.now
        for i in 0..<count {
            if i > 0 {
                let deadline = start + .milliseconds(Int64(every * 1000 * Double(i)))
                while clock.now < deadline && !context.isInterrupted() { Clock.nap(min(deadline - clock.now, .milliseconds(50))) }
                if context.isInterrupted() { break }
            }
            context.progress("heap watch: profile \(i + 1)/\(count) from \(url)")
            let (name, p) = try ProfileLoader.load(url, name: nil, prefix: prefix, gc: args.isSet("gc"), context: context)
            profiles.append(p)
            names.append(name)
        }
        context.progress("")
        guard profiles.count >= 2 else {
            throw WorkbenchError("heap watch: interrupted after \(profiles.count) profile(s); growth needs two (stored: \(names.joined(separator: ", ")))")
        }
        return try HeapGrowthCommand.report(profiles, names: names, args: args)
    }
}

/// `goroutines SRC`
struct GoroutinesCommand: Command {
    static let spec = CommandSpec(
        "goroutines", group: "Heap profiles", summary: "goroutines grouped by stack, from a goroutine profile (protobuf, ?debug=1 or ?debug=2)",
        arguments: [ArgumentSpec("SRC", .file, help: "a file, a stored profile name, or http://HOST:PORT/debug/pprof/goroutine")],
        flags: [FlagSpec("name", value: "NAME", help: "the name to store it under (default g1, g2, …)"),
                FlagSpec("top", value: "N", kind: .number, help: "at most N groups (default 20)")],
        examples: ["goroutines http://127.0.0.1:6060/debug/pprof/goroutine?debug=2", "goroutines g1"], role: .experiment)

    struct Result: Codable, Sendable { var name: String; var total: Int64; var groups: [GoroutineGroup] }
    let source: String
    let name: String?
    let top: Int
    init(_ a: ParsedArguments) throws {
        source = a.argument("SRC")!
        name = a.value("name")
        top = try a.value("top").map { try Int.parse($0, what: "--top", atLeast: 1) } ?? 20
    }

    func run(in context: CommandContext) throws -> CommandResult {
        let stored = try context.store.profile(named: source) != nil
        let (n, p) = stored ? (source, try context.workbench.profiles.profile(source, store: context.store))
            : try ProfileLoader.load(source, name: name, prefix: "g", kind: "goroutine", context: context)
        let groups: [GoroutineGroup]
        do { groups = try p.goroutineGroups() } catch { throw WorkbenchError("goroutines: \(error)") }
        let total = groups.reduce(0) { $0 + $1.count }
        var text = "\(n): \(total) goroutines in \(groups.count) stacks\n"
        for g in groups.prefix(top) {
            text += "\n\(g.count) × " + (g.states.isEmpty ? "" : "[" + g.states.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "] ")
            text += "\n" + g.frames.prefix(12).map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return CommandResult(Result(name: n, total: total, groups: Array(groups.prefix(top))), text: text)
    }
}

/// `goroutines diff A B`
struct GoroutinesDiffCommand: Command {
    static let spec = CommandSpec(
        "goroutines diff", group: "Heap profiles", summary: "what accumulates: goroutine counts per stack from A to B",
        arguments: [ArgumentSpec("A", .profile, help: "the earlier goroutine profile (name or file)"),
                    ArgumentSpec("B", .profile, help: "the later goroutine profile (name or file)")],
        examples: ["goroutines diff g1 g2"], role: .experiment)

    struct Result: Codable, Sendable { var before: Int64; var after: Int64; var deltas: [GoroutineDelta] }
    let a: String
    let b: String
    init(_ args: ParsedArguments) throws { a = args.argument("A")!; b = args.argument("B")! }

    func run(in context: CommandContext) throws -> CommandResult {
        let (_, pa) = try ProfileLoader.resolve(a, context: context)
        let (_, pb) = try ProfileLoader.resolve(b, context: context)
        let deltas: [GoroutineDelta]
        do { deltas = try Profile.goroutineDiff(before: pa, after: pb) } catch { throw WorkbenchError("goroutines diff: \(error)") }
        let before = deltas.reduce(0) { $0 + $1.before }, after = deltas.reduce(0) { $0 + $1.after }
        var text = "goroutines: \(before) → \(after) (\(after - before >= 0 ? "+" : "")\(after - before))\n"
        for d in deltas.prefix(15) where d.delta != 0 {
            text += "\n\(d.delta > 0 ? "+" : "")\(d.delta) (\(d.before) → \(d.after))\n" + d.frames.prefix(8).map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return CommandResult(Result(before: before, after: after, deltas: deltas), text: text)
    }
}

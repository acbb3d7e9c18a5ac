import Foundation

/// Parsers of Go's text profile formats, as explicit line state machines over bytes.
///
/// Legacy heap profile (`/debug/pprof/heap?debug=1`):
///
///     heap profile: 443: 928264 [2966: 10521688] @ heap/1048576
///     150: 614400 [150: 614400] @ 0x6710b8 0x671ada 0x43ae92
///     #	0x6710b7	main.retainRequestBuffer+0x97	sleuth.test/goprog/main.go:48
///     ...
///     # runtime.MemStats
///     # HeapAlloc = 1069024
///
/// Goroutine profile (`/debug/pprof/goroutine?debug=1`):
///
///     goroutine profile: total 8
///     7 @ 0x43b256 0x407e5b 0x671a74 0x46b181
///     #	0x671a73	main.parkedWorker+0x33	sleuth.test/goprog/main.go:106
///
/// Goroutine dump (`?debug=2`):
///
///     goroutine 7 [chan receive, 5 minutes]:
///     main.parkedWorker(0x0?, 0x0?)
///     	sleuth.test/goprog/main.go:106 +0x34
///     created by main.fixtures
///     	sleuth.test/goprog/main.go:144 +0x21c
///
/// Values are rescaled as pprof does (`scaleHeapSample`); frames come from the `#` lines (or the
/// `@` addresses when a record has none), so names resolve without the binary.
enum TextProfiles {
    static func looksLikeText(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let head = String(decoding: UnsafeRawBufferPointer(rebasing: bytes.prefix(64)), as: UTF8.self)
        if head.hasPrefix("heap profile:") { return true }
        if head.hasPrefix("goroutine ") {
            let rest = head.dropFirst("goroutine ".count)
            return rest.hasPrefix("profile:") || rest.first?.isNumber == true
        }
        if let firstLine = head.split(separator: "\n", maxSplits: 1).first, firstLine.contains(" profile: total ") {
            return !firstLine.contains("\0")
        }
        return false
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, limits: Profile.Limits) throws -> Profile {
        var lines = LineCursor(bytes)
        guard let first = lines.peek() else { throw HeapProfileError("empty text profile", source: "profile") }
        if first.hasPrefix("heap profile:") { return try parseLegacyHeap(&lines, limits: limits) }
        if first.hasPrefix("goroutine "), first.dropFirst(10).first?.isNumber == true {
            return try parseGoroutineDump(&lines, limits: limits)
        }
        return try parseCountProfile(&lines, limits: limits)
    }

    // MARK: - Shared pieces

    /// Interning of functions and locations while building a profile from text.
    struct Builder {
        var profile: Profile
        var stringIndex: [String: Int32] = [:]
        var functionIndex: [FunctionKey: Int32] = [:]
        var frameLocation: [FrameKey: Int32] = [:]
        var addressLocation: [UInt64: Int32] = [:]

        struct FunctionKey: Hashable { var name: String; var file: String }
        struct FrameKey: Hashable { var address: UInt64; var name: String; var file: String; var line: Int64 }

        init(_ profile: Profile) { self.profile = profile }

        mutating func location(address: UInt64, function name: String, file: String, line: Int64) -> Int32 {
            let key = FrameKey(address: address, name: name, file: file, line: line)
            if let l = frameLocation[key] { return l }
            let fkey = FunctionKey(name: name, file: file)
            let f: Int32
            if let existing = functionIndex[fkey] {
                f = existing
            } else {
                f = Int32(profile.functions.count)
                let n = profile.intern(name, &stringIndex), fl = profile.intern(file, &stringIndex)
                profile.functions.append(Profile.Function(id: UInt64(f) + 1, name: n, systemName: n, filename: fl, startLine: 0))
                functionIndex[fkey] = f
            }
            let l = Int32(profile.locations.count)
            profile.lines.append(Profile.Line(function: f, line: line, column: 0))
            profile.locations.append(Profile.Location(
                id: UInt64(l) + 1, mapping: -1, address: address, firstLine: Int32(profile.lines.count - 1),
                lineCount: 1, isFolded: false))
            frameLocation[key] = l
            return l
        }

        mutating func location(address: UInt64) -> Int32 {
            if let l = addressLocation[address] { return l }
            let l = Int32(profile.locations.count)
            profile.locations.append(Profile.Location(
                id: UInt64(l) + 1, mapping: -1, address: address, firstLine: Int32(profile.lines.count),
                lineCount: 0, isFolded: false))
            addressLocation[address] = l
            return l
        }
    }

    /// Parses `#\t0x6710b7\tmain.f+0x97\tpkg/file.go:48` into a frame, or nil for other comments.
    static func frameComment(_ line: Substring) -> (address: UInt64, function: String, file: String, line: Int64)? {
        guard line.hasPrefix("#") else { return nil }
        let fields = line.dropFirst().split(whereSeparator: { $0 == "\t" || $0 == " " })
        guard fields.count >= 2, fields[0].hasPrefix("0x"), let address = UInt64(fields[0].dropFirst(2), radix: 16) else {
            return nil
        }
        var name = fields[1]
        if let plus = name.lastIndex(of: "+"), name[name.index(after: plus)...].hasPrefix("0x") { name = name[..<plus] }
        var file = "", lineNumber: Int64 = 0
        if fields.count >= 3 { (file, lineNumber) = fileAndLine(fields[2]) }
        return (address, String(name), file, lineNumber)
    }

    /// Splits `path/file.go:48` (optionally followed by ` +0x34`).
    static func fileAndLine(_ s: Substring) -> (String, Int64) {
        let s = s.split(separator: " ").first ?? s
        guard let colon = s.lastIndex(of: ":"), let n = Int64(s[s.index(after: colon)...]) else { return (String(s), 0) }
        return (String(s[..<colon]), n)
    }

    static func hexAddresses(_ s: Substring, line: Int) throws -> [UInt64] {
        try s.split(separator: " ").map { word in
            guard word.hasPrefix("0x"), let v = UInt64(word.dropFirst(2), radix: 16) else {
                throw HeapProfileError.at(line: line, "malformed address \"\(word.prefix(40))\"")
            }
            return v
        }
    }

    // MARK: - Legacy heap

    static func parseLegacyHeap(_ lines: inout LineCursor, limits: Profile.Limits) throws -> Profile {
        guard let header = lines.next() else { throw HeapProfileError("empty heap profile", source: "profile") }
        // heap profile: 443: 928264 [2966: 10521688] @ heap/1048576
        let numbers = header.dropFirst("heap profile:".count)
        guard let at = numbers.range(of: "@") else {
            throw HeapProfileError.at(line: 1, "heap profile header: missing \"@ heap/RATE\"")
        }
        let counts = try fourCounts(numbers[..<at.lowerBound], line: 1, what: "heap profile header")
        let tail = numbers[at.upperBound...].trimmingSpaces
        var rate: Int64 = 1
        var sampling = ""
        let kind = tail.split(separator: "/", maxSplits: 1)
        switch kind.first.map(String.init) ?? "" {
        case "heap":
            sampling = "v2"
            rate = (kind.count > 1 ? Int64(kind[1]) ?? 0 : 0) / 2
        case "heap_v2", "heapz_v2":
            sampling = "v2"
            rate = kind.count > 1 ? Int64(kind[1]) ?? 0 : 0
        case "heapprofile": rate = 1
        default:
            throw HeapProfileError.at(line: 1, "heap profile header: unknown sampling \"\(tail.prefix(40))\"")
        }
        let hasAlloc = (counts[2] != counts[0] && counts[2] != 0) || (counts[3] != counts[1] && counts[3] != 0)
        var b = Builder(Profile(format: .legacyHeapText))
        b.profile.periodType = .init(type: "space", unit: "bytes")
        b.profile.period = rate
        b.profile.sampleTypes = hasAlloc
            ? [.init(type: "alloc_objects", unit: "count"), .init(type: "alloc_space", unit: "bytes"),
               .init(type: "inuse_objects", unit: "count"), .init(type: "inuse_space", unit: "bytes")]
            : [.init(type: "objects", unit: "count"), .init(type: "space", unit: "bytes")]
        b.profile.dropFrames = LegacyFrames.allocDrop
        b.profile.keepFrames = LegacyFrames.allocKeep
        let bytesKey = b.profile.intern("bytes", &b.stringIndex)

        var record: (values: [Int64], blockSize: Int64, addresses: [UInt64], frames: [Int32])?
        func flush(_ b: inout Builder) throws {
            guard let r = record else { return }
            let stack = r.frames.isEmpty ? r.addresses.map { b.location(address: $0 &- 1) } : r.frames
            guard b.profile.sampleCount < limits.maxSamples else {
                throw HeapProfileError("more than \(limits.maxSamples) samples", source: "profile")
            }
            b.profile.appendSample(values: r.values, stack: stack, labels: [
                Profile.Label(key: bytesKey, str: -1, num: r.blockSize, numUnit: 0),
            ])
            record = nil
        }
        var memStats: [MemStats.Field] = []
        var inMemStats = false
        while let line = lines.next() {
            let n = lines.lineNumber
            let t = line.trimmingSpaces
            if t.isEmpty { continue }
            if t.hasPrefix("#") {
                if t == "# runtime.MemStats" {
                    try flush(&b)
                    inMemStats = true
                } else if inMemStats {
                    memStats.append(contentsOf: memStatsFields(t))
                } else if record != nil, let f = frameComment(t) {
                    record!.frames.append(b.location(address: f.address, function: f.function, file: f.file, line: f.line))
                }
                continue
            }
            if t.contains("--- Memory map:") || t.hasPrefix("MAPPED_LIBRARIES:") { break }
            try flush(&b)
            // 150: 614400 [150: 614400] @ 0x6710b8 0x671ada
            guard let at = t.range(of: "@") else { throw HeapProfileError.at(line: n, "heap sample: missing \"@\" before the stack") }
            let c = try fourCounts(t[..<at.lowerBound], line: n, what: "heap sample")
            var values: [Int64] = []
            var blockSize: Int64 = 0
            func add(_ count: Int64, _ size: Int64, _ label: String) throws {
                if count == 0 && size != 0 {
                    throw HeapProfileError.at(line: n, "heap sample: \(label) count is 0 but \(label) bytes is \(size)")
                }
                var count = count, size = size
                if count != 0 {
                    blockSize = size / count
                    if sampling == "v2" { (count, size) = scaleHeapSample(count: count, size: size, rate: rate) }
                }
                values += [count, size]
            }
            if hasAlloc { try add(c[2], c[3], "allocation") }
            try add(c[0], c[1], "inuse")
            record = (values, blockSize, try hexAddresses(t[at.upperBound...], line: n), [])
        }
        try flush(&b)
        if !memStats.isEmpty { b.profile.memStats = MemStats(fields: memStats) }
        return b.profile
    }

    /// pprof's `scaleHeapSample`: undoes Go's heap sampling at `rate` bytes.
    static func scaleHeapSample(count: Int64, size: Int64, rate: Int64) -> (Int64, Int64) {
        if count == 0 || size == 0 { return (0, 0) }
        if rate <= 1 { return (count, size) }
        let avgSize = Double(size) / Double(count)
        let scale = 1 / (1 - exp(-avgSize / Double(rate)))
        return (Int64(Double(count) * scale), Int64(Double(size) * scale))
    }

    /// `N: B [N: B]` → [inuse count, inuse bytes, alloc count, alloc bytes].
    static func fourCounts(_ s: Substring, line: Int, what: String) throws -> [Int64] {
        let parts = s.split(whereSeparator: { $0 == ":" || $0 == "[" || $0 == "]" || $0 == " " })
        guard parts.count == 4 else {
            throw HeapProfileError.at(line: line, "\(what): expected \"N: B [N: B]\", found \"\(s.prefix(60))\"")
        }
        return try parts.map { p in
            guard let v = Int64(p) else { throw HeapProfileError.at(line: line, "\(what): \"\(p.prefix(30))\" is not an integer") }
            return v
        }
    }

    /// `# HeapAlloc = 1069024`, `# Stack = 294912 / 294912` → fields (non-integers are skipped).
    static func memStatsFields(_ t: Substring) -> [MemStats.Field] {
        let body = t.dropFirst().trimmingSpaces
        guard let eq = body.range(of: " = ") else { return [] }
        let name = String(body[..<eq.lowerBound])
        let value = body[eq.upperBound...]
        let parts = value.split(separator: " ")
        if parts.count == 3, parts[1] == "/", let a = Int64(parts[0]), let b = Int64(parts[2]) {
            return [.init(name: name + "Inuse", value: a), .init(name: name + "Sys", value: b)]
        }
        guard parts.count == 1, let v = Int64(parts[0]) else { return [] }
        return [.init(name: name, value: v)]
    }

    // MARK: - Goroutine (and other count) profiles, debug=1

    static func parseCountProfile(_ lines: inout LineCursor, limits: Profile.Limits) throws -> Profile {
        while let l = lines.peek(), l.trimmingSpaces.isEmpty || l.hasPrefix("#") { _ = lines.next() }
        guard let header = lines.next() else { throw HeapProfileError("empty text profile", source: "profile") }
        guard let r = header.range(of: " profile: total "), Int64(header[r.upperBound...].trimmingSpaces) != nil else {
            throw HeapProfileError.at(line: lines.lineNumber, "unrecognized profile format (first line \"\(header.prefix(60))\")")
        }
        let type = String(header[..<r.lowerBound])
        var b = Builder(Profile(format: .goroutineText, sampleTypes: [.init(type: type, unit: "count")]))
        b.profile.periodType = .init(type: type, unit: "count")
        b.profile.period = 1
        var record: (count: Int64, addresses: [UInt64], frames: [Int32], labels: [Profile.Label])?
        func flush(_ b: inout Builder) throws {
            guard let r = record else { return }
            guard b.profile.sampleCount < limits.maxSamples else {
                throw HeapProfileError("more than \(limits.maxSamples) samples", source: "profile")
            }
            let stack = r.frames.isEmpty ? r.addresses.map { b.location(address: $0 &- 1) } : r.frames
            b.profile.appendSample(values: [r.count], stack: stack, labels: r.labels)
            record = nil
        }
        while let line = lines.next() {
            let n = lines.lineNumber
            let t = line.trimmingSpaces
            if t.isEmpty { continue }
            if t.hasPrefix("---") { break }
            if t.hasPrefix("#") {
                if record != nil, let f = frameComment(t) {
                    record!.frames.append(b.location(address: f.address, function: f.function, file: f.file, line: f.line))
                } else if record != nil, t.hasPrefix("# labels: ") {
                    record!.labels = labelsComment(t.dropFirst("# labels: ".count), &b)
                }
                continue
            }
            try flush(&b)
            guard let at = t.range(of: " @ "), let count = Int64(t[..<at.lowerBound]) else {
                throw HeapProfileError.at(line: n, "expected \"COUNT @ 0x...\", found \"\(t.prefix(60))\"")
            }
            record = (count, try hexAddresses(t[at.upperBound...], line: n), [], [])
        }
        try flush(&b)
        return b.profile
    }

    /// `{"k":"v", "k2":"v2"}` → string labels.
    static func labelsComment(_ s: Substring, _ b: inout Builder) -> [Profile.Label] {
        var result: [Profile.Label] = []
        let body = s.trimmingSpaces.dropFirst().dropLast()
        for pair in body.split(separator: ",") {
            let kv = pair.split(separator: ":", maxSplits: 1).map { $0.trimmingSpaces.trimmingCharacters(in: "\"") }
            guard kv.count == 2 else { continue }
            result.append(Profile.Label(
                key: b.profile.intern(kv[0], &b.stringIndex), str: b.profile.intern(kv[1], &b.stringIndex), num: 0, numUnit: 0))
        }
        return result
    }

    // MARK: - Goroutine dump, debug=2

    static func parseGoroutineDump(_ lines: inout LineCursor, limits: Profile.Limits) throws -> Profile {
        var b = Builder(Profile(format: .goroutineDump, sampleTypes: [.init(type: "goroutine", unit: "count")]))
        b.profile.periodType = .init(type: "goroutine", unit: "count")
        b.profile.period = 1
        var current: GoroutineRecord?
        var stack: [Int32] = []
        var pendingFunction: (name: String, createdBy: Bool)?
        func flush(_ b: inout Builder) throws {
            guard let g = current else { return }
            guard b.profile.goroutines.count < limits.maxSamples else {
                throw HeapProfileError("more than \(limits.maxSamples) goroutines", source: "profile")
            }
            b.profile.goroutines.append(g)
            b.profile.appendSample(values: [1], stack: stack)
            current = nil
            stack = []
        }
        while let line = lines.next() {
            let n = lines.lineNumber
            if line.trimmingSpaces.isEmpty { continue }
            if line.hasPrefix("goroutine "), line.hasSuffix(":"), let open = line.firstIndex(of: "[") {
                try flush(&b)
                guard let id = Int64(line[line.index(line.startIndex, offsetBy: 10)..<open].trimmingSpaces) else {
                    throw HeapProfileError.at(line: n, "goroutine header: bad id in \"\(line.prefix(60))\"")
                }
                let inside = line[line.index(after: open)...].dropLast(2)  // drop "]:"
                var parts = inside.split(separator: ",").map { String($0.trimmingSpaces) }
                let state = parts.isEmpty ? "" : parts.removeFirst()
                var wait: Int64?
                for p in parts where p.hasSuffix(" minutes") || p.hasSuffix(" minute") {
                    wait = Int64(p.split(separator: " ").first ?? "")
                }
                current = GoroutineRecord(id: id, state: state, waitMinutes: wait, frames: [], createdBy: nil)
                pendingFunction = nil
                continue
            }
            guard current != nil else {
                throw HeapProfileError.at(line: n, "expected \"goroutine N [state]:\", found \"\(line.prefix(60))\"")
            }
            if line.hasPrefix("\t") {
                guard let fn = pendingFunction else { continue }
                let (file, lineNumber) = fileAndLine(line.dropFirst())
                let frame = GoroutineRecord.Frame(function: fn.name, file: file, line: lineNumber)
                if fn.createdBy {
                    current!.createdBy = frame
                } else {
                    current!.frames.append(frame)
                    stack.append(b.location(address: 0, function: fn.name, file: file, line: lineNumber))
                }
                pendingFunction = nil
            } else if line.hasPrefix("created by ") {
                var name = line.dropFirst("created by ".count)
                if let r = name.range(of: " in goroutine ") { name = name[..<r.lowerBound] }
                pendingFunction = (String(name), true)
            } else if line.hasPrefix("...") {
                continue  // "...additional frames elided..."
            } else {
                pendingFunction = (functionName(line), false)
            }
        }
        try flush(&b)
        return b.profile
    }

    /// `runtime/pprof.(*Profile).WriteTo(0x6dfb48?, {0x75e380?})` → `runtime/pprof.(*Profile).WriteTo`.
    static func functionName(_ line: Substring) -> String {
        guard line.hasSuffix(")") else { return String(line) }
        var depth = 0
        var i = line.endIndex
        while i > line.startIndex {
            i = line.index(before: i)
            if line[i] == ")" { depth += 1 }
            if line[i] == "(" {
                depth -= 1
                if depth == 0 { return String(line[..<i]) }
            }
        }
        return String(line)
    }
}

/// Lines of a byte buffer, as substrings, with 1-based numbers for error messages.
struct LineCursor {
    private let text: String
    private var index: String.Index
    private(set) var lineNumber = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        text = String(decoding: bytes, as: UTF8.self)
        index = text.startIndex
    }

    func peek() -> Substring? {
        guard index < text.endIndex else { return nil }
        let end = text[index...].firstIndex(of: "\n") ?? text.endIndex
        return text[index..<end]
    }

    mutating func next() -> Substring? {
        guard index < text.endIndex else { return nil }
        let end = text[index...].firstIndex(of: "\n") ?? text.endIndex
        defer { index = end < text.endIndex ? text.index(after: end) : end }
        lineNumber += 1
        var line = text[index..<end]
        if line.hasSuffix("\r") { line = line.dropLast() }
        return line
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }

    func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

/// pprof's frame-dropping expressions for legacy heap profiles (`allocRxStr`, `allocSkipRxStr`).
enum LegacyFrames {
    static let allocDrop = [
        "calloc", "cfree", "malloc", "free", "memalign", "do_memalign", "(__)?posix_memalign", "pvalloc", "valloc",
        "realloc", "tcmalloc::.*", "tc_calloc", "tc_cfree", "tc_malloc", "tc_free", "tc_memalign",
        "tc_posix_memalign", "tc_pvalloc", "tc_valloc", "tc_realloc", "tc_new", "tc_delete", "tc_newarray",
        "tc_deletearray", "tc_new_nothrow", "tc_newarray_nothrow", "malloc_zone_malloc", "malloc_zone_calloc",
        "malloc_zone_valloc", "malloc_zone_realloc", "malloc_zone_memalign", "malloc_zone_free", #"runtime\..*"#,
        "BaseArena::.*", "(::)?do_malloc_no_errno", "(::)?do_malloc_pages", "(::)?do_malloc",
        "DoSampledAllocation", "MallocedMemBlock::MallocedMemBlock", "_M_allocate", #"__builtin_(vec_)?delete"#,
        #"__builtin_(vec_)?new"#, "__gnu_cxx::new_allocator::allocate", "__libc_malloc",
        "__malloc_alloc_template::allocate", "allocate", "cpp_alloc", #"operator new(\[\])?"#,
        "simple_alloc::allocate",
    ].joined(separator: "|")
    static let allocKeep = [#"runtime\.panic"#, #"runtime\.reflectcall"#, #"runtime\.call[0-9]*"#].joined(separator: "|")
}

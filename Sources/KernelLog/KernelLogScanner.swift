#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams kernel logs (any rendering, mixed per line) into OOM events and look-alikes.
///
/// Feed it byte chunks of any size; it splits lines (capped at `Options.maxLineLength`), detects each
/// line's rendering, and hands report lines to the OOM event assembler, which emits events as soon as
/// they are complete. Memory stays bounded by one line and one report, whatever the log's size.
///
///     var scanner = KernelLogScanner(source: "kern.log")
///     try FileLogSource(path: "kern.log").read { scanner.feed($0) }
///     scanner.finish()
///     let events = scanner.takeEvents()
///
/// - Complexity: O(n) in the input bytes. Lines that are not part of an OOM report cost a `memchr`
///   for the newline, the rendering detector's look at the first bytes, and a switch on the message's
///   first byte; `oom-killer` and `allocation failure` are found per chunk with `memmem`.
public struct KernelLogScanner {
    public struct Options: Sendable {
        /// The year to assume for renderings that print none (syslog `Nov 26 10:00:00`, `journalctl`
        /// short). Without it those lines get `wallClock: null` (their text is kept).
        public var assumedYear: Int?
        /// Lines longer than this are cut and counted in `truncatedLineCount`.
        public var maxLineLength: Int
        /// How many lines to wait after a victim line for its `oom_reaper:` line.
        public var reaperWaitLines: Int
        /// A report with no new part for this many lines is closed as incomplete.
        public var staleReportLines: Int
        /// Task-table rows kept per event.
        public var maxTableRows: Int

        public init(assumedYear: Int? = nil, maxLineLength: Int = LineSplitter.defaultMaxLineLength,
                    reaperWaitLines: Int = 200, staleReportLines: Int = 20_000, maxTableRows: Int = 100_000) {
            self.assumedYear = assumedYear
            self.maxLineLength = maxLineLength
            self.reaperWaitLines = reaperWaitLines
            self.staleReportLines = staleReportLines
            self.maxTableRows = maxTableRows
        }
    }

    public let options: Options
    private var splitter: LineSplitter
    private var detector = LineRenderingDetector()
    private var assembler: OOMEventAssembler
    private var finishedEvents: [OOMEvent] = []
    private var finishedLookalikes: [Lookalike] = []
    private var truncatedBefore = 0
    /// Lines read from the current source so far.
    public private(set) var lineCount = 0
    /// Bytes fed so far, over all sources.
    public private(set) var byteCount = 0

    public init(source: String = "-", options: Options = Options()) {
        self.options = options
        self.splitter = LineSplitter(maxLineLength: options.maxLineLength)
        self.assembler = OOMEventAssembler(source: source, limits: Self.limits(options))
    }

    private static func limits(_ o: Options) -> OOMEventAssembler.Limits {
        OOMEventAssembler.Limits(assumedYear: o.assumedYear, reaperWaitLines: o.reaperWaitLines,
                                 staleReportLines: o.staleReportLines, maxTableRows: o.maxTableRows)
    }

    /// Lines cut at `maxLineLength` so far, over all sources.
    public var truncatedLineCount: Int { truncatedBefore + splitter.truncatedLineCount }

    /// The name of the source being read (as it appears in `LineSpan.source`).
    public var sourceName: String { assembler.source }

    /// Feeds a chunk of bytes.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        guard chunk.count > 0, let raw = chunk.baseAddress else { return }
        byteCount += chunk.count
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let end = base + chunk.count
        var splitter = LineSplitter(maxLineLength: 1)
        swap(&splitter, &self.splitter)
        var assembler = OOMEventAssembler(source: "", limits: .init())
        swap(&assembler, &self.assembler)
        var detector = self.detector
        var lineCount = self.lineCount
        var oomHit = -1
        var allocHit = -1
        splitter.feed(chunk) { line, _ in
            lineCount += 1
            var hints: LineHints = []
            if let p = line.baseAddress, p >= UnsafePointer(base), p < UnsafePointer(end) {
                let start = UnsafePointer(p) - UnsafePointer(base)
                let stop = start + line.count
                if oomHit < start {
                    oomHit = Self.next("oom-killer", base, chunk.count, from: start)
                }
                if oomHit < stop { hints.insert(.oomKiller) }
                if allocHit < start {
                    allocHit = Self.next("allocation failure", base, chunk.count, from: start)
                }
                if allocHit < stop { hints.insert(.allocationFailure) }
            } else {
                hints = Self.hints(line)
            }
            Self.consume(line, number: lineCount, hints: hints, detector: &detector, assembler: &assembler)
        }
        self.detector = detector
        self.lineCount = lineCount
        swap(&splitter, &self.splitter)
        swap(&assembler, &self.assembler)
        collect()
    }

    /// Feeds bytes from any contiguous collection (arrays, `Data`, slices).
    public mutating func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { feed(UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(bytes).withUnsafeBytes { feed($0) }
        }
    }

    /// Ends the current source: the last line without a newline and any pending report are processed.
    public mutating func finish() {
        var splitter = LineSplitter(maxLineLength: 1)
        swap(&splitter, &self.splitter)
        var assembler = OOMEventAssembler(source: "", limits: .init())
        swap(&assembler, &self.assembler)
        var detector = self.detector
        var lineCount = self.lineCount
        splitter.finish { line, _ in
            lineCount += 1
            Self.consume(line, number: lineCount, hints: Self.hints(line), detector: &detector, assembler: &assembler)
        }
        assembler.finish()
        self.detector = detector
        self.lineCount = lineCount
        swap(&splitter, &self.splitter)
        swap(&assembler, &self.assembler)
        collect()
    }

    /// Finishes the current source and starts reading another; line numbers restart at 1.
    public mutating func startSource(_ name: String) {
        finish()
        truncatedBefore += splitter.truncatedLineCount
        splitter = LineSplitter(maxLineLength: options.maxLineLength)
        detector = LineRenderingDetector()
        assembler = OOMEventAssembler(source: name, limits: Self.limits(options))
        lineCount = 0
    }

    /// Emits an event that only waits for its `oom_reaper:` line; follow mode calls it when the log
    /// goes quiet.
    public mutating func flushWaitingEvent() {
        assembler.flushWaitingVictim()
        collect()
    }

    /// The events completed since the last call.
    public mutating func takeEvents() -> [OOMEvent] {
        defer { finishedEvents.removeAll() }
        return finishedEvents
    }

    /// The look-alikes seen since the last call.
    public mutating func takeLookalikes() -> [Lookalike] {
        defer { finishedLookalikes.removeAll() }
        return finishedLookalikes
    }

    private mutating func collect() {
        finishedEvents.append(contentsOf: assembler.takeEvents())
        finishedLookalikes.append(contentsOf: assembler.takeLookalikes())
    }

    // MARK: per line

    private static func consume(_ line: Bytes, number: Int, hints: LineHints,
                                detector: inout LineRenderingDetector, assembler: inout OOMEventAssembler) {
        let head = detector.detect(line)
        switch head.rendering {
        case .kmsgDictionary:
            return
        case .journalJSON:
            guard let record = JournalJSONLine.decode(line) else { return }
            let message = record.messageBytes
            message.withUnsafeBufferPointer { m in
                let ctx = LineContext(line: m, head: LineHead(), number: number, origin: record.origin,
                                      fixedTime: record.time)
                assembler.consume(ctx, hints: Self.hints(m))
            }
        default:
            var origin = LineOrigin.kernel
            if head.identStart >= 0 && !head.isKernel {
                origin = Self.origin(line, head)
            }
            assembler.consume(LineContext(line: line, head: head, number: number, origin: origin, fixedTime: nil),
                              hints: hints)
        }
    }

    private static func origin(_ line: Bytes, _ head: LineHead) -> LineOrigin {
        let ident = Bytes(start: line.baseAddress! + head.identStart, count: head.identEnd - head.identStart)
        if ident.count == 12 && ByteScan.hasPrefix(ident, "systemd-oomd") { return .systemdOomd }
        if ident.count == 8 && ByteScan.hasPrefix(ident, "earlyoom") { return .earlyoom }
        return .other
    }

    private static func hints(_ line: Bytes) -> LineHints {
        var hints: LineHints = []
        if ByteScan.find(line, "oom-killer") != nil { hints.insert(.oomKiller) }
        if ByteScan.find(line, "allocation failure") != nil { hints.insert(.allocationFailure) }
        return hints
    }

    @inline(__always)
    private static func next(_ needle: StaticString, _ base: UnsafePointer<UInt8>, _ count: Int, from: Int) -> Int {
        guard let p = Memmem.find(base + from, count - from, needle) else {
            return Int.max
        }
        return UnsafeRawPointer(p) - UnsafeRawPointer(base)
    }
}

extension KernelLogScanner {
    /// Scans a whole buffer.
    public static func scan<C: Collection>(_ bytes: C, source: String = "-", options: Options = Options())
        -> KernelLogScan where C.Element == UInt8 {
        var scanner = KernelLogScanner(source: source, options: options)
        scanner.feed(bytes)
        scanner.finish()
        return KernelLogScan(events: scanner.takeEvents(), lookalikes: scanner.takeLookalikes())
    }

    /// Scans sources one after another (line numbers count per source).
    public static func scan(_ sources: [any KernelLogSource], options: Options = Options()) throws -> KernelLogScan {
        var scanner = KernelLogScanner(source: sources.first?.name ?? "-", options: options)
        for (index, source) in sources.enumerated() {
            if index > 0 { scanner.startSource(source.name) }
            try source.read { scanner.feed($0) }
        }
        scanner.finish()
        return KernelLogScan(events: scanner.takeEvents(), lookalikes: scanner.takeLookalikes())
    }
}

/// A decoded pprof profile: sample types, samples with their stacks, locations, functions and
/// mappings, plus what the legacy text formats add (Go's `runtime.MemStats`, goroutine records).
///
/// Stacks are stored flat (compressed sparse rows) rather than one array per sample, because a
/// large heap profile holds ~20 million frame references: `stackLocations[stackStart[i]..<stackStart[i+1]]`
/// are the dense location indices of sample `i`, leaf first, as in profile.proto.
/// Strings live once in `strings`; functions, labels and value types refer to them by index.
public struct Profile: Sendable, Codable, Equatable {
    /// Where the profile came from.
    public enum Format: String, Sendable, Codable {
        case proto, legacyHeapText, goroutineText, goroutineDump
    }

    /// A sample type or period type: `inuse_space` in `bytes`.
    public struct ValueType: Sendable, Codable, Equatable, Hashable {
        public var type: String
        public var unit: String
        public init(type: String, unit: String) {
            self.type = type
            self.unit = unit
        }
    }

    /// A mapped binary (`mapping` in profile.proto).
    public struct Mapping: Sendable, Codable, Equatable {
        public var id: UInt64
        public var start: UInt64
        public var limit: UInt64
        public var offset: UInt64
        public var file: String
        public var buildID: String
        public var hasFunctions: Bool
        public var hasFilenames: Bool
        public var hasLineNumbers: Bool
        public var hasInlineFrames: Bool
    }

    /// A function: indices into `strings`.
    public struct Function: Sendable, Codable, Equatable {
        public var id: UInt64
        public var name: Int32
        public var systemName: Int32
        public var filename: Int32
        public var startLine: Int64
    }

    /// One line of a location: the function (dense index, -1 for none), line and column.
    public struct Line: Sendable, Codable, Equatable {
        public var function: Int32
        public var line: Int64
        public var column: Int64
    }

    /// A program location; its lines are `lines[firstLine..<firstLine+lineCount]`, innermost
    /// inlined frame first, the caller into which they were inlined last.
    public struct Location: Sendable, Codable, Equatable {
        public var id: UInt64
        public var mapping: Int32  // dense index into `mappings`, or -1
        public var address: UInt64
        public var firstLine: Int32
        public var lineCount: Int32
        public var isFolded: Bool
    }

    /// A sample label: string (`str >= 0`) or numeric (`str == -1`), strings by index.
    public struct Label: Sendable, Codable, Equatable, Hashable {
        public var key: Int32
        public var str: Int32
        public var num: Int64
        public var numUnit: Int32
    }

    public var format: Format
    public var sampleTypes: [ValueType]
    /// `default_sample_type`, when the profile names one.
    public var defaultSampleType: String?
    public var periodType: ValueType?
    public var period: Int64
    public var timeNanos: Int64
    public var durationNanos: Int64
    public var comments: [String]
    public var dropFrames: String
    public var keepFrames: String

    /// The string table (index 0 is "").
    public var strings: [String]
    public var mappings: [Mapping]
    public var functions: [Function]
    public var locations: [Location]
    public var lines: [Line]

    /// Samples: `values[i*sampleTypes.count ..< (i+1)*sampleTypes.count]` are sample `i`'s values.
    public var values: [Int64]
    public var stackStart: [Int32]
    public var stackLocations: [Int32]
    /// Sample `i`'s labels are `labels[labelStart[i]..<labelStart[i+1]]`.
    public var labelStart: [Int32]
    public var labels: [Label]

    /// `# runtime.MemStats` of a legacy heap profile (`?debug=1`), in file order.
    public var memStats: MemStats?
    /// Goroutine records of a `?debug=2` dump, one per goroutine.
    public var goroutines: [GoroutineRecord]

    /// An empty profile with the given sample types.
    public init(format: Format = .proto, sampleTypes: [ValueType] = []) {
        self.format = format
        self.sampleTypes = sampleTypes
        defaultSampleType = nil
        periodType = nil
        period = 0
        timeNanos = 0
        durationNanos = 0
        comments = []
        dropFrames = ""
        keepFrames = ""
        strings = [""]
        mappings = []
        functions = []
        locations = []
        lines = []
        values = []
        stackStart = [0]
        stackLocations = []
        labelStart = [0]
        labels = []
        memStats = nil
        goroutines = []
    }

    /// The number of samples.
    public var sampleCount: Int { stackStart.count - 1 }

    /// The value of sample `sample` for sample type `index`.
    @inlinable public func value(_ sample: Int, _ index: Int) -> Int64 {
        values[sample &* sampleTypes.count &+ index]
    }

    /// The stack of sample `sample`, leaf first, as dense location indices.
    public func stack(_ sample: Int) -> ArraySlice<Int32> {
        stackLocations[Int(stackStart[sample])..<Int(stackStart[sample + 1])]
    }

    /// The labels of sample `sample`.
    public func sampleLabels(_ sample: Int) -> ArraySlice<Label> {
        labels[Int(labelStart[sample])..<Int(labelStart[sample + 1])]
    }

    /// The string at `index`, or "" when out of range.
    @inlinable public func string(_ index: Int32) -> String {
        index >= 0 && Int(index) < strings.count ? strings[Int(index)] : ""
    }

    /// The lines of location `location`.
    public func locationLines(_ location: Int) -> ArraySlice<Line> {
        let l = locations[location]
        return lines[Int(l.firstLine)..<Int(l.firstLine) + Int(l.lineCount)]
    }

    /// Appends a sample (used by parsers and tests).
    mutating func appendSample(values sampleValues: [Int64], stack: [Int32], labels sampleLabels: [Label] = []) {
        values.append(contentsOf: sampleValues)
        stackLocations.append(contentsOf: stack)
        stackStart.append(Int32(stackLocations.count))
        labels.append(contentsOf: sampleLabels)
        labelStart.append(Int32(labels.count))
    }

    /// Interns `s` into the string table (slow path; for parsers of small text formats).
    mutating func intern(_ s: String, _ index: inout [String: Int32]) -> Int32 {
        if s.isEmpty { return 0 }
        if let i = index[s] { return i }
        let i = Int32(strings.count)
        strings.append(s)
        index[s] = i
        return i
    }
}

/// The `# runtime.MemStats` block of a Go legacy heap profile: every `# Name = integer` line, plus
/// typed accessors for the fields Sleuth compares with the process RSS.
public struct MemStats: Sendable, Codable, Equatable {
    /// Name/value pairs in file order (array-valued fields such as PauseNs are left out).
    public var fields: [Field]

    public struct Field: Sendable, Codable, Equatable {
        public var name: String
        public var value: Int64
    }

    public init(fields: [Field]) { self.fields = fields }

    public subscript(name: String) -> Int64? { fields.first { $0.name == name }?.value }
    public var heapAlloc: Int64? { self["HeapAlloc"] }
    public var heapInuse: Int64? { self["HeapInuse"] }
    public var heapSys: Int64? { self["HeapSys"] }
    public var heapIdle: Int64? { self["HeapIdle"] }
    public var heapReleased: Int64? { self["HeapReleased"] }
    public var sys: Int64? { self["Sys"] }
    public var numGC: Int64? { self["NumGC"] }
    public var maxRSS: Int64? { self["MaxRSS"] }
}

/// One goroutine of a `?debug=2` dump.
public struct GoroutineRecord: Sendable, Codable, Equatable {
    public var id: Int64
    /// `running`, `chan receive`, `IO wait`, ... (the wait time, if any, is in `waitMinutes`).
    public var state: String
    public var waitMinutes: Int64?
    /// Frames, innermost first: function and file:line.
    public var frames: [Frame]
    /// The `created by` frame, if any.
    public var createdBy: Frame?

    public struct Frame: Sendable, Codable, Equatable, Hashable {
        public var function: String
        public var file: String
        public var line: Int64
    }
}

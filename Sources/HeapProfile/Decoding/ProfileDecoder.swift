/// A specialised streaming decoder of profile.proto (pprof's format) into `Profile`.
///
/// Bytes arrive in chunks (straight from zlib); each complete top-level field is decoded as soon
/// as it is buffered, so the decompressed profile is never held whole. Ids and string indices
/// are resolved after the pass, since writers may put the string table, locations or functions
/// after the samples that use them. Unknown fields are skipped; every malformed input throws a
/// `HeapProfileError` naming the byte offset and the field.
///
/// The generated swift-protobuf types (`Perftools_Profiles_Profile`) decode the same input in the
/// tests, as an oracle.
final class ProfileDecoder {
    let limits: Profile.Limits
    private var profile = Profile(format: .proto)

    // Pending input: bytes of a top-level field not yet complete.
    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// Absolute offset of `pending[0]`.
    private var pendingBase = 0

    // Provisional, unresolved references.
    private var sampleTypeIndices: [(Int64, Int64)] = []
    private var periodTypeIndices: (Int64, Int64)?
    private var dropFramesIndex: Int64 = 0
    private var keepFramesIndex: Int64 = 0
    private var defaultSampleTypeIndex: Int64 = 0
    private var commentIndices: [Int64] = []
    private var mappingStrings: [(Int64, Int64)] = []
    private var functionStrings: [(Int64, Int64, Int64)] = []
    private var lineFunctionIDs: [UInt64] = []
    private var locationMappingIDs: [UInt64] = []
    /// Location ids of stacks as stored: ids below `bigIDBase` as themselves, others remapped.
    private var bigIDs: [UInt64: UInt32] = [:]
    private static let bigIDBase: UInt32 = 0xFFF0_0000
    private var valuesPerSample = -1
    private var firstBadValueCount: (sample: Int, count: Int)?

    init(limits: Profile.Limits) {
        self.limits = limits
        profile.strings = []
    }

    /// Feeds the next chunk of the raw (decompressed) profile.
    /// - Complexity: O(chunk) amortised.
    func feed(_ chunk: UnsafeRawBufferPointer) throws {
        if pendingStart == pending.count {
            // Fast path: decode straight from the chunk, keep only the incomplete tail.
            let used = try decodeFields(chunk, base: pendingBase)
            pendingBase += used
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
            if used < chunk.count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[used...])) }
            return
        }
        pending.append(contentsOf: chunk)
        let used = try pending.withUnsafeBytes { raw in
            try decodeFields(UnsafeRawBufferPointer(rebasing: raw[pendingStart...]), base: pendingBase)
        }
        pendingStart += used
        pendingBase += used
        if pendingStart == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
        } else if pendingStart > 1 << 20 {
            pending.removeSubrange(0..<pendingStart)
            pendingStart = 0
        }
    }

    /// Decodes all complete top-level fields of `buf`; returns how many bytes were consumed.
    private func decodeFields(_ buf: UnsafeRawBufferPointer, base: Int) throws -> Int {
        var r = WireReader(buf, base: base)
        while r.position < r.end {
            let fieldStart = r.position
            // A field is decodable once its tag, length and payload are all buffered.
            guard let key = Self.peekVarint(buf, at: &r.position) else { return fieldStart }
            let field = key >> 3, wireType = key & 7
            if wireType == 2 {
                let lengthAt = r.position
                guard let length = Self.peekVarint(buf, at: &r.position) else { return fieldStart }
                guard length <= UInt64(buf.count - r.position) else {
                    if length > UInt64(limits.maxDecompressedBytes) {
                        throw HeapProfileError.at(byte: base + lengthAt, "profile field \(field) (\(Self.fieldName(field))): length \(length) exceeds the size limit")
                    }
                    return fieldStart
                }
                let stop = r.position + Int(length)
                try decodeTopLevelMessage(field: field, WireReader(buf, from: r.position, to: stop, base: base))
                r.position = stop
            } else {
                // Scalars: make sure the whole value is buffered before decoding it.
                var probe = r.position
                switch wireType {
                case 0: guard Self.peekVarint(buf, at: &probe) != nil else { return fieldStart }
                case 1: guard buf.count - probe >= 8 else { return fieldStart }
                case 5: guard buf.count - probe >= 4 else { return fieldStart }
                default: break
                }
                try decodeTopLevelScalar(field: field, wireType: wireType, &r)
            }
        }
        return r.position
    }

    /// Reads a varint if it is complete; nil if the buffer ends first. Over-long varints are left
    /// to the checked reader, which reports them.
    @inline(__always)
    private static func peekVarint(_ buf: UnsafeRawBufferPointer, at position: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var p = position
        while p < buf.count {
            let b = buf[p]
            p += 1
            if shift < 64 { result |= UInt64(b & 0x7f) << shift }
            if b < 0x80 {
                position = p
                return result
            }
            shift += 7
            if shift >= 70 {
                position = p
                return UInt64.max  // reported by the field decoder as too long
            }
        }
        return nil
    }

    static func fieldName(_ field: UInt64) -> String {
        switch field {
        case 1: "sample_type"
        case 2: "sample"
        case 3: "mapping"
        case 4: "location"
        case 5: "function"
        case 6: "string_table"
        case 7: "drop_frames"
        case 8: "keep_frames"
        case 9: "time_nanos"
        case 10: "duration_nanos"
        case 11: "period_type"
        case 12: "period"
        case 13: "comment"
        case 14: "default_sample_type"
        default: "unknown"
        }
    }

    private func decodeTopLevelScalar(field: UInt64, wireType: UInt64, _ r: inout WireReader) throws {
        let name = "profile field \(field) (\(Self.fieldName(field)))"
        switch field {
        case 7: dropFramesIndex = Int64(bitPattern: try r.scalar(wireType: wireType, name))
        case 8: keepFramesIndex = Int64(bitPattern: try r.scalar(wireType: wireType, name))
        case 9: profile.timeNanos = Int64(bitPattern: try r.scalar(wireType: wireType, name))
        case 10: profile.durationNanos = Int64(bitPattern: try r.scalar(wireType: wireType, name))
        case 12: profile.period = Int64(bitPattern: try r.scalar(wireType: wireType, name))
        case 13: try r.repeatedVarints(wireType: wireType, name) { commentIndices.append(Int64(bitPattern: $0)) }
        case 14: defaultSampleTypeIndex = Int64(bitPattern: try r.scalar(wireType: wireType, name))
        case 1, 2, 3, 4, 5, 6, 11:
            throw HeapProfileError.at(byte: r.offset, "\(name): wire type \(wireType), expected a length-delimited message")
        default:
            if field == 0 { throw HeapProfileError.at(byte: r.offset, "invalid field number 0 (not a protobuf profile?)") }
            try r.skip(wireType: wireType, field: field, in: "profile")
        }
    }

    private func decodeTopLevelMessage(field: UInt64, _ r: WireReader) throws {
        var r = r
        switch field {
        case 2: try decodeSample(&r)
        case 4: try decodeLocation(&r)
        case 6:
            guard profile.strings.count < limits.maxStrings else {
                throw HeapProfileError.at(byte: r.offset, "string_table: more than \(limits.maxStrings) strings")
            }
            let s = UnsafeRawBufferPointer(rebasing: r.bytes[r.position..<r.end])
            profile.strings.append(String(decoding: s, as: UTF8.self))
        case 5: try decodeFunction(&r)
        case 3: try decodeMapping(&r)
        case 1: sampleTypeIndices.append(try decodeValueType(&r, "sample_type"))
        case 11: periodTypeIndices = try decodeValueType(&r, "period_type")
        case 13:
            while !r.isAtEnd { commentIndices.append(Int64(bitPattern: try r.varint("profile field 13 (comment)"))) }
        case 7, 8, 9, 10, 12, 14:
            throw HeapProfileError.at(byte: r.offset, "profile field \(field) (\(Self.fieldName(field))): wire type 2, expected a varint")
        default: break  // unknown length-delimited field: skipped
        }
    }

    private func decodeValueType(_ r: inout WireReader, _ name: String) throws -> (Int64, Int64) {
        var type: Int64 = 0, unit: Int64 = 0
        while !r.isAtEnd {
            let key = try r.varint("\(name) tag")
            switch key >> 3 {
            case 1: type = Int64(bitPattern: try r.scalar(wireType: key & 7, "\(name).type"))
            case 2: unit = Int64(bitPattern: try r.scalar(wireType: key & 7, "\(name).unit"))
            default: try r.skip(wireType: key & 7, field: key >> 3, in: name)
            }
        }
        return (type, unit)
    }

    /// - Complexity: O(sample bytes); the decoder's hottest loop.
    private func decodeSample(_ r: inout WireReader) throws {
        let index = profile.sampleCount
        guard index < limits.maxSamples else {
            throw HeapProfileError.at(byte: r.offset, "sample: more than \(limits.maxSamples) samples")
        }
        let valuesBefore = profile.values.count
        while !r.isAtEnd {
            let key = try r.varint("sample \(index) tag")
            let wireType = key & 7
            switch key >> 3 {
            case 1:
                try r.repeatedVarints(wireType: wireType, "sample \(index) location_id") { id in
                    profile.stackLocations.append(try storedLocationID(id))
                }
            case 2:
                try r.repeatedVarints(wireType: wireType, "sample \(index) value") { v in
                    profile.values.append(Int64(bitPattern: v))
                }
            case 3:
                guard wireType == 2 else {
                    throw HeapProfileError.at(byte: r.offset, "sample \(index) label: wire type \(wireType), expected a message")
                }
                let stop = try r.lengthDelimited("sample \(index) label")
                var lr = WireReader(r.bytes, from: r.position, to: stop, base: r.base)
                var key: Int64 = 0, str: Int64 = 0, num: Int64 = 0, unit: Int64 = 0
                while !lr.isAtEnd {
                    let k = try lr.varint("sample \(index) label tag")
                    switch k >> 3 {
                    case 1: key = Int64(bitPattern: try lr.scalar(wireType: k & 7, "sample \(index) label.key"))
                    case 2: str = Int64(bitPattern: try lr.scalar(wireType: k & 7, "sample \(index) label.str"))
                    case 3: num = Int64(bitPattern: try lr.scalar(wireType: k & 7, "sample \(index) label.num"))
                    case 4: unit = Int64(bitPattern: try lr.scalar(wireType: k & 7, "sample \(index) label.num_unit"))
                    default: try lr.skip(wireType: k & 7, field: k >> 3, in: "label")
                    }
                }
                r.position = stop
                // Raw string indices are kept (Int32.min when they cannot be one) and checked in finish().
                profile.labels.append(Profile.Label(
                    key: Self.rawIndex(key), str: str == 0 ? -1 : Self.rawIndex(str), num: num, numUnit: Self.rawIndex(unit)))
            default:
                try r.skip(wireType: wireType, field: key >> 3, in: "sample")
            }
        }
        let depth = profile.stackLocations.count - Int(profile.stackStart[index])
        guard depth <= limits.maxStackDepth else {
            throw HeapProfileError.at(byte: r.offset, "sample \(index): stack of \(depth) frames exceeds the limit of \(limits.maxStackDepth)")
        }
        guard profile.stackLocations.count <= Int(Int32.max), profile.labels.count <= Int(Int32.max) else {
            throw HeapProfileError.at(byte: r.offset, "sample \(index): too many frames in total")
        }
        let count = profile.values.count - valuesBefore
        if valuesPerSample < 0 {
            valuesPerSample = count
        } else if count != valuesPerSample && firstBadValueCount == nil {
            firstBadValueCount = (index, count)
        }
        profile.stackStart.append(Int32(profile.stackLocations.count))
        profile.labelStart.append(Int32(profile.labels.count))
    }

    @inline(__always)
    private static func rawIndex(_ v: Int64) -> Int32 { v >= 0 && v <= Int64(Int32.max) ? Int32(v) : Int32.min }

    @inline(__always)
    private func storedLocationID(_ id: UInt64) throws -> Int32 {
        if id < UInt64(Self.bigIDBase) { return Int32(bitPattern: UInt32(id)) }
        if let code = bigIDs[id] { return Int32(bitPattern: code) }
        let code = Self.bigIDBase + UInt32(bigIDs.count)
        guard bigIDs.count < 0xF_FFFF else { throw HeapProfileError("sample: too many distinct large location ids", source: "profile") }
        bigIDs[id] = code
        return Int32(bitPattern: code)
    }

    private func decodeLocation(_ r: inout WireReader) throws {
        let index = profile.locations.count
        guard index < limits.maxLocations else {
            throw HeapProfileError.at(byte: r.offset, "location: more than \(limits.maxLocations) locations")
        }
        var loc = Profile.Location(id: 0, mapping: -1, address: 0, firstLine: Int32(profile.lines.count), lineCount: 0, isFolded: false)
        var mappingID: UInt64 = 0
        while !r.isAtEnd {
            let key = try r.varint("location \(index) tag")
            let wireType = key & 7
            switch key >> 3 {
            case 1: loc.id = try r.scalar(wireType: wireType, "location \(index) id")
            case 2: mappingID = try r.scalar(wireType: wireType, "location \(index) mapping_id")
            case 3: loc.address = try r.scalar(wireType: wireType, "location \(index) address")
            case 4:
                guard wireType == 2 else {
                    throw HeapProfileError.at(byte: r.offset, "location \(index) line: wire type \(wireType), expected a message")
                }
                let stop = try r.lengthDelimited("location \(index) line")
                var lr = WireReader(r.bytes, from: r.position, to: stop, base: r.base)
                var fid: UInt64 = 0, line: Int64 = 0, column: Int64 = 0
                while !lr.isAtEnd {
                    let k = try lr.varint("location \(index) line tag")
                    switch k >> 3 {
                    case 1: fid = try lr.scalar(wireType: k & 7, "location \(index) line.function_id")
                    case 2: line = Int64(bitPattern: try lr.scalar(wireType: k & 7, "location \(index) line.line"))
                    case 3: column = Int64(bitPattern: try lr.scalar(wireType: k & 7, "location \(index) line.column"))
                    default: try lr.skip(wireType: k & 7, field: k >> 3, in: "line")
                    }
                }
                r.position = stop
                profile.lines.append(Profile.Line(function: -1, line: line, column: column))
                lineFunctionIDs.append(fid)
                loc.lineCount += 1
            case 5: loc.isFolded = try r.scalar(wireType: wireType, "location \(index) is_folded") != 0
            default: try r.skip(wireType: wireType, field: key >> 3, in: "location")
            }
        }
        profile.locations.append(loc)
        locationMappingIDs.append(mappingID)
    }

    private func decodeFunction(_ r: inout WireReader) throws {
        let index = profile.functions.count
        var f = Profile.Function(id: 0, name: 0, systemName: 0, filename: 0, startLine: 0)
        var name: Int64 = 0, system: Int64 = 0, file: Int64 = 0
        while !r.isAtEnd {
            let key = try r.varint("function \(index) tag")
            let wireType = key & 7
            switch key >> 3 {
            case 1: f.id = try r.scalar(wireType: wireType, "function \(index) id")
            case 2: name = Int64(bitPattern: try r.scalar(wireType: wireType, "function \(index) name"))
            case 3: system = Int64(bitPattern: try r.scalar(wireType: wireType, "function \(index) system_name"))
            case 4: file = Int64(bitPattern: try r.scalar(wireType: wireType, "function \(index) filename"))
            case 5: f.startLine = Int64(bitPattern: try r.scalar(wireType: wireType, "function \(index) start_line"))
            default: try r.skip(wireType: wireType, field: key >> 3, in: "function")
            }
        }
        profile.functions.append(f)
        functionStrings.append((name, system, file))
    }

    private func decodeMapping(_ r: inout WireReader) throws {
        let index = profile.mappings.count
        var m = Profile.Mapping(
            id: 0, start: 0, limit: 0, offset: 0, file: "", buildID: "", hasFunctions: false,
            hasFilenames: false, hasLineNumbers: false, hasInlineFrames: false)
        var file: Int64 = 0, build: Int64 = 0
        while !r.isAtEnd {
            let key = try r.varint("mapping \(index) tag")
            let wireType = key & 7
            let what = "mapping \(index) field \(key >> 3)"
            switch key >> 3 {
            case 1: m.id = try r.scalar(wireType: wireType, what)
            case 2: m.start = try r.scalar(wireType: wireType, what)
            case 3: m.limit = try r.scalar(wireType: wireType, what)
            case 4: m.offset = try r.scalar(wireType: wireType, what)
            case 5: file = Int64(bitPattern: try r.scalar(wireType: wireType, what))
            case 6: build = Int64(bitPattern: try r.scalar(wireType: wireType, what))
            case 7: m.hasFunctions = try r.scalar(wireType: wireType, what) != 0
            case 8: m.hasFilenames = try r.scalar(wireType: wireType, what) != 0
            case 9: m.hasLineNumbers = try r.scalar(wireType: wireType, what) != 0
            case 10: m.hasInlineFrames = try r.scalar(wireType: wireType, what) != 0
            default: try r.skip(wireType: wireType, field: key >> 3, in: "mapping")
            }
        }
        profile.mappings.append(m)
        mappingStrings.append((file, build))
    }

    /// Ends the input: checks nothing is left over, resolves ids and string indices, validates.
    func finish() throws -> Profile {
        if pendingStart < pending.count {
            throw HeapProfileError.at(byte: pendingBase, "profile field truncated: \(pending.count - pendingStart) bytes of an incomplete field at the end of the data")
        }
        if profile.strings.isEmpty && profile.sampleCount == 0 && profile.locations.isEmpty && sampleTypeIndices.isEmpty {
            throw HeapProfileError("empty profile (no string table, no samples)", source: "profile")
        }
        let strings = profile.strings
        if let first = strings.first, !first.isEmpty {
            throw HeapProfileError("string_table[0] must be \"\", found \"\(first.prefix(40))\"", source: "profile")
        }
        if strings.isEmpty { profile.strings = [""] }
        let stringCount = Int64(profile.strings.count)
        func str(_ i: Int64, _ what: @autoclosure () -> String) throws -> Int32 {
            guard i >= 0 && i < stringCount else {
                throw HeapProfileError("\(what()): string index \(i) out of range (string table has \(stringCount) entries)", source: "profile")
            }
            return Int32(i)
        }
        // Profile-level strings.
        profile.sampleTypes = try sampleTypeIndices.enumerated().map { i, t in
            Profile.ValueType(
                type: profile.strings[Int(try str(t.0, "sample_type \(i) type"))],
                unit: profile.strings[Int(try str(t.1, "sample_type \(i) unit"))])
        }
        if let p = periodTypeIndices {
            profile.periodType = Profile.ValueType(
                type: profile.strings[Int(try str(p.0, "period_type type"))],
                unit: profile.strings[Int(try str(p.1, "period_type unit"))])
        }
        profile.dropFrames = profile.strings[Int(try str(dropFramesIndex, "drop_frames"))]
        profile.keepFrames = profile.strings[Int(try str(keepFramesIndex, "keep_frames"))]
        if defaultSampleTypeIndex != 0 {
            profile.defaultSampleType = profile.strings[Int(try str(defaultSampleTypeIndex, "default_sample_type"))]
        }
        profile.comments = try commentIndices.enumerated().map { i, c in profile.strings[Int(try str(c, "comment \(i)"))] }

        // Values.
        if let bad = firstBadValueCount {
            throw HeapProfileError("sample \(bad.sample) has \(bad.count) values, sample 0 has \(valuesPerSample)", source: "profile")
        }
        if profile.sampleCount > 0 && valuesPerSample != profile.sampleTypes.count {
            throw HeapProfileError("samples have \(valuesPerSample) values but the profile has \(profile.sampleTypes.count) sample types", source: "profile")
        }

        // Mappings.
        var mappingIndex: [UInt64: Int32] = [:]
        for i in profile.mappings.indices {
            let id = profile.mappings[i].id
            guard id != 0 else { throw HeapProfileError("mapping \(i) has id 0 (ids must be nonzero)", source: "profile") }
            guard mappingIndex.updateValue(Int32(i), forKey: id) == nil else {
                throw HeapProfileError("duplicate mapping id \(id)", source: "profile")
            }
            profile.mappings[i].file = profile.strings[Int(try str(mappingStrings[i].0, "mapping id \(id) filename"))]
            profile.mappings[i].buildID = profile.strings[Int(try str(mappingStrings[i].1, "mapping id \(id) build_id"))]
        }

        // Functions.
        let functionIndex = try DenseIDs(profile.functions.map(\.id), kind: "function")
        for i in profile.functions.indices {
            let id = profile.functions[i].id
            let s = functionStrings[i]
            profile.functions[i].name = try str(s.0, "function id \(id) name")
            profile.functions[i].systemName = try str(s.1, "function id \(id) system_name")
            profile.functions[i].filename = try str(s.2, "function id \(id) filename")
        }

        // Locations and their lines.
        let locationIndex = try DenseIDs(profile.locations.map(\.id), kind: "location")
        for i in profile.locations.indices {
            let mid = locationMappingIDs[i]
            if mid != 0 {
                guard let m = mappingIndex[mid] else {
                    throw HeapProfileError("location id \(profile.locations[i].id): mapping id \(mid) not found", source: "profile")
                }
                profile.locations[i].mapping = m
            }
            let first = Int(profile.locations[i].firstLine)
            for j in first..<first + Int(profile.locations[i].lineCount) {
                let fid = lineFunctionIDs[j]
                if fid == 0 { continue }
                guard let f = functionIndex.index(of: fid) else {
                    throw HeapProfileError("location id \(profile.locations[i].id): function id \(fid) not found", source: "profile")
                }
                profile.lines[j].function = f
            }
        }

        // Stacks: stored ids to dense location indices, in place.
        var reverseBig: [UInt32: UInt64] = [:]
        if !bigIDs.isEmpty { for (id, code) in bigIDs { reverseBig[code] = id } }
        let stackStart = profile.stackStart
        var stackLocations = profile.stackLocations
        profile.stackLocations = []
        try stackLocations.withUnsafeMutableBufferPointer { stack in
            var sample = 0
            for k in stack.indices {
                let stored = UInt32(bitPattern: stack[k])
                let id = stored >= Self.bigIDBase ? (reverseBig[stored] ?? 0) : UInt64(stored)
                guard let dense = locationIndex.index(of: id) else {
                    while Int(stackStart[sample + 1]) <= k { sample += 1 }
                    throw HeapProfileError("sample \(sample): location id \(id) not found", source: "profile")
                }
                stack[k] = dense
            }
        }
        profile.stackLocations = stackLocations

        // Labels.
        let count = Int32(clamping: stringCount)
        for (i, l) in profile.labels.enumerated() where l.key < 0 || l.key >= count || l.str < -1 || l.str >= count
            || l.numUnit < 0 || l.numUnit >= count
        {
            let bad = l.key < 0 || l.key >= count ? ("key", l.key) : l.numUnit < 0 || l.numUnit >= count ? ("num_unit", l.numUnit) : ("str", l.str)
            let shown = bad.1 == Int32.min ? "beyond 32 bits" : "\(bad.1)"
            throw HeapProfileError("label \(i) \(bad.0): string index \(shown) out of range (string table has \(stringCount) entries)", source: "profile")
        }
        return profile
    }
}

/// A map from nonzero unique ids to dense indices: an array when ids are dense (as Go writes
/// them, 1...N), a dictionary otherwise.
struct DenseIDs {
    private var table: [Int32] = []
    private var map: [UInt64: Int32] = [:]
    private var dense = true

    init(_ ids: [UInt64], kind: String) throws {
        let maxID = ids.max() ?? 0
        dense = maxID <= UInt64(ids.count) * 2 + 1024
        if dense { table = [Int32](repeating: -1, count: Int(maxID) + 1) }
        for (i, id) in ids.enumerated() {
            guard id != 0 else { throw HeapProfileError("\(kind) \(i) has id 0 (ids must be nonzero)", source: "profile") }
            if dense {
                guard table[Int(id)] < 0 else { throw HeapProfileError("duplicate \(kind) id \(id)", source: "profile") }
                table[Int(id)] = Int32(i)
            } else {
                guard map.updateValue(Int32(i), forKey: id) == nil else {
                    throw HeapProfileError("duplicate \(kind) id \(id)", source: "profile")
                }
            }
        }
    }

    @inline(__always)
    func index(of id: UInt64) -> Int32? {
        if dense {
            guard id < UInt64(table.count) else { return nil }
            let v = table[Int(id)]
            return v < 0 ? nil : v
        }
        return map[id]
    }
}

import SwiftProtobuf

extension Profile {
    /// Decodes raw profile.proto bytes with the generated swift-protobuf types.
    ///
    /// Slower and hungrier than `ProfileDecoder`; kept as the reference the specialised decoder
    /// is tested against (same input, equal `Profile`).
    /// - Throws: `HeapProfileError` for what swift-protobuf rejects and for dangling ids.
    static func decodeWithSwiftProtobuf(_ raw: [UInt8]) throws -> Profile {
        let message: Perftools_Profiles_Profile
        do {
            message = try Perftools_Profiles_Profile(serializedBytes: raw)
        } catch {
            throw HeapProfileError("swift-protobuf: \(error)", source: "profile")
        }
        var p = Profile(format: .proto)
        p.strings = message.stringTable.isEmpty ? [""] : message.stringTable
        func s(_ i: Int64) throws -> String {
            guard i >= 0 && i < Int64(p.strings.count) else {
                throw HeapProfileError("string index \(i) out of range", source: "profile")
            }
            return p.strings[Int(i)]
        }
        p.sampleTypes = try message.sampleType.map { Profile.ValueType(type: try s($0.type), unit: try s($0.unit)) }
        if message.hasPeriodType {
            p.periodType = Profile.ValueType(type: try s(message.periodType.type), unit: try s(message.periodType.unit))
        }
        p.period = message.period
        p.timeNanos = message.timeNanos
        p.durationNanos = message.durationNanos
        p.comments = try message.comment.map(s)
        p.dropFrames = try s(message.dropFrames)
        p.keepFrames = try s(message.keepFrames)
        if message.defaultSampleType != 0 { p.defaultSampleType = try s(message.defaultSampleType) }
        var mappingIndex: [UInt64: Int32] = [:]
        for m in message.mapping {
            mappingIndex[m.id] = Int32(p.mappings.count)
            p.mappings.append(Profile.Mapping(
                id: m.id, start: m.memoryStart, limit: m.memoryLimit, offset: m.fileOffset, file: try s(m.filename),
                buildID: try s(m.buildID), hasFunctions: m.hasFunctions_p, hasFilenames: m.hasFilenames_p,
                hasLineNumbers: m.hasLineNumbers_p, hasInlineFrames: m.hasInlineFrames_p))
        }
        var functionIndex: [UInt64: Int32] = [:]
        for f in message.function {
            functionIndex[f.id] = Int32(p.functions.count)
            _ = try (s(f.name), s(f.systemName), s(f.filename))
            p.functions.append(Profile.Function(
                id: f.id, name: Int32(f.name), systemName: Int32(f.systemName), filename: Int32(f.filename),
                startLine: f.startLine))
        }
        var locationIndex: [UInt64: Int32] = [:]
        for l in message.location {
            locationIndex[l.id] = Int32(p.locations.count)
            let first = Int32(p.lines.count)
            for line in l.line {
                var f: Int32 = -1
                if line.functionID != 0 {
                    guard let fi = functionIndex[line.functionID] else {
                        throw HeapProfileError("function id \(line.functionID) not found", source: "profile")
                    }
                    f = fi
                }
                p.lines.append(Profile.Line(function: f, line: line.line, column: line.column))
            }
            var mapping: Int32 = -1
            if l.mappingID != 0 {
                guard let mi = mappingIndex[l.mappingID] else {
                    throw HeapProfileError("mapping id \(l.mappingID) not found", source: "profile")
                }
                mapping = mi
            }
            p.locations.append(Profile.Location(
                id: l.id, mapping: mapping, address: l.address, firstLine: first, lineCount: Int32(l.line.count),
                isFolded: l.isFolded))
        }
        for sample in message.sample {
            let stack = try sample.locationID.map { id in
                guard let l = locationIndex[id] else { throw HeapProfileError("location id \(id) not found", source: "profile") }
                return l
            }
            let labels = try sample.label.map { l in
                _ = try (s(l.key), s(l.str), s(l.numUnit))
                return Profile.Label(
                    key: Int32(l.key), str: l.str == 0 ? -1 : Int32(l.str), num: l.num, numUnit: Int32(l.numUnit))
            }
            p.appendSample(values: sample.value, stack: stack, labels: labels)
        }
        return p
    }
}

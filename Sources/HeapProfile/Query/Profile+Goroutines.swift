/// Goroutines with the same stack, counted (from any goroutine profile format).
public struct GoroutineGroup: Sendable, Codable, Equatable {
    /// Frames innermost first: `function file:line`.
    public var frames: [String]
    public var count: Int64
    /// For `?debug=2` dumps: how many goroutines of the group are in each state.
    public var states: [String: Int64]
}

/// How goroutine counts per stack changed between two profiles: what accumulates.
public struct GoroutineDelta: Sendable, Codable, Equatable {
    public var frames: [String]
    public var before: Int64
    public var after: Int64
    public var delta: Int64
}

extension Profile {
    /// Goroutines grouped by stack (function and file:line of every frame), largest group first.
    /// - Complexity: O(frames + groups log groups).
    public func goroutineGroups() throws -> [GoroutineGroup] {
        let graph = try ProfileGraph(self, valueIndex: 0, granularity: .lines, focus: nil, ignore: nil)
        var index: [[String]: Int] = [:]
        var groups: [GoroutineGroup] = []
        for s in 0..<sampleCount {
            var frames: [String] = []
            for k in graph.stackRange(s) {
                let loc = Int(stackLocations[k])
                for j in Int(graph.locNodeStart[loc])..<Int(graph.locNodeStart[loc + 1]) {
                    frames.append(graph.names[Int(graph.locNodes[j])])
                }
            }
            let v = sampleTypes.isEmpty ? 1 : value(s, 0)
            if let g = index[frames] {
                groups[g].count &+= v
            } else {
                index[frames] = groups.count
                groups.append(GoroutineGroup(frames: frames, count: v, states: [:]))
            }
            if s < goroutines.count, let g = index[frames] { groups[g].states[goroutines[s].state, default: 0] += 1 }
        }
        return groups.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.frames.lexicographicallyPrecedes($1.frames)
        }
    }

    /// `goroutine diff A B`: per stack, the count in `before` and in `after`, growth first.
    public static func goroutineDiff(before: Profile, after: Profile) throws -> [GoroutineDelta] {
        var counts: [[String]: (Int64, Int64)] = [:]
        for g in try before.goroutineGroups() { counts[g.frames, default: (0, 0)].0 += g.count }
        for g in try after.goroutineGroups() { counts[g.frames, default: (0, 0)].1 += g.count }
        return counts.map { GoroutineDelta(frames: $0.key, before: $0.value.0, after: $0.value.1, delta: $0.value.1 - $0.value.0) }
            .sorted { $0.delta != $1.delta ? $0.delta > $1.delta : $0.frames.lexicographicallyPrecedes($1.frames) }
    }
}

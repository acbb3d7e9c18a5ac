/// Where the memory cgroup hierarchies are mounted, from `/proc/self/mountinfo`.
///
/// ```
/// 35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
/// 41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
/// ```
/// Field 4 is the root of the mount inside the hierarchy (not `/` in some containers), field 5 the
/// mount point (octal escapes such as `\040` for a space); after ` - ` come the filesystem type, the
/// source and the super options (`memory` names the v1 memory controller).
public struct CgroupMounts: Sendable, Equatable {
    /// A mounted hierarchy.
    public struct Mount: Sendable, Equatable {
        /// The path inside the hierarchy that is mounted (usually `/`).
        public var root: String
        /// Where it is mounted.
        public var mountPoint: String
    }

    /// The cgroup v1 hierarchy with the memory controller.
    public var memoryV1: Mount?
    /// The cgroup v2 (unified) hierarchy.
    public var unified: Mount?

    public init(memoryV1: Mount? = nil, unified: Mount? = nil) {
        self.memoryV1 = memoryV1
        self.unified = unified
    }

    /// Parses mountinfo bytes.
    /// - Complexity: O(size).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> CgroupMounts {
        var mounts = CgroupMounts()
        Bytes.forEachLine(bytes) { line in
            let text = String(decoding: line, as: UTF8.self)
            guard text.contains(" cgroup") else { return }
            let fields = text.split(separator: " ")
            guard let dash = fields.firstIndex(of: "-"), dash >= 5, fields.count >= dash + 4 else { return }
            let left = fields[..<dash]
            let right = Array(fields[(dash + 1)...])
            let mount = Mount(root: unescape(String(left[3])), mountPoint: unescape(String(left[4])))
            if right[0] == "cgroup2", mounts.unified == nil {
                mounts.unified = mount
            } else if right[0] == "cgroup", mounts.memoryV1 == nil,
                      right[2].split(separator: ",").contains("memory") {
                mounts.memoryV1 = mount
            }
        }
        return mounts
    }

    /// Reads `/proc/self/mountinfo` (or `path`).
    public static func read(reader: ProcFileReader, path: String = "/proc/self/mountinfo") throws(SamplingError) -> CgroupMounts {
        parse(try reader.read(path))
    }

    /// Decodes mountinfo's octal escapes (`\040` space, `\011` tab, `\012` newline, `\134` backslash).
    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "\\"), i + 3 < b.count,
               let v = UInt8(String(decoding: b[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) {
                out.append(v)
                i += 4
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A process's cgroup memberships, from `/proc/PID/cgroup`.
///
/// ```
/// 4:memory:/process_api/fd6cc6817c28af01
/// 1:cpu:/
/// 0::/user.slice/user-1000.slice/session-2.scope
/// ```
/// v1 lines are `ID:CONTROLLERS:PATH` (controllers comma-separated); the v2 line is `0::PATH`.
public struct CgroupMembership: Sendable, Equatable {
    /// Path in the v1 memory hierarchy, if the process is in one.
    public var memoryV1: String?
    /// Path in the unified (v2) hierarchy.
    public var unified: String?

    public init(memoryV1: String? = nil, unified: String? = nil) {
        self.memoryV1 = memoryV1
        self.unified = unified
    }

    /// Parses the bytes of a cgroup file.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> CgroupMembership {
        var m = CgroupMembership()
        Bytes.forEachLine(bytes) { line in
            guard let c1 = line.firstIndex(of: UInt8(ascii: ":")) else { return }
            guard let c2 = line[(c1 + 1)...].firstIndex(of: UInt8(ascii: ":")) else { return }
            let controllers = line[(c1 + 1)..<c2]
            let path = String(decoding: line[(c2 + 1)...], as: UTF8.self)
            if controllers.isEmpty {
                if Bytes.unsigned(line[line.startIndex..<c1]) == 0 { m.unified = path }
            } else if String(decoding: controllers, as: UTF8.self).split(separator: ",").contains("memory") {
                m.memoryV1 = path
            }
        }
        return m
    }
}

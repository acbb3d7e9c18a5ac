#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A memory cgroup: its version, its path in the hierarchy and its directory on this machine.
public struct MemoryCgroup: Sendable, Equatable, Hashable, Codable {
    public enum Version: String, Sendable, Codable {
        /// cgroup v1 memory controller (`memory.usage_in_bytes`, `memory.limit_in_bytes`, …).
        case v1
        /// cgroup v2 (`memory.current`, `memory.max`, …).
        case v2
    }

    public var version: Version
    /// Path inside the hierarchy, as `/proc/PID/cgroup` shows it, e.g. `/system.slice/app.service`.
    public var path: String
    /// The directory holding the cgroup's files, e.g. `/sys/fs/cgroup/memory/system.slice/app.service`.
    public var directory: String

    public init(version: Version, path: String, directory: String) {
        self.version = version
        self.path = path
        self.directory = directory
    }

    /// The memory cgroup of the process whose `/proc/PID/cgroup` bytes are given, preferring v1's
    /// memory controller when a hierarchy is mounted for it, else v2 when its directory has
    /// `memory.current` (the memory controller is enabled there). `nil` when neither applies.
    public static func locate(membership: CgroupMembership, mounts: CgroupMounts) -> MemoryCgroup? {
        if let path = membership.memoryV1, let mount = mounts.memoryV1 {
            return MemoryCgroup(version: .v1, path: path, directory: directory(for: path, in: mount))
        }
        if let path = membership.unified, let mount = mounts.unified {
            let dir = directory(for: path, in: mount)
            if access(dir + "/memory.current", F_OK) == 0 {
                return MemoryCgroup(version: .v2, path: path, directory: dir)
            }
        }
        return nil
    }

    /// The cgroup named by the user in `cgroup:PATH`: a path in the hierarchy (`/system.slice/x`)
    /// or a directory under the mount point (`/sys/fs/cgroup/memory/x`). v1 is tried first.
    /// - Throws: `.notFound` naming the directories tried.
    public static func named(_ path: String, mounts: CgroupMounts) throws(SamplingError) -> MemoryCgroup {
        var tried: [String] = []
        for (version, mount, probe) in [(Version.v1, mounts.memoryV1, "memory.usage_in_bytes"),
                                         (Version.v2, mounts.unified, "memory.current")] {
            guard let mount else { continue }
            var inner = path
            if path == mount.mountPoint || path.hasPrefix(mount.mountPoint + "/") {
                inner = String(path.dropFirst(mount.mountPoint.count))
                if inner.isEmpty { inner = "/" }
            }
            if !inner.hasPrefix("/") { inner = "/" + inner }
            let dir = directory(for: inner, in: mount)
            tried.append(dir)
            if access(dir + "/" + probe, F_OK) == 0 {
                return MemoryCgroup(version: version, path: inner, directory: dir)
            }
        }
        if tried.isEmpty {
            throw SamplingError(.notFound, file: "/proc/self/mountinfo", "no cgroup v1 memory or cgroup v2 hierarchy is mounted")
        }
        throw SamplingError(.notFound, file: "cgroup:\(path)",
                            "no memory cgroup there (tried \(tried.map { "'\($0)'" }.joined(separator: ", ")))")
    }

    /// Joins a hierarchy path to a mount, removing the mount's own root when the path starts with it.
    static func directory(for path: String, in mount: CgroupMounts.Mount) -> String {
        var inner = path
        if mount.root != "/", inner == mount.root || inner.hasPrefix(mount.root + "/") {
            inner = String(inner.dropFirst(mount.root.count))
        }
        if inner == "/" || inner.isEmpty { return mount.mountPoint }
        return mount.mountPoint + (inner.hasPrefix("/") ? inner : "/" + inner)
    }
}

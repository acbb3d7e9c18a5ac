import Foundation
import Workbench

/// Where playbooks are found, first match wins: `./Playbooks`, the user's
/// `$XDG_CONFIG_HOME/sleuth/playbooks` (else `~/.config/sleuth/playbooks`), then the ones shipped with
/// Sleuth: `$SLEUTH_PLAYBOOKS` when set, else the first `Playbooks/` found walking up from the
/// executable's directory.
public struct PlaybookLibrary: Sendable {
    public struct Directory: Sendable, Equatable {
        public var path: String
        /// `project`, `user` or `shipped`, as `playbook list` shows it.
        public var label: String
        public init(path: String, label: String) {
            self.path = path
            self.label = label
        }
    }

    /// A playbook file in one of the directories.
    public struct Found: Sendable {
        /// The file name without `.yaml`: what `playbook run NAME` takes.
        public var name: String
        public var path: String
        public var directory: Directory
    }

    public var directories: [Directory]

    public init(directories: [Directory]) {
        self.directories = directories
    }

    /// The standard search path for this process.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                currentDirectory: String = FileManager.default.currentDirectoryPath,
                                executable: String = "/proc/self/exe") -> PlaybookLibrary {
        var dirs = [Directory(path: currentDirectory + "/Playbooks", label: "project")]
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            dirs.append(Directory(path: xdg + "/sleuth/playbooks", label: "user"))
        } else if let home = environment["HOME"], !home.isEmpty {
            dirs.append(Directory(path: home + "/.config/sleuth/playbooks", label: "user"))
        }
        if let shipped = environment["SLEUTH_PLAYBOOKS"], !shipped.isEmpty {
            dirs.append(Directory(path: shipped, label: "shipped"))
        } else if let shipped = shippedDirectory(executable: executable) {
            dirs.append(Directory(path: shipped, label: "shipped"))
        }
        // The same directory reached twice (running from the source tree) is listed once.
        var seen = Set<String>()
        dirs = dirs.filter { seen.insert(realPath($0.path)).inserted }
        return PlaybookLibrary(directories: dirs)
    }

    /// The first `Playbooks/` directory at or above the executable's directory.
    static func shippedDirectory(executable: String) -> String? {
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: executable)) ?? executable
        var dir = URL(fileURLWithPath: resolved).deletingLastPathComponent().path
        while true {
            var isDir: ObjCBool = false
            let candidate = dir + "/Playbooks"
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), isDir.boolValue { return candidate }
            let parent = URL(fileURLWithPath: dir).deletingLastPathComponent().path
            if parent == dir || dir.isEmpty { return nil }
            dir = parent
        }
    }

    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    /// Every playbook, by name; a name found in an earlier directory hides the later ones.
    public func list() -> [Found] {
        var out: [Found] = []
        var names = Set<String>()
        for dir in directories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                let name = String(file.prefix(upTo: file.lastIndex(of: ".")!))
                guard names.insert(name).inserted else { continue }
                out.append(Found(name: name, path: dir.path + "/" + file, directory: dir))
            }
        }
        return out
    }

    /// The names, for completion.
    public var names: [String] { list().map(\.name) }

    /// A playbook by name, or by path when the word names a file (`./x.yaml`, `/tmp/x.yml`).
    /// - Throws: `PlaybookError` when there is none, with the nearest name.
    public func locate(_ nameOrPath: String) throws -> String {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            guard FileManager.default.fileExists(atPath: nameOrPath) else {
                throw PlaybookError("no playbook at '\(nameOrPath)'", at: nil)
            }
            return nameOrPath
        }
        let all = list()
        if let found = all.first(where: { $0.name == nameOrPath }) { return found.path }
        let hint = Suggest.nearest(nameOrPath, among: all.map(\.name)).map { "; did you mean '\($0)'?" }
            ?? (all.isEmpty ? "; none found in \(directories.map(\.path).joined(separator: ", "))" : "; 'playbook list' shows them")
        throw PlaybookError("no playbook named '\(nameOrPath)'\(hint)", at: nil)
    }
}

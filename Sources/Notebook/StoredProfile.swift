import Foundation
import GRDB

/// A profile's bytes as loaded (a heap or goroutine profile), kept so later sessions and exports can
/// re-analyse it without the service that produced it.
public struct StoredProfile: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    /// `p1`, or the name given with `--name`.
    public var name: String
    /// The file path or URL it came from.
    public var source: String
    /// `heap` or `goroutine`.
    public var kind: String
    public var bytes: Data
    public var loadedAt: Double

    public init(id: Int64? = nil, name: String, source: String, kind: String, bytes: Data, loadedAt: Double) {
        self.id = id; self.name = name; self.source = source; self.kind = kind; self.bytes = bytes; self.loadedAt = loadedAt
    }
}

extension StoredProfile: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "profile"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension NotebookStore {
    /// Stores a profile; its name must be new.
    public func add(_ profile: StoredProfile) throws -> StoredProfile {
        var p = profile
        if try self.profile(named: p.name) != nil {
            throw NotebookError(.writeFailed, path: path, "a profile named '\(p.name)' already exists")
        }
        try write { db in try p.insert(db) }
        return p
    }

    public func profile(named name: String) throws -> StoredProfile? {
        try read { db in try StoredProfile.filter(Column("name") == name).fetchOne(db) }
    }

    /// Names, sources and kinds of every stored profile, oldest first (without their bytes).
    public func profileNames() throws -> [(name: String, source: String, kind: String, loadedAt: Double)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, source, kind, loadedAt FROM profile ORDER BY id").map {
                ($0["name"], $0["source"], $0["kind"], $0["loadedAt"])
            }
        }
    }
}

import GRDB

extension Entry: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "entry"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Session: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "session"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

import GRDB

extension Question: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "question"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension Hypothesis: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "hypothesis"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension Prediction: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "prediction"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension Evidence: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "evidence"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension Verdict: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "verdict"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension Finding: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "finding"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension Note: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "note"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension Amendment: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "amendment"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

import GRDB

/// The notebook's schema, as migrations. Shipped migrations are frozen: add new ones, never edit these.
enum NotebookSchema {
    /// The identifiers of every migration this Sleuth knows, oldest first.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-commands") { db in
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("startedAt", .double).notNull()
                t.column("sleuthVersion", .text).notNull()
                t.column("pid", .integer).notNull()
                t.column("host", .text).notNull()
            }
            try db.create(table: "entry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session").notNull()
                t.column("line", .text).notNull()
                t.column("command", .text).notNull()
                t.column("startedAt", .double).notNull()
                t.column("endedAt", .double).notNull()
                t.column("status", .integer).notNull()
                t.column("result", .text).notNull()
                t.column("text", .text).notNull()
            }
        }
        migrator.registerMigration("v2-investigation") { db in
            try db.create(table: "question") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("text", .text).notNull()
                t.column("parentHypothesisId", .integer)
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "hypothesis") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("question").notNull()
                t.column("text", .text).notNull()
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "prediction") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("hypothesis").notNull()
                t.column("text", .text).notNull()
                t.column("kind", .text)
                t.column("expected", .text)
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "evidence") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("entry").notNull()
                t.belongsTo("hypothesis").notNull()
                t.column("relation", .text).notNull()
                t.column("reason", .text)
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "verdict") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("hypothesis").notNull()
                t.column("outcome", .text).notNull()
                t.column("reason", .text)
                t.column("evidenceIds", .jsonText).notNull()
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "finding") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("question").notNull()
                t.column("text", .text).notNull()
                t.column("location", .text)
                t.column("evidenceIds", .jsonText).notNull()
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "note") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("text", .text).notNull()
                t.column("questionId", .integer)
                t.column("hypothesisId", .integer)
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "amendment") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("subject", .text).notNull()
                t.column("subjectId", .integer).notNull()
                t.column("previousText", .text).notNull()
                t.column("replacedAt", .double).notNull()
            }
            try db.create(table: "state") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.alter(table: "entry") { t in
                t.add(column: "hypothesisId", .integer)
                t.add(column: "questionId", .integer)
            }
        }
        migrator.registerMigration("v3-profiles") { db in
            try db.create(table: "profile") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("source", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("bytes", .blob).notNull()
                t.column("loadedAt", .double).notNull()
            }
        }
        return migrator
    }

    /// The schema version a notebook at the newest migration has (the count of migrations).
    static let currentVersion = 3
}

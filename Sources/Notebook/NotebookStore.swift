import Foundation
import GRDB
import Synchronization

/// The session notebook: one SQLite file per investigation (WAL, mode 0600), written through GRDB.
///
/// A command's writes and its entry commit together (`beginCommand`/`commitCommand`); every other write
/// is its own committed transaction. A crash or `kill -9` therefore loses at most the command in flight,
/// and never leaves half of one. While a store is open for writing it holds an exclusive `flock` on the file: a second Sleuth on
/// the same notebook is refused with a clear error instead of interleaving its writes.
public final class NotebookStore: Sendable {
    public let path: String
    let dbQueue: DatabaseQueue
    /// The descriptor carrying the `flock`. It stays open as long as the store: closing any descriptor of
    /// the file would also drop SQLite's own POSIX locks on it.
    private let lockDescriptor: Int32
    /// How many commands are running (a playbook run runs commands): a transaction is open when above 0.
    private let commandDepth = Mutex(0)

    /// Opens a notebook, creating it (mode 0600) when `create` is true and it does not exist.
    ///
    /// - Parameter readOnly: read without locking or migrating (exports of a notebook in use or crashed).
    /// - Throws: `NotebookError` naming the path: in use, not a notebook, newer schema, cannot create.
    public init(path: String, create: Bool = true, readOnly: Bool = false) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && (!create || readOnly) {
            throw NotebookError(.notFound, path: path, "no such file")
        }
        var fd: Int32 = -1
        if !readOnly {
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            if fd < 0 {
                throw NotebookError(.cannotCreate, path: path, "cannot open: \(String(cString: strerror(errno)))")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                close(fd)
                throw NotebookError(.inUse, path: path, "is open in another sleuth process; close it there first")
            }
            if !exists { fchmod(fd, 0o600) }
        }
        self.lockDescriptor = fd
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(2)
        config.label = "notebook"
        if !readOnly {
            // A command's transaction spans several accesses (beginCommand … commitCommand).
            config.allowsUnsafeTransactions = true
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            self.dbQueue = queue
            try queue.read { db in
                // Reading the schema fails fast on a file that is not SQLite.
                _ = try db.tableExists("entry")
            }
            if !readOnly {
                try queue.writeWithoutTransaction { db in
                    // WAL: readers (exports) never block the writer; each commit is durable on its own.
                    _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                }
            }
            let migrator = NotebookSchema.migrator
            let superseded = try queue.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                throw NotebookError(.newerSchema, path: path,
                                    "was written by a newer Sleuth (schema newer than v\(NotebookSchema.currentVersion)); upgrade Sleuth to open it")
            }
            if readOnly {
                let complete = try queue.read { db in try migrator.hasCompletedMigrations(db) }
                let hasEntries = try queue.read { db in try db.tableExists("entry") }
                if !complete && !hasEntries {
                    throw NotebookError(.notANotebook, path: path, "is not a Sleuth notebook")
                }
            } else {
                try migrator.migrate(queue)
            }
        } catch let error as NotebookError {
            if fd >= 0 { close(fd) }
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            if fd >= 0 { close(fd) }
            throw NotebookError(.notANotebook, path: path, "is not a Sleuth notebook (not an SQLite database)")
        } catch {
            if fd >= 0 { close(fd) }
            throw NotebookError(.readFailed, path: path, NotebookStore.describe(error))
        }
        if !readOnly {
            // The WAL and shared-memory files take the database's mode; make sure it is private.
            fchmod(fd, 0o600)
        }
    }

    deinit {
        if lockDescriptor >= 0 {
            try? dbQueue.close()
            close(lockDescriptor)
        }
    }

    /// The schema version of this notebook (the number of migrations applied).
    public func schemaVersion() throws -> Int {
        try dbQueue.read { db in try NotebookSchema.migrator.appliedIdentifiers(db).count }
    }

    // MARK: Sessions and entries

    /// Records the start of a `sleuth` run on this notebook.
    public func beginSession(version: String) throws -> Session {
        var session = Session(startedAt: Date().timeIntervalSince1970, sleuthVersion: version,
                              pid: getpid(), host: ProcessInfo.processInfo.hostName)
        try write { db in try session.insert(db) }
        return session
    }

    /// Commits one command's entry and returns it with its `#N` id.
    public func record(_ entry: Entry) throws -> Entry {
        var entry = entry
        try write { db in try entry.insert(db) }
        return entry
    }

    public func entries() throws -> [Entry] {
        try read { db in try Entry.order(Column("id")).fetchAll(db) }
    }

    public func entry(_ id: Int64) throws -> Entry? {
        try read { db in try Entry.fetchOne(db, key: id) }
    }

    public func sessions() throws -> [Session] {
        try read { db in try Session.order(Column("id")).fetchAll(db) }
    }

    // MARK: Command transactions

    /// Opens the transaction of a command: its writes and its entry then commit together in
    /// `commitCommand`, or vanish in `rollbackCommand`. A command begun inside another (a playbook step)
    /// first commits what the outer one wrote so far, so each step is durable once it is done.
    /// - Throws: `NotebookError` when the transaction cannot begin (the file is read-only or gone).
    public func beginCommand() throws {
        let depth = commandDepth.withLock { d in d += 1; return d }
        do {
            try rawWrite { db in
                if depth > 1 && db.isInsideTransaction { try db.execute(sql: "COMMIT") }
                try db.execute(sql: "BEGIN IMMEDIATE")
            }
        } catch {
            commandDepth.withLock { $0 -= 1 }
            throw error
        }
    }

    /// Commits the running command's writes and entry. On failure (a full disk) they are rolled back
    /// and the error thrown: nothing of the command is kept, everything before it is.
    public func commitCommand() throws {
        do {
            try endCommand("COMMIT")
        } catch {
            rollbackCommand()
            throw error
        }
    }

    /// Drops the running command's writes (it failed, or its commit did).
    public func rollbackCommand() {
        try? endCommand("ROLLBACK")
    }

    private func endCommand(_ sql: String) throws {
        let depth = commandDepth.withLock { d in
            if d > 0 { d -= 1 }
            return d
        }
        try rawWrite { db in
            if db.isInsideTransaction { try db.execute(sql: sql) }
            // The outer command (a playbook run) goes on in a transaction of its own.
            if depth > 0 { try db.execute(sql: "BEGIN IMMEDIATE") }
        }
    }

    private func rawWrite(_ body: (Database) throws -> Void) throws {
        do {
            try dbQueue.writeWithoutTransaction(body)
        } catch {
            throw NotebookError(.writeFailed, path: path, "cannot write: \(NotebookStore.describe(error))")
        }
    }

    /// Runs `body` in a write transaction (a savepoint inside a running command's transaction), mapping
    /// SQLite failures (disk full, I/O) to a `NotebookError`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            if commandDepth.withLock({ $0 }) > 0 {
                return try dbQueue.writeWithoutTransaction { db in
                    var result: T?
                    try db.inSavepoint {
                        result = try body(db)
                        return .commit
                    }
                    return result!
                }
            }
            return try dbQueue.write(body)
        } catch let error as NotebookError {
            throw error
        } catch {
            throw NotebookError(.writeFailed, path: path, "cannot write: \(NotebookStore.describe(error))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.read(body)
        } catch {
            throw NotebookError(.readFailed, path: path, "cannot read: \(NotebookStore.describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        if let db = error as? DatabaseError {
            return (db.message ?? "\(db.resultCode)").lowercased()
        }
        return "\(error)"
    }

    /// Runs SQLite's own integrity check; "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

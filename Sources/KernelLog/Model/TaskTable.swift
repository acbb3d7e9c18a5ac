/// One cell of the OOM task table: a number when the text is numeric, otherwise the text.
public enum TaskValue: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    case number(Int)
    case text(String)

    public var intValue: Int? {
        if case .number(let n) = self { return n }
        return nil
    }

    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .text(let s): return s
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) {
            self = .number(n)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let n): try c.encode(n)
        case .text(let s): try c.encode(s)
        }
    }
}

/// The table of tasks the kernel dumps before choosing a victim, parsed by its header.
///
/// Column names are kept as the header gives them (`pid`, `uid`, `tgid`, `total_vm`, `rss`, `nr_ptes`,
/// `pgtables_bytes`, `swapents`, `oom_score_adj`, `name`, ...). Memory columns are in **pages**
/// (`Tasks state (memory values in pages):`), except `pgtables_bytes`, which is in bytes.
///
///     [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name
///     [   6115]     0  6115    17037    16685    16288      397         0   172032        0             0 tail
///
/// JSON: `{"columns": [...], "rows": [{"pid": 6115, ..., "name": "tail"}]}` (a value the row does not
/// show is `null`).
public struct TaskTable: Codable, Sendable, Equatable, Hashable {
    public var columns: [String]
    /// Values in `columns` order; nil where the row did not show one.
    public var rows: [[TaskValue?]]

    public init(columns: [String], rows: [[TaskValue?]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }

    /// The value of `column` in row `row`.
    public func value(_ column: String, row: Int) -> TaskValue? {
        guard let i = index(of: column), row < rows.count, i < rows[row].count else { return nil }
        return rows[row][i]
    }

    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    private enum CodingKeys: String, CodingKey { case columns, rows }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let columns = try c.decode([String].self, forKey: .columns)
        let objects = try c.decode([[String: TaskValue?]].self, forKey: .rows)
        self.columns = columns
        self.rows = objects.map { object in columns.map { object[$0] ?? nil } }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(columns, forKey: .columns)
        var list = c.nestedUnkeyedContainer(forKey: .rows)
        for row in rows {
            var object = list.nestedContainer(keyedBy: DynamicKey.self)
            for (i, column) in columns.enumerated() {
                try object.encodeOrNull(i < row.count ? row[i] : nil, forKey: DynamicKey(stringValue: column))
            }
        }
    }
}

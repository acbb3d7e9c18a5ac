import Foundation
import Notebook

/// The JSON export read back: a `Decodable` mirror of `Report.json()` for importers and tests.
///
/// Decoding refuses a document of a newer schema version by name, rather than misreading it. Each
/// entry's `result` is decoded as a `JSONValue` (object key order follows the decoder).
public struct ExportedNotebook: Decodable, Sendable, Equatable {
    public var schemaVersion: Int
    public var generator: String
    public var notebook: NotebookInfo
    public var sessions: [Session]
    public var entries: [Entry]
    public var investigation: Investigation

    public struct NotebookInfo: Decodable, Sendable, Equatable {
        public var path: String
        public var schemaVersion: Int?
    }

    public struct Session: Decodable, Sendable, Equatable {
        public var id: Int64
        public var startedAt: Double
        public var sleuthVersion: String
        public var pid: Int32
        public var host: String
    }

    public struct Entry: Decodable, Sendable, Equatable {
        public var id: Int64
        public var session: Int64
        public var line: String
        public var command: String
        public var startedAt: Double
        public var endedAt: Double
        /// `ok` or `failed`.
        public var status: String
        public var result: JSONValue
        public var text: String
        public var hypothesis: Int64?
        public var question: Int64?

        private enum CodingKeys: String, CodingKey {
            case id, session, line, command, startedAt, endedAt, status, result, text, hypothesis, question
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(Int64.self, forKey: .id)
            session = try c.decode(Int64.self, forKey: .session)
            line = try c.decode(String.self, forKey: .line)
            command = try c.decode(String.self, forKey: .command)
            startedAt = try c.decode(Double.self, forKey: .startedAt)
            endedAt = try c.decode(Double.self, forKey: .endedAt)
            status = try c.decode(String.self, forKey: .status)
            result = try c.decode(DecodedJSON.self, forKey: .result).value
            text = try c.decode(String.self, forKey: .text)
            hypothesis = try c.decodeIfPresent(Int64.self, forKey: .hypothesis)
            question = try c.decodeIfPresent(Int64.self, forKey: .question)
        }
    }

    public struct Investigation: Decodable, Sendable, Equatable {
        public var questions: [Question]
        public var hypotheses: [Hypothesis]
        public var predictions: [Prediction]
        public var evidence: [Evidence]
        public var verdicts: [Verdict]
        public var findings: [Finding]
        public var notes: [Note]
        public var amendments: [Amendment]
        public var focus: Focus
    }

    public struct Question: Decodable, Sendable, Equatable {
        public var id: Int64
        public var text: String
        public var parentHypothesis: Int64?
        public var createdAt: Double
    }

    public struct Hypothesis: Decodable, Sendable, Equatable {
        public var id: Int64
        public var question: Int64
        public var text: String
        public var createdAt: Double
    }

    public struct Prediction: Decodable, Sendable, Equatable {
        public var id: Int64
        public var hypothesis: Int64
        public var text: String
        public var kind: String?
        public var expected: String?
        public var createdAt: Double
    }

    public struct Evidence: Decodable, Sendable, Equatable {
        public var id: Int64
        public var entry: Int64
        public var hypothesis: Int64
        /// `supports`, `refutes` or `neutral`.
        public var relation: String
        public var reason: String?
        public var createdAt: Double
    }

    public struct Verdict: Decodable, Sendable, Equatable {
        public var id: Int64
        public var hypothesis: Int64
        /// `supported`, `refuted` or `inconclusive`.
        public var outcome: String
        public var reason: String?
        /// The entries (`#N`) the verdict rests on.
        public var entries: [Int64]
        public var createdAt: Double
    }

    public struct Finding: Decodable, Sendable, Equatable {
        public var id: Int64
        public var question: Int64
        public var text: String
        public var location: String?
        public var entries: [Int64]
        public var createdAt: Double
    }

    public struct Note: Decodable, Sendable, Equatable {
        public var id: Int64
        public var text: String
        public var question: Int64?
        public var hypothesis: Int64?
        public var createdAt: Double
    }

    public struct Amendment: Decodable, Sendable, Equatable {
        public var id: Int64
        /// `question`, `hypothesis`, `prediction`, `finding` or `note`.
        public var subject: String
        public var subjectId: Int64
        public var previousText: String
        public var replacedAt: Double
    }

    public struct Focus: Decodable, Sendable, Equatable {
        /// `none`, `question` or `hypothesis`.
        public var kind: String
        public var id: Int64?
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, generator, notebook, sessions, entries, investigation
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        guard schemaVersion <= Report.jsonSchemaVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .schemaVersion, in: c,
                debugDescription: "written by a newer Sleuth (JSON schema version \(schemaVersion)); this Sleuth reads up to version \(Report.jsonSchemaVersion)")
        }
        generator = try c.decode(String.self, forKey: .generator)
        notebook = try c.decode(NotebookInfo.self, forKey: .notebook)
        sessions = try c.decode([Session].self, forKey: .sessions)
        entries = try c.decode([Entry].self, forKey: .entries)
        investigation = try c.decode(Investigation.self, forKey: .investigation)
    }

    /// Decodes an export read from `path` (or given as text), naming the file in the error.
    /// - Throws: `ReportError` with the decoder's reason, e.g. a newer schema version.
    public static func decode(_ data: Data, path: String = "-") throws -> ExportedNotebook {
        do {
            return try JSONDecoder().decode(ExportedNotebook.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw ReportError(path: path, context.debugDescription.lowercasedFirst)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReportError(path: path, "missing key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ReportError(path: path, "unexpected type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ReportError(path: path, "null at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw ReportError(path: path, "\(error)")
        }
    }
}

/// Any JSON value, through `Decodable`.
struct DecodedJSON: Decodable {
    var value: JSONValue

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: Key.self) {
            var members: [(key: String, value: JSONValue)] = []
            for key in c.allKeys { members.append((key.stringValue, try c.decode(DecodedJSON.self, forKey: key).value)) }
            value = .object(members)
            return
        }
        if var c = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !c.isAtEnd { items.append(try c.decode(DecodedJSON.self).value) }
            value = .array(items)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { value = .null }
        else if let b = try? c.decode(Bool.self) { value = .bool(b) }
        else if let i = try? c.decode(Int64.self) { value = .int(i) }
        else if let d = try? c.decode(Double.self) { value = .double(d) }
        else { value = .string(try c.decode(String.self)) }
    }
}

extension String {
    var lowercasedFirst: String { isEmpty ? self : prefix(1).lowercased() + dropFirst() }
}

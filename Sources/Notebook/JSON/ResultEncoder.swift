import Foundation

/// Encodes a command's result as a `JSONValue`: keys in declaration order, and an absent optional as an
/// explicit `null` (a field the source did not show is null, never missing and never 0).
public enum ResultEncoder {
    public static func encode(_ value: any Encodable) throws -> JSONValue {
        let slot = Slot()
        try encodeValue(value, into: slot, path: [])
        return slot.resolve()
    }

    static func encodeValue(_ value: any Encodable, into slot: Slot, path: [any CodingKey]) throws {
        switch value {
        case let v as JSONValue: slot.node = .value(v)
        case let d as Date: slot.node = .value(.double(d.timeIntervalSince1970))
        case let d as Data: slot.node = .value(.string(d.base64EncodedString()))
        case let u as URL: slot.node = .value(.string(u.absoluteString))
        default: try value.encode(to: NodeEncoder(slot: slot, codingPath: path))
        }
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: Encoder) throws {
        // Reached only through a foreign encoder; ResultEncoder stores the value as it is.
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let n): try c.encode(n)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let members):
            var keyed = encoder.container(keyedBy: AnyKey.self)
            for m in members { try keyed.encode(m.value, forKey: AnyKey(m.key)) }
        }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

final class Slot {
    enum Node {
        case empty
        case value(JSONValue)
        case object(ObjectBox)
        case array(ArrayBox)
    }
    var node: Node = .empty

    func resolve() -> JSONValue {
        switch node {
        case .empty: return .null
        case .value(let v): return v
        case .object(let box): return .object(box.keys.map { ($0, box.slots[$0]!.resolve()) })
        case .array(let box): return .array(box.slots.map { $0.resolve() })
        }
    }

    var objectBox: ObjectBox {
        if case .object(let b) = node { return b }
        let b = ObjectBox()
        node = .object(b)
        return b
    }

    var arrayBox: ArrayBox {
        if case .array(let b) = node { return b }
        let b = ArrayBox()
        node = .array(b)
        return b
    }
}

final class ObjectBox {
    var keys: [String] = []
    var slots: [String: Slot] = [:]
    func slot(_ key: String) -> Slot {
        if let s = slots[key] { return s }
        let s = Slot()
        keys.append(key)
        slots[key] = s
        return s
    }
}

final class ArrayBox {
    var slots: [Slot] = []
    func next() -> Slot {
        let s = Slot()
        slots.append(s)
        return s
    }
}

struct NodeEncoder: Encoder {
    let slot: Slot
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed<Key>(box: slot.objectBox, codingPath: codingPath))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        Unkeyed(box: slot.arrayBox, codingPath: codingPath)
    }
    func singleValueContainer() -> any SingleValueEncodingContainer {
        Single(slot: slot, codingPath: codingPath)
    }
}

private func primitive(_ v: Double) -> JSONValue { .double(v) }

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ObjectBox
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.slot(key.stringValue).node = .value(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.double(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.double(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.int(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.int(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.int(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { box.slot(key.stringValue).node = .value(Self.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.int(Int64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.int(Int64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { box.slot(key.stringValue).node = .value(.int(Int64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { box.slot(key.stringValue).node = .value(Self.unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try ResultEncoder.encodeValue(value, into: box.slot(key.stringValue), path: codingPath + [key])
    }

    // Absent optionals are written as null instead of being left out.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(Keyed<NestedKey>(box: box.slot(key.stringValue).objectBox, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        Unkeyed(box: box.slot(key.stringValue).arrayBox, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(slot: box.slot("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(slot: box.slot(key.stringValue), codingPath: codingPath + [key]) }

    static func unsigned(_ v: UInt64) -> JSONValue { v <= UInt64(Int64.max) ? .int(Int64(v)) : .double(Double(v)) }
}

private struct Unkeyed: UnkeyedEncodingContainer {
    let box: ArrayBox
    var codingPath: [any CodingKey]
    var count: Int { box.slots.count }

    mutating func encodeNil() throws { box.next().node = .value(.null) }
    mutating func encode(_ value: Bool) throws { box.next().node = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { box.next().node = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { box.next().node = .value(.double(value)) }
    mutating func encode(_ value: Float) throws { box.next().node = .value(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { box.next().node = .value(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { box.next().node = .value(.int(value)) }
    mutating func encode(_ value: UInt64) throws { box.next().node = .value(value <= UInt64(Int64.max) ? .int(Int64(value)) : .double(Double(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try ResultEncoder.encodeValue(value, into: box.next(), path: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(Keyed<NestedKey>(box: box.next().objectBox, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(box: box.next().arrayBox, codingPath: codingPath) }
    mutating func superEncoder() -> any Encoder { NodeEncoder(slot: box.next(), codingPath: codingPath) }
}

private struct Single: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey]
    mutating func encodeNil() throws { slot.node = .value(.null) }
    mutating func encode(_ value: Bool) throws { slot.node = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { slot.node = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { slot.node = .value(.double(value)) }
    mutating func encode(_ value: Float) throws { slot.node = .value(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { slot.node = .value(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { slot.node = .value(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { slot.node = .value(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { slot.node = .value(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { slot.node = .value(.int(value)) }
    mutating func encode(_ value: UInt) throws { slot.node = .value(.int(Int64(clamping: value))) }
    mutating func encode(_ value: UInt8) throws { slot.node = .value(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { slot.node = .value(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { slot.node = .value(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { slot.node = .value(value <= UInt64(Int64.max) ? .int(Int64(value)) : .double(Double(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try ResultEncoder.encodeValue(value, into: slot, path: codingPath)
    }
}

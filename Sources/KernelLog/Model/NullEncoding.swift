extension KeyedEncodingContainer {
    /// Encodes `value`, or an explicit JSON `null` when it is nil: the model promises that a field
    /// the log does not show is `null`, never missing and never 0.
    mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }
}

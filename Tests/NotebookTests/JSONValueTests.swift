import Testing
@testable import Notebook

@Suite struct JSONValueTests {
    struct Victim: Codable { var pid: Int?; var name: String; var rss: UInt64? }
    struct Event: Codable { var scope: String; var victim: Victim; var tags: [String]; var ratio: Double }

    @Test func absentOptionalsAreNullAndKeysKeepTheirOrder() throws {
        let v = try ResultEncoder.encode(Event(scope: "memcg", victim: Victim(pid: nil, name: "a\"b", rss: 12), tags: [], ratio: 0.5))
        #expect(v.serialized() == #"{"scope":"memcg","victim":{"pid":null,"name":"a\"b","rss":12},"tags":[],"ratio":0.5}"#)
        #expect(v.serialized(pretty: true) == """
            {
              "scope": "memcg",
              "victim": {
                "pid": null,
                "name": "a\\"b",
                "rss": 12
              },
              "tags": [],
              "ratio": 0.5
            }
            """)
    }

    @Test func parsesAndRoundTrips() throws {
        let text = #"{"b":[1,2.5,-3e2,true,false,null],"a":{"s":"x\u00e9\n\ud83d\ude00"},"big":9223372036854771712}"#
        let v = try JSONValue(parsing: text)
        #expect(v.value(at: "b.1")?.numberValue == 2.5)
        #expect(v.value(at: "b.count")?.numberValue == 6)
        #expect(v.value(at: "a.s")?.stringValue == "xé\n😀")
        #expect(v.value(at: "big") == .int(9223372036854771712))
        #expect(try JSONValue(parsing: v.serialized()) == v)
        #expect(v.serialized().hasPrefix(#"{"b":"#))
    }

    @Test func rejectsMalformedTextWithTheOffset() {
        #expect(throws: JSONParseError(offset: 7, reason: "expected ',' or '}'")) { try JSONValue(parsing: #"{"a":1 "b":2}"#) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[1,2") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: String(repeating: "[", count: 10_000)) }
        #expect(JSONValue(lenient: "nope") == .null)
    }

    @Test func controlCharactersAreEscaped() {
        #expect(JSONValue.string("\u{1b}[2J\u{7f}").serialized() == #""\u001b[2J\u007f""#)
        #expect(JSONValue.double(.nan).serialized() == "null")
        #expect(JSONValue.double(3).serialized() == "3")
    }
}

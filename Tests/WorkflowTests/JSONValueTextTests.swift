import Foundation
import Testing
@testable import Workflow

/// The fast JSON text path of an instance's data and a step's input gives what Foundation's coders give, or declines.
@Suite("JSONValue text without Foundation's coders")
struct JSONValueTextTests {
    static let documents = [
        #"{}"#,
        #"{"a": 1, "b": -42, "c": 0, "d": true, "e": false, "f": null}"#,
        #"{"name": "Cam Vũ Quang", "tags": ["a", 1, [], {}], "nested": {"x": {"y": [true, null]}}}"#,
        #"{ "big" : 922337203685477580 , "neg":-922337203685477580}"#,
        #"{"emoji": "🌾 lúa", "empty": "", "slash": "a/b"}"#,
        // Declined (the caller uses JSONDecoder): fractions, exponents, escapes, 19-digit integers.
        #"{"score": 68.75}"#,
        #"{"n": 1e3}"#,
        #"{"s": "dòng\nmới \"trích\" \\ \u00e9"}"#,
        #"{"huge": 9223372036854775807}"#,
        #"{"huge": 99999999999999999999}"#,
    ]

    @Test(arguments: documents)
    func readingGivesWhatJSONDecoderGivesOrDeclines(_ text: String) throws {
        let foundation = try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
        if let fast = JSONValue.object(fromJSONText: text) {
            #expect(fast == foundation)
            #expect(!text.contains("."))
        } else {
            #expect(text.contains(".") || text.contains("e3") || text.contains("\\") || text.contains("huge"))
        }
    }

    @Test func malformedOrNonObjectTextIsDeclined() {
        for text in [#"[1]"#, #"{"a": 1"#, #"{"a": 01}"#, #"{"a": tru}"#, #"{"a": 1} x"#, #"{"a" 1}"#, "\"x\"", ""] {
            #expect(JSONValue.object(fromJSONText: text) == nil, "\(text)")
        }
    }

    @Test func writtenTextReadsBackEqualThroughJSONDecoder() throws {
        let values: [[String: JSONValue]] = [
            [:],
            ["a": 1, "b": .int(-7), "ok": true, "none": .null, "name": "Cam Vũ Quang"],
            ["quote": "nói \"có\"", "back": "a\\b", "ctl": "tab\there\nline\u{1}x", "arr": .array([.object(["k": "v"]), .array([])])],
        ]
        for value in values {
            let text = try #require(JSONValue.jsonText(of: value))
            #expect(try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8)) == value)
            #expect(JSONValue.object(fromJSONText: text) == value || text.contains("\\"))
        }
        #expect(JSONValue.jsonText(of: ["k": "a", "b": 1]) == #"{"b":1,"k":"a"}"#)
    }

    @Test func aDecimalAnywhereIsLeftToJSONEncoder() {
        #expect(JSONValue.jsonText(of: ["score": .decimal(Decimal(string: "68.75")!)]) == nil)
        #expect(JSONValue.jsonText(of: ["deep": .array([.object(["x": .decimal(1)])])]) == nil)
    }
}

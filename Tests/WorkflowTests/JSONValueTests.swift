import Foundation
import Testing
@testable import Workflow

@Suite("JSONValue")
struct JSONValueTests {
    @Test("plain JSON round-trips, decimals stay exact, whole numbers stay ints")
    func roundTrip() throws {
        let text = #"{"score":68.75,"count":3,"ok":true,"none":null,"name":"Cam Vũ Quang","tags":["a",1.1],"nested":{"x":0.1}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object["score"] == .decimal(Decimal(string: "68.75")!))
        #expect(object["count"] == .int(3))
        #expect(object["ok"] == .bool(true))
        #expect(object["none"] == .null)
        #expect(object["name"] == "Cam Vũ Quang")
        #expect(object["nested"] == .object(["x": .decimal(Decimal(string: "0.1")!)]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let again = try JSONDecoder().decode(JSONValue.self, from: try encoder.encode(value))
        #expect(again == value)
        let encoded = String(decoding: try encoder.encode(JSONValue.decimal(Decimal(string: "0.1")!)), as: UTF8.self)
        #expect(encoded == "0.1")
    }

    @Test("paths read nested objects; numbers compare by value")
    func accessors() {
        let value: JSONValue = .object(["dossier": .object(["plan": "PA-1"])])
        #expect(value.value(atPath: ["dossier", "plan"]) == "PA-1")
        #expect(value.value(atPath: ["dossier", "missing"]) == nil)
        #expect(JSONValue.int(70).numberValue == JSONValue.decimal(Decimal(string: "70.00")!).numberValue)
        #expect(JSONValue.string("2022-11-28").dateValue == Fixtures.day("2022-11-28"))
    }

    @Test("snapshots and effects are Codable for the persistence layer")
    func codable() throws {
        let snapshot = Snapshot(state: "VALID", data: ["expires_on": "2025-11-28", "score": .decimal(Decimal(string: "91.5")!)], version: 7)
        let decoded = try JSONDecoder().decode(Snapshot.self, from: try JSONEncoder().encode(snapshot))
        #expect(decoded == snapshot)
        let effect = Effect.scheduleTimer(name: "expiry", event: "expire", fireAt: Date(timeIntervalSince1970: 1_764_262_800))
        #expect(try JSONDecoder().decode(Effect.self, from: try JSONEncoder().encode(effect)) == effect)
    }

    @Test func numbersCompareByValueWhicheverCaseHoldsThem() throws {
        #expect(JSONValue.int(81) == .decimal(81))
        #expect(JSONValue.decimal(Decimal(string: "81.0")!) == .int(81))
        #expect(JSONValue.decimal(Decimal(string: "72.50")!) == .decimal(Decimal(string: "72.5")!))
        #expect(JSONValue.int(81) != .decimal(Decimal(string: "81.01")!))
        #expect(JSONValue.int(1) != .bool(true))
        #expect(JSONValue.string("81") != .int(81))
        #expect(Set<JSONValue>([.int(81), .decimal(81), .decimal(Decimal(string: "81.00")!)]).count == 1)
        // A whole decimal written to JSON comes back as an int, and still equals the original.
        let original: [String: JSONValue] = ["score": .decimal(81)]
        let back = try JSONDecoder().decode([String: JSONValue].self, from: try JSONEncoder().encode(original))
        #expect(back == original)
    }
}

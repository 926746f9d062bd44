import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing

@Suite("Administrative units and subjects")
struct ReferenceStoreTests {
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// Hà Tĩnh → Vũ Quang → two communes that merge in 2020 into a third.
    func seed(_ connection: Connection) throws -> ReferenceStore {
        let store = ReferenceStore()
        try store.add(.init(code: "ha-tinh", name: "Hà Tĩnh", kind: "province", parentCode: nil, validFrom: Self.day("1991-10-01")), on: connection)
        try store.add(
            .init(code: "vu-quang", name: "Vũ Quang", kind: "district", parentCode: "ha-tinh", validFrom: Self.day("2000-01-01"), validTo: Self.day("2025-06-30")),
            on: connection)
        try store.add(.init(code: "xa-a", name: "Xã A", kind: "commune", parentCode: "vu-quang", validFrom: Self.day("2000-01-01")), on: connection)
        try store.add(.init(code: "xa-b", name: "Xã B", kind: "commune", parentCode: "vu-quang", validFrom: Self.day("2000-01-01")), on: connection)
        return store
    }

    @Test func mergersKeepOldRecordsResolvable() async throws {
        let connection = try await TestServer.shared.database().connect()
        let store = try seed(connection)
        try store.merge(
            ["xa-a", "xa-b"], into: .init(code: "tho-dien", name: "Thọ Điền", kind: "commune", parentCode: "vu-quang", validFrom: Self.day("2020-01-01")),
            decisionRef: "819/NQ-UBTVQH14", on: connection)

        #expect(try store.currentUnit(of: "xa-a", on: Self.day("2019-06-01"), connection: connection) == "xa-a")
        #expect(try store.currentUnit(of: "xa-a", on: Self.day("2022-11-28"), connection: connection) == "tho-dien")
        #expect(try store.currentUnit(of: "xa-b", on: Self.day("2020-01-01"), connection: connection) == "tho-dien")
        #expect(try store.isWithin("xa-a", "vu-quang", connection: connection))
        #expect(try store.isWithin("tho-dien", "ha-tinh", connection: connection))
        #expect(try !store.isWithin("vu-quang", "xa-a", connection: connection))

        let in2019 = try store.units(inForceOn: Self.day("2019-12-31"), on: connection).map(\.code)
        let in2022 = try store.units(inForceOn: Self.day("2022-11-28"), on: connection).map(\.code)
        #expect(Set(in2019) == ["ha-tinh", "vu-quang", "xa-a", "xa-b"])
        #expect(Set(in2022) == ["ha-tinh", "vu-quang", "tho-dien"])
        // After the district level ended (2025-06-30) the commune is still in force.
        #expect(try store.units(inForceOn: Self.day("2025-07-06"), on: connection).map(\.code).contains("tho-dien"))
    }

    /// The report reads a district's units once (issue 15) instead of calling `admin_unit_within` on every row: both
    /// must name the same units, mergers and villages included.
    @Test func theSubtreeOfEveryUnitIsWhatAdminUnitWithinSays() async throws {
        let connection = try await TestServer.shared.database().connect()
        let store = try seed(connection)
        try store.merge(
            ["xa-a", "xa-b"], into: .init(code: "tho-dien", name: "Thọ Điền", kind: "commune", parentCode: "vu-quang", validFrom: Self.day("2020-01-01")),
            decisionRef: "819/NQ-UBTVQH14", on: connection)
        try store.add(.init(code: "thon-1", name: "Thôn 1", kind: "village", parentCode: "xa-a", validFrom: Self.day("2000-01-01")), on: connection)
        try store.add(.init(code: "huong-khe", name: "Hương Khê", kind: "district", parentCode: "ha-tinh", validFrom: Self.day("2000-01-01")), on: connection)
        try store.add(.init(code: "xa-c", name: "Xã C", kind: "commune", parentCode: "huong-khe", validFrom: Self.day("2000-01-01")), on: connection)
        let codes = try connection.query("SELECT code FROM admin_unit").map { try $0.decode("code", as: String.self) }
        for ancestor in codes {
            let within = Set(
                try connection.query("SELECT code FROM admin_unit WHERE admin_unit_within(code, \(ancestor))").map { try $0.decode("code", as: String.self) })
            #expect(try store.units(within: ancestor, on: connection) == within, "\(ancestor)")
        }
        #expect(try store.units(within: "tho-dien", on: connection) == ["tho-dien", "xa-a", "xa-b", "thon-1"])
        #expect(try store.units(within: "huong-khe", on: connection) == ["huong-khe", "xa-c"])
    }

    @Test func badUnitsAndSubjectsAreRefused() async throws {
        let connection = try await TestServer.shared.database().connect()
        let store = try seed(connection)
        func code(_ body: () throws -> Void) -> ReferenceError.Code? {
            do {
                try body()
                return nil
            } catch let error as ReferenceError {
                return error.code
            } catch {
                return nil
            }
        }
        #expect(code { try store.add(.init(code: "xa-a", name: "Trùng", kind: "commune", parentCode: "vu-quang", validFrom: Self.day("2000-01-01")), on: connection) } == .duplicate)
        #expect(code { try store.add(.init(code: "xa-c", name: "C", kind: "commune", parentCode: "khong-co", validFrom: Self.day("2000-01-01")), on: connection) } == .unitNotFound)
        #expect(code { try store.add(.init(code: "Xã D", name: "D", kind: "commune", parentCode: "vu-quang", validFrom: Self.day("2000-01-01")), on: connection) } == .invalid)
        #expect(code { try store.add(.init(code: "xa-e", name: "E", kind: "hamlet", parentCode: "vu-quang", validFrom: Self.day("2000-01-01")), on: connection) } == .invalid)
        #expect(code { try store.merge(["khong-co"], into: .init(code: "x", name: "X", kind: "commune", parentCode: "vu-quang", validFrom: Self.day("2020-01-01")), decisionRef: nil, on: connection) } == .unitNotFound)

        try store.add(.init(id: "htx-thanh-mai", name: "HTX Thanh Mai", kind: "cooperative", unitCode: "xa-a"), on: connection)
        #expect(code { try store.add(.init(id: "hkd-x", name: "X", kind: "cooperative", unitCode: "khong-co"), on: connection) } == .unitNotFound)
        #expect(code { try store.add(.init(id: "hkd-y", name: "Y", kind: "ngo", unitCode: "xa-a"), on: connection) } == .invalid)
        #expect(try store.subjects(on: connection).map(\.id) == ["htx-thanh-mai"])
    }
}

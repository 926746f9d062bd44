import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

@Suite("NTM assessments: CSV import, time series, tallies as of a date")
struct NTMAssessmentTests {
    static let set = "ntm-commune-advanced-ha-tinh-provisional"

    func make() async throws -> (Connection, NTMAssessmentStore) {
        let connection = try await TestServer.shared.database().connect()
        let units = ReferenceStore()
        let day = { (text: String) in LocalDate(iso: text)! }
        try units.add(.init(code: "ha-tinh", name: "Hà Tĩnh", kind: "province", parentCode: nil, validFrom: day("1991-10-01")), on: connection)
        try units.add(.init(code: "vu-quang", name: "Vũ Quang", kind: "district", parentCode: "ha-tinh", validFrom: day("2000-01-01")), on: connection)
        try units.add(.init(code: "duc-linh", name: "Đức Lĩnh", kind: "commune", parentCode: "vu-quang", validFrom: day("2000-01-01")), on: connection)
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("workflows/criteria")
        return (connection, NTMAssessmentStore(criteria: try CriteriaCatalog.load(directory: folder)))
    }

    /// 13 đạt and 2 cơ bản đạt of the 20 criteria, as Excel writes it: BOM, CRLF, Vietnamese headers and statuses.
    static func file(asOf: String) -> String {
        var lines = ["don_vi,bo_tieu_chi,tieu_chi,ngay,trang_thai,ghi_chu"]
        for number in 1...20 {
            let status = number <= 13 ? "đạt" : number <= 15 ? "cơ bản đạt" : "chưa đạt"
            lines.append("duc-linh,\(set),TC\(number < 10 ? "0" : "")\(number),\(asOf),\(status),\"ghi chú, có dấu phẩy\"")
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test func anExcelFileImportsOnceAndTalliesOnlyDat() async throws {
        let (connection, store) = try await make()
        let text = Self.file(asOf: "31/10/2022")
        let first = try connection.transaction { try store.importCSV(text, fileName: "duc-linh.csv", by: "cb-huyen", on: $0) }
        #expect(first == .init(recorded: 20, alreadyImported: false))
        let again = try connection.transaction { try store.importCSV(text, fileName: "duc-linh-copy.csv", by: "cb-huyen", on: $0) }
        #expect(again == .init(recorded: 0, alreadyImported: true))
        let tally = try store.tally(unit: "duc-linh", criteriaSet: Self.set, asOf: LocalDate(iso: "2022-10-31")!, on: connection)
        #expect(tally.description == "13/20")
        #expect(tally.coBanDat == 2 && tally.chuaDat == 5)
        #expect(try connection.query("SELECT count(*) FROM ntm_assessment").single().decode(at: 0, as: Int.self) == 20)
        #expect(try connection.query("SELECT note FROM ntm_assessment LIMIT 1").single().decode("note", as: String.self) == "ghi chú, có dấu phẩy")
    }

    @Test func aReportAsOfAnEarlierDateIsUnchangedByALaterImport() async throws {
        let (connection, store) = try await make()
        _ = try connection.transaction { try store.importCSV(Self.file(asOf: "31/10/2022"), fileName: "a.csv", by: "x", on: $0) }
        let later = Self.file(asOf: "31/12/2022").replacingOccurrences(of: "cơ bản đạt", with: "đạt")
        _ = try connection.transaction { try store.importCSV(later, fileName: "b.csv", by: "x", on: $0) }
        #expect(try store.tally(unit: "duc-linh", criteriaSet: Self.set, asOf: LocalDate(iso: "2022-10-31")!, on: connection).dat == 13)
        #expect(try store.tally(unit: "duc-linh", criteriaSet: Self.set, asOf: LocalDate(iso: "2022-12-31")!, on: connection).dat == 15)
        #expect(try store.tally(unit: "duc-linh", criteriaSet: Self.set, asOf: LocalDate(iso: "2022-01-01")!, on: connection).dat == 0)
    }

    @Test func oneBadRowChangesNothingAndIsNamedByLineAndColumn() async throws {
        let (connection, store) = try await make()
        let bad = Self.file(asOf: "31/10/2022").replacingOccurrences(of: "TC07,31/10/2022,đạt", with: "TC07,31/13/2022,đạt")
            .replacingOccurrences(of: "TC09,31/10/2022,đạt", with: "TC09,31/10/2022,tốt")
        do {
            _ = try connection.transaction { try store.importCSV(bad, fileName: "bad.csv", by: "x", on: $0) }
            Issue.record("a bad file must be refused")
        } catch let error as NTMError {
            let lines = error.problems.map(\.en)
            #expect(lines.count == 2)
            #expect(lines.contains { $0.hasPrefix("line 8, column 4 (as_of)") })
            #expect(lines.contains { $0.hasPrefix("line 10, column 5 (status)") })
        }
        // A criterion the set does not have, or a unit that does not exist: refused whole too.
        let unknown = Self.file(asOf: "31/10/2022").replacingOccurrences(of: "TC20,", with: "TC21,")
        #expect(throws: NTMError.self) { try connection.transaction { try store.importCSV(unknown, fileName: "c.csv", by: "x", on: $0) } }
        let noUnit = Self.file(asOf: "31/10/2022").replacingOccurrences(of: "duc-linh,\(Self.set),TC20", with: "khong-co,\(Self.set),TC20")
        #expect(throws: NTMError.self) { try connection.transaction { try store.importCSV(noUnit, fileName: "d.csv", by: "x", on: $0) } }
        #expect(try connection.query("SELECT count(*) FROM ntm_assessment").single().decode(at: 0, as: Int.self) == 0)
        #expect(try connection.query("SELECT count(*) FROM ntm_import").single().decode(at: 0, as: Int.self) == 0)
    }

    @Test func aDifferentStatusForTheSameDateIsRefused() async throws {
        let (connection, store) = try await make()
        let day = LocalDate(iso: "2022-10-31")!
        let row = NTMAssessmentStore.Row(unitCode: "duc-linh", criteriaSet: Self.set, criterion: "TC01", asOf: day, status: .coBanDat)
        #expect(try store.record([row], by: "x", on: connection) == 1)
        #expect(try store.record([row], by: "x", on: connection) == 0)
        var changed = row
        changed.status = .dat
        #expect(throws: NTMError.self) { try store.record([changed], by: "x", on: connection) }
    }
}

@Suite("NTM assessments: lines checked against the database, % ranges, progress")
struct NTMAssessmentImportCheckTests {
    @Test func anUnknownUnitOrCriterionIsNamedByLineAndNothingIsWritten() async throws {
        let (connection, store) = try await NTMAssessmentTests().make()
        let text = NTMAssessmentTests.file(asOf: "31/10/2022")
            .replacingOccurrences(of: "duc-linh,ntm-commune-advanced-ha-tinh-provisional,TC04", with: "duc-lihn,ntm-commune-advanced-ha-tinh-provisional,TC04")
            .replacingOccurrences(of: "TC09,", with: "TC99,")
            .replacingOccurrences(of: "duc-linh,ntm-commune-advanced-ha-tinh-provisional,TC07", with: "duc-linh,ntm-khong-co,TC07")
        #expect {
            try connection.transaction { try store.importCSV(text, fileName: "typo.csv", by: "cb-huyen", on: $0) }
        } throws: { error in
            // Every bad row, each with its line and column.
            let problems = (error as? NTMError)?.problems.map(\.vi) ?? []
            return problems.count == 3 && problems.contains("dòng 5, cột 1 (unit): không có đơn vị \"duc-lihn\"")
                && problems.contains("dòng 8, cột 2 (set): không có bộ tiêu chí \"ntm-khong-co\"")
                && problems.contains("dòng 10, cột 3 (criterion): bộ ntm-commune-advanced-ha-tinh-provisional không có tiêu chí \"TC99\"")
        }
        #expect(try connection.query("SELECT count(*) FROM ntm_assessment").single().decode(at: 0, as: Int.self) == 0)
        #expect(try connection.query("SELECT count(*) FROM ntm_import").single().decode(at: 0, as: Int.self) == 0)
    }

    @Test func aRangeOfVolumeCanStandInForAStatusAndProgressIsReported() async throws {
        let (connection, store) = try await NTMAssessmentTests().make()
        let set = "ntm-district-advanced-320"
        var lines = ["don_vi,bo_tieu_chi,tieu_chi,ngay,khoi_luong,loai"]
        for code in ["H01", "H02", "H03"] { lines.append("vu-quang,\(set),\(code),31/10/2022,85-95,đã đạt") }
        lines.append("vu-quang,\(set),H05,31/10/2022,\"65,5\",ước đạt")
        let counter = Counter()
        _ = try connection.transaction {
            try store.importCSV(lines.joined(separator: "\n"), fileName: "huyen.csv", by: "cb-huyen", on: $0) { done, total in counter.add(done, total) }
        }
        let latest = try store.latest(unit: "vu-quang", criteriaSet: set, asOf: LocalDate(iso: "2022-10-31")!, on: connection)
        #expect(latest["H02"]?.progress == PlanProgress(min: 85, max: 95, kind: .achieved))
        #expect(latest["H05"]?.progress == PlanProgress(min: Decimal(string: "65.5")!, max: Decimal(string: "65.5")!, kind: .estimate))
        #expect(latest["H02"]?.status == nil)
        #expect(counter.calls.last.map { [$0.0, $0.1] } == [4, 4])

        let broken = ["don_vi,bo_tieu_chi,tieu_chi,ngay,khoi_luong,loai", "vu-quang,\(set),H04,31/10/2022,95-85,đã đạt", "vu-quang,\(set),H06,31/10/2022,90,chắc chắn"]
        #expect {
            try connection.transaction { try store.importCSV(broken.joined(separator: "\n"), fileName: "x.csv", by: "cb-huyen", on: $0) }
        } throws: { error in
            let problems = (error as? NTMError)?.problems.map(\.vi) ?? []
            return problems.contains { $0.hasPrefix("dòng 2, cột 5 (plan)") } && problems.contains { $0.hasPrefix("dòng 3, cột 6 (kind)") }
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var calls: [(Int, Int)] = []
        func add(_ done: Int, _ total: Int) { lock.withLock { calls.append((done, total)) } }
    }
}

@Suite("NTM time series under concurrent writers")
struct NTMConcurrencyTests {
    @Test func theSameFileImportedTwiceAtOnceIsRecordedOnce() async throws {
        let database = try await TestServer.shared.database()
        let connection = try database.connect()
        let units = ReferenceStore()
        let day = { (text: String) in LocalDate(iso: text)! }
        try units.add(.init(code: "ha-tinh", name: "Hà Tĩnh", kind: "province", parentCode: nil, validFrom: day("1991-10-01")), on: connection)
        try units.add(.init(code: "vu-quang", name: "Vũ Quang", kind: "district", parentCode: "ha-tinh", validFrom: day("2000-01-01")), on: connection)
        try units.add(.init(code: "duc-linh", name: "Đức Lĩnh", kind: "commune", parentCode: "vu-quang", validFrom: day("2000-01-01")), on: connection)
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("workflows/criteria")
        let store = NTMAssessmentStore(criteria: try CriteriaCatalog.load(directory: folder))
        let pool = database.pool(size: 2)
        defer { pool.shutdown() }
        let text = NTMAssessmentTests.file(asOf: "31/10/2022")
        let results = await withTaskGroup(of: String.self) { group in
            for name in ["a.csv", "b.csv"] {
                group.addTask {
                    do {
                        let result = try await pool.write(.readCommitted, maxAttempts: 1) { c in
                            try store.importCSV(text, fileName: name, by: "cb-huyen", on: c)
                        }
                        return result.alreadyImported ? "again" : "recorded \(result.recorded)"
                    } catch {
                        return "error \(error)"
                    }
                }
            }
            var outcomes: [String] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted()
        }
        #expect(results == ["again", "recorded 20"])
        let rows = try await pool.withConnection { c in try c.query("SELECT count(*) FROM ntm_assessment").single().decode(at: 0, as: Int.self) }
        #expect(rows == 20)
    }
}

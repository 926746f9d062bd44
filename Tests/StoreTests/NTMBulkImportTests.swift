import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// Issue 15: an import streams through COPY into a staging table and is checked and applied in SQL — with the same
/// answers as recording line by line: the same value twice is written once, another value for the same unit,
/// criterion and day is refused at its line (stored before, or earlier in the file), and nothing is written then.
@Suite("NTM import through COPY: same answers as line by line")
struct NTMBulkImportTests {
    static let set = NTMAssessmentTests.set
    static let header = "don_vi,bo_tieu_chi,tieu_chi,ngay,trang_thai,ghi_chu"

    func count(_ connection: Connection, _ table: String) throws -> Int {
        try connection.query("SELECT count(*)::int AS n FROM \(identifier: table)").single().decode("n", as: Int.self)
    }

    @Test func theSameLineTwiceIsWrittenOnceAndNotesKeepTheirCharacters() async throws {
        let (connection, store) = try await NTMAssessmentTests().make()
        let text = [
            Self.header, "duc-linh,\(Self.set),TC01,31/10/2022,đạt,\"tab\tvà \\ gạch, phẩy\"", "duc-linh,\(Self.set),TC01,31/10/2022,đạt,khác",
            "duc-linh,\(Self.set),TC02,31/10/2022,chưa đạt,",
        ].joined(separator: "\n")
        let result = try connection.transaction { try store.importCSV(text, fileName: "a.csv", by: "x", on: $0) }
        #expect(result.recorded == 2)
        let note = try connection.query("SELECT note FROM ntm_assessment WHERE criterion = 'TC01'").single().decode("note", as: String?.self)
        #expect(note == "tab\tvà \\ gạch, phẩy")
        #expect(try connection.query("SELECT recorded_by, import_sha FROM ntm_assessment WHERE criterion = 'TC02'").single().decode("recorded_by", as: String.self) == "x")
    }

    @Test func anotherValueForTheSameDayIsRefusedAtItsLineAndNothingIsWritten() async throws {
        let (connection, store) = try await NTMAssessmentTests().make()
        // Within the file: line 4 contradicts line 2.
        let inFile = [
            Self.header, "duc-linh,\(Self.set),TC01,31/10/2022,đạt,", "duc-linh,\(Self.set),TC02,31/10/2022,đạt,",
            "duc-linh,\(Self.set),TC01,31/10/2022,chưa đạt,",
        ].joined(separator: "\n")
        #expect {
            try connection.transaction { try store.importCSV(inFile, fileName: "b.csv", by: "x", on: $0) }
        } throws: { error in
            (error as? NTMError)?.problems.map(\.vi)
                == ["dòng 4: duc-linh, tiêu chí TC01 ngày 31/10/2022 đã được ghi với giá trị khác; ghi ngày mới để cập nhật"]
        }
        #expect(try count(connection, "ntm_assessment") == 0)
        #expect(try count(connection, "ntm_import") == 0)
        // Against what is stored: line 3 of the second file.
        _ = try connection.transaction {
            try store.importCSV([Self.header, "duc-linh,\(Self.set),TC05,31/10/2022,đạt,"].joined(separator: "\n"), fileName: "c.csv", by: "x", on: $0)
        }
        let stored = [
            Self.header, "duc-linh,\(Self.set),TC06,31/10/2022,đạt,", "duc-linh,\(Self.set),TC05,31/10/2022,cơ bản đạt,",
        ].joined(separator: "\n")
        #expect {
            try connection.transaction { try store.importCSV(stored, fileName: "d.csv", by: "x", on: $0) }
        } throws: { error in
            (error as? NTMError)?.problems.map(\.en)
                == ["line 3: duc-linh, criterion TC05 on 31/10/2022 is already recorded differently; record a new date to change it"]
        }
        #expect(try count(connection, "ntm_assessment") == 1)
        #expect(try count(connection, "ntm_import") == 1)
    }

    @Test func aYearOfMonthlyAssessmentsImportsInOneGo() async throws {
        let (connection, store) = try await NTMAssessmentTests().make()
        var lines = [Self.header]
        for month in 1...12 {
            for number in 1...20 {
                lines.append("duc-linh,\(Self.set),TC\(number < 10 ? "0" : "")\(number),2022-\(month < 10 ? "0" : "")\(month)-15,\(number % 3 == 0 ? "đạt" : "chưa đạt"),")
            }
        }
        let result = try connection.transaction { try store.importCSV(lines.joined(separator: "\n"), fileName: "e.csv", by: "x", on: $0) }
        #expect(result.recorded == 240)
        #expect(try count(connection, "ntm_assessment") == 240)
        let dat = try connection.query("SELECT count(*)::int AS n FROM ntm_assessment WHERE status = 'dat'").single().decode("n", as: Int.self)
        #expect(dat == 12 * 6)
    }
}

import Foundation
import OCOP
import Store
import Testing
import Workflow

/// The parsers behind the CLI's and API's typed values never crash and never accept out of bounds, whatever they are
/// given: dates, business times, token lifetimes, scores and amounts (random strings from each one's alphabet).
@Suite("input parsers under random text")
struct InputFuzzTests {
    /// Random strings over an alphabet, reproducibly.
    static func strings(_ alphabet: String, seed: UInt64, count: Int = 4000, maxLength: Int = 24) -> [String] {
        let characters = Array(alphabet)
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        return (0..<count).map { _ in
            let length = Int(next() % UInt64(maxLength + 1))
            return String((0..<length).map { _ in characters[Int(next() % UInt64(characters.count))] })
        }
    }

    static let seeds: [UInt64] = [1, 2, 3]

    @Test("typed dates and business times", arguments: seeds)
    func dates(seed: UInt64) {
        for text in Self.strings("0123456789/-: T+Z.", seed: seed) + ["99999999999999/12/31", "31/12/99999999999999999999", "9999-12-31 23:59"] {
            if let date = LocalDate(typed: text) { #expect((1...9999).contains(date.year), "\(text)") }
            if let instant = VietnamTime.parse(typed: text) { #expect(instant.timeIntervalSince1970.isFinite, "\(text)") }
        }
    }

    @Test("token lifetimes: bounded, never overflowing", arguments: seeds)
    func lifetimes(seed: UInt64) {
        for text in Self.strings("0123456789dhm-+ ", seed: seed) + ["99999999999999d", "9223372036854775807m", "100000d"] {
            if let duration = LifetimeText.parse(text) {
                #expect(duration > .zero && duration <= .seconds(100 * 366 * 86_400), "\(text)")
            }
        }
        #expect(LifetimeText.parse("99999999999999d") == nil)
        #expect(LifetimeText.parse("30d") == .seconds(30 * 86_400))
    }

    @Test("scores", arguments: seeds)
    func scores(seed: UInt64) {
        for text in Self.strings("0123456789.,-e ", seed: seed) {
            if let value = ScoreSheetCSV.decimal(text) { #expect(value.isFinite, "\(text)") }
        }
    }

    @Test("amounts in đồng", arguments: seeds)
    func amounts(seed: UInt64) {
        for text in Self.strings("0123456789.,  -trệuiỷknghìđVND\u{0}", seed: seed) {
            if let value = try? VND.parse(text) { #expect(value.dong >= 0 && value <= VND.maximum, "\(text)") }
        }
    }

    @Test("a CSV row with more cells than the header is refused, naming the line and the first extra column, in both imports")
    func extraCells() throws {
        do {
            _ = try NTMAssessmentCSV.parse("don_vi,bo_tieu_chi,tieu_chi,ngay,trang_thai\nduc-linh,ntm-commune-318,TC01,31/10/2022,đạt,thừa\n")
            Issue.record("accepted")
        } catch let error as NTMError {
            #expect(error.problems.map(\.vi) == ["dòng 2, cột 6: dòng có 6 ô nhưng tiêu đề chỉ có 5 cột (thừa dấu phẩy?)"])
        }
        let (entries, problems) = try ScoreSheetCSV.read("member,a,b,c\nhdh-1,30,20,25\nhdh-2,30,20,25,9\n", product: 1)
        #expect(entries.count == 1)
        #expect(problems.map(\.en) == ["line 3, column 5: the row has 5 cells but the header only 4 (a stray comma?)"])
    }
}

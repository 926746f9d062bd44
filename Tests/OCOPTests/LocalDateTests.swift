import Foundation
import OCOP
import Testing

@Suite("Calendar dates and certificate terms (§2.4, §6.4)")
struct LocalDateTests {
    @Test(
        "ISO parsing accepts only real yyyy-mm-dd dates",
        arguments: [
            ("2019-08-21", true), ("2024-02-29", true), ("2023-02-29", false), ("2019-8-21", false),
            ("2019-08-21T00:00", false), ("2019-13-01", false), ("21/08/2019", false), ("", false), ("2019-08-٢١", false),
        ]
    )
    func parsing(text: String, valid: Bool) {
        #expect((LocalDate(iso: text) != nil) == valid)
    }

    @Test("display is dd/mm/yyyy, description is ISO")
    func display() throws {
        let date = try day("2019-08-21")
        #expect(date.displayString == "21/08/2019")
        #expect("\(date)" == "2019-08-21")
    }

    @Test(
        "calendar-month arithmetic clamps to the month's end",
        arguments: [
            ("2021-08-31", 36, "2024-08-31"), ("2020-02-29", 36, "2023-02-28"), ("2021-07-20", 36, "2024-07-20"),
            ("2021-01-31", 1, "2021-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2019-11-30", 3, "2020-02-29"),
            ("2021-12-15", -12, "2020-12-15"), ("2021-03-31", -1, "2021-02-28"), ("2022-10-31", 36, "2025-10-31"),
        ]
    )
    func addingMonths(start: String, months: Int, expected: String) throws {
        #expect(try day(start).adding(months: months) == (try day(expected)))
    }

    @Test("day arithmetic across month, leap-day and year boundaries")
    func addingDays() throws {
        #expect(try day("2024-08-31").adding(days: -30) == (try day("2024-08-01")))
        #expect(try day("2023-03-01").adding(days: -1) == (try day("2023-02-28")))
        #expect(try day("2024-03-01").adding(days: -1) == (try day("2024-02-29")))
        #expect(try day("2022-12-31").adding(days: 1) == (try day("2023-01-01")))
        #expect(try day("1970-01-01").dayNumber == 0)
        #expect(try day("2019-08-21").days(until: try day("2023-02-24")) == 1283)
    }

    @Test("day numbers round-trip and step one day at a time")
    func dayNumbers() {
        var previous = LocalDate(dayNumber: -800)
        for number in -799...25_000 {
            let date = LocalDate(dayNumber: number)
            #expect(date.dayNumber == number)
            #expect(previous < date)
            let expectedNext = previous.day == LocalDate.daysInMonth(year: previous.year, month: previous.month)
            #expect((date.day == 1) == expectedNext)
            previous = date
            if date.dayNumber % 5000 == 0 { #expect(LocalDate(iso: date.iso) == date) }
        }
    }

    @Test("Codable uses the ISO string")
    func codable() throws {
        let data = try JSONEncoder().encode([try day("2025-07-06")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2025-07-06"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [try day("2025-07-06")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2025-02-30"]"#.utf8)) }
    }

    @Test("validity periods include both ends")
    func validity() throws {
        let period = ValidityPeriod(from: try day("2019-08-21"), to: try day("2023-02-23"))
        #expect(period.contains(try day("2019-08-21")))
        #expect(period.contains(try day("2023-02-23")))
        #expect(!period.contains(try day("2019-08-20")))
        #expect(!period.contains(try day("2023-02-24")))
        let open = ValidityPeriod(from: try day("2025-07-06"))
        #expect(open.contains(try day("2099-01-01")))
        #expect(!open.contains(try day("2025-07-05")))
        #expect(period.overlaps(ValidityPeriod(from: try day("2023-02-23"))))
        #expect(!period.overlaps(ValidityPeriod(from: try day("2023-02-24"))))
    }

    @Test(
        "certificate expiry is issue + 36 months, notice 30 days before",
        arguments: [
            ("2021-08-31", "2024-08-31", "2024-08-01"), ("2020-02-29", "2023-02-28", "2023-01-29"),
            ("2021-07-20", "2024-07-20", "2024-06-20"), ("2022-03-31", "2025-03-31", "2025-03-01"),
        ]
    )
    func certificateTerm(issued: String, expires: String, notice: String) throws {
        let term = CertificateTerm(issuedOn: try day(issued), ruleSet: try TestData.ruleSet("ocop-1048"))
        #expect(term.expiresOn == (try day(expires)))
        #expect(term.noticeOn == (try day(notice)))
    }

    @Test("certificate status over its life")
    func certificateStatus() throws {
        let term = CertificateTerm(issuedOn: try day("2021-08-31"), ruleSet: try TestData.ruleSet("ocop-148"))
        #expect(term.status(on: try day("2021-08-30")) == .notYetIssued)
        #expect(term.status(on: try day("2021-08-31")) == .valid)
        #expect(term.status(on: try day("2024-07-31")) == .valid)
        #expect(term.status(on: try day("2024-08-01")) == .noticeDue)
        #expect(term.status(on: try day("2024-08-30")) == .noticeDue)
        #expect(term.status(on: try day("2024-08-31")) == .expired)
        #expect(term.isInForce(on: try day("2024-08-30")))
        #expect(!term.isInForce(on: try day("2024-08-31")))
    }
}

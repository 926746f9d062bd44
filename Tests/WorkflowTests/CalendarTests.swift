import Foundation
import Testing
@testable import Workflow

@Suite("Calendar")
struct CalendarTests {
    @Test("ISO dates parse strictly and print back", arguments: ["2022-11-28", "2024-02-29", "1970-01-01", "2027-12-31"])
    func roundTrip(text: String) throws {
        let date = try #require(LocalDate(iso: text))
        #expect(date.description == text)
        #expect(LocalDate(dayNumber: date.dayNumber) == date)
    }

    @Test("bad dates are nil", arguments: ["2023-02-29", "28/11/2022", "2022-1-05", "2022-13-01", "2022-11-28T00:00", "", "２０２２-11-28"])
    func badDates(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test("weekdays and month arithmetic")
    func arithmetic() {
        #expect(Fixtures.day("2022-11-28").isoWeekday == 1)  // a Monday: the seed conference
        #expect(Fixtures.day("2023-01-22").isoWeekday == 7)  // Tết Quý Mão, a Sunday
        #expect(Fixtures.day("2024-01-31").adding(months: 1) == Fixtures.day("2024-02-29"))
        #expect(Fixtures.day("2023-01-31").adding(months: 1) == Fixtures.day("2023-02-28"))
        #expect(Fixtures.day("2024-02-29").adding(months: 36) == Fixtures.day("2027-02-28"))
        #expect(Fixtures.day("2022-03-15").adding(months: -3) == Fixtures.day("2021-12-15"))
        #expect(Fixtures.day("1970-01-01").dayNumber == 0)
        #expect(Fixtures.day("2000-03-01").dayNumber == 11017)
    }

    @Test("instants map to the Vietnamese day (UTC+7)")
    func vietnamDay() {
        #expect(VietnamTime.date(of: Date(timeIntervalSince1970: 1_669_568_400)) == Fixtures.day("2022-11-28"))  // 2022-11-27T17:00Z
        #expect(VietnamTime.date(of: Date(timeIntervalSince1970: 1_669_568_399)) == Fixtures.day("2022-11-27"))
        #expect(VietnamTime.isoTimestamp(Date(timeIntervalSince1970: 1_669_568_400)) == "2022-11-27T17:00:00Z")
        #expect(VietnamTime.instant(from: "2022-11-28") == Date(timeIntervalSince1970: 1_669_568_400))
        #expect(VietnamTime.instant(from: "2022-11-28T01:00:00Z") == Date(timeIntervalSince1970: 1_669_597_200))
    }

    @Test("the shipped holiday calendar loads and knows Tết, make-up Saturdays and weekends")
    func vietnamHolidays() throws {
        let calendar = try Fixtures.vietnamCalendar()
        #expect(!calendar.isWorkingDay(Fixtures.day("2023-01-23")))  // Tết Quý Mão
        #expect(!calendar.isWorkingDay(Fixtures.day("2022-09-01")))  // Quốc khánh, extra day
        #expect(!calendar.isWorkingDay(Fixtures.day("2022-11-26")))  // an ordinary Saturday
        #expect(calendar.isWorkingDay(Fixtures.day("2024-05-04")))   // make-up Saturday
        #expect(calendar.isWorkingDay(Fixtures.day("2022-11-28")))
        #expect(calendar.holidays[Fixtures.day("2025-01-29")]?.name.vi == "Tết Nguyên đán Ất Tỵ")
        for year in 2019...2027 {
            let days = calendar.holidays.keys.filter { $0.year == year }
            #expect(days.count >= 8, "year \(year) has \(days.count) holiday days")
        }
    }

    @Test("adding working days skips holidays both ways", arguments: [
        ("2023-01-19", 1, "2023-01-27"), ("2023-01-27", -1, "2023-01-19"), ("2022-11-25", 1, "2022-11-28"),
        ("2022-11-28", 0, "2022-11-28"), ("2022-11-26", 0, "2022-11-26"), ("2024-04-26", 1, "2024-05-02"), ("2024-05-03", 1, "2024-05-04"),
    ])
    func addWorkingDays(start: String, count: Int, expected: String) throws {
        let calendar = try Fixtures.vietnamCalendar()
        #expect(calendar.addWorkingDays(count, to: Fixtures.day(start)) == Fixtures.day(expected))
    }

    @Test("counting working days in a range")
    func countWorkingDays() throws {
        let calendar = try Fixtures.vietnamCalendar()
        #expect(calendar.workingDays(from: Fixtures.day("2023-01-16"), to: Fixtures.day("2023-01-30")) == 5)  // 16–19 and 27 January
        #expect(WorkingCalendar.weekendsOnly.workingDays(from: Fixtures.day("2023-01-16"), to: Fixtures.day("2023-01-30")) == 10)
    }

    @Test("calendar files report bad dates and weekdays with their position")
    func calendarErrors() {
        let yaml = """
            weekend: [saturday, funday]
            holidays:
              - { date: 2024-13-01, vi: Sai, en: Wrong }
            """
        do {
            _ = try WorkingCalendar.load(path: "c.yaml", yaml: yaml)
            Issue.record("should not load")
        } catch {
            #expect(error.codes == [.badValue, .badValue])
            #expect(error.errors.map { "\($0.location.line):\($0.location.column)" } == ["1:21", "3:13"])
        }
    }
}

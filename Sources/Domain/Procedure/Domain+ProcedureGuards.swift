import Foundation
import OCOP
import Workflow

/// The guard on every decision-type event: the decision's number and date, as DOMAIN "Modelling decisions" 7 asks.
extension Domain {
    /// `legal_reference`: the decision number reads as "number/code" (901/QĐ-UBND, 51/2021/NQ-HĐND) and its date is
    /// not after today; a number needs a date.
    ///
    /// Parameters `number` and `date` are field paths, by default `input.legal_ref` and `input.legal_ref_date`.
    /// Whether the reference is required at all is the event's input declaration; with neither given it passes.
    public static let legalReference = GuardSpec(
        name: "legal_reference",
        parameters: [.init("number", .string, isRequired: false), .init("date", .string, isRequired: false)],
        readsInput: true
    ) { context in
        let number = context.text(at: context.path("number", default: "input.legal_ref"))
        let date = context.date(at: context.path("date", default: "input.legal_ref_date"))
        var problems: [Bilingual] = []
        if let number, !isDecisionNumber(number) {
            problems.append(Bilingual(
                vi: "số văn bản \"\(number)\" không đúng dạng số/ký hiệu (ví dụ 901/QĐ-UBND)",
                en: "document number \"\(number)\" is not of the form number/code (e.g. 901/QĐ-UBND)"
            ))
        }
        if number != nil, date == nil {
            problems.append(Bilingual(vi: "thiếu ngày ban hành của văn bản", en: "the document's date is missing"))
        }
        if let date, date > context.localToday {
            problems.append(Bilingual(
                vi: "ngày văn bản \(date.displayString) sau ngày hôm nay (\(context.localToday.displayString))",
                en: "the document date \(date.displayString) is after today (\(context.localToday.displayString))"
            ))
        }
        return problems.isEmpty ? .passed : .failed(Bilingual.joined(problems))
    }

    /// "901/QĐ-UBND": digits, then one or more non-empty parts after slashes, no spaces.
    static func isDecisionNumber(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts.first, !first.isEmpty, first.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && !$0.contains(where: \.isWhitespace) }
    }
}

/// Guards of the product-idea workflow (DOMAIN §1.2 resubmission, §6.2).
extension Domain {
    /// `returns_so_far`: the idea has been returned exactly `count` times (data `returns`; absent = 0).
    ///
    /// Each return opens a different retry window (1 week, 2 weeks, next cycle), so each is its own event guarded
    /// by the count it applies to.
    public static let returnsSoFar = GuardSpec(
        name: "returns_so_far",
        parameters: [.init("count", .int), .init("field", .string, isRequired: false)]
    ) { context in
        let expected = context.intParameter("count") ?? 0
        let actual = context.integer(at: context.path("field", default: "returns")) ?? 0
        if actual == expected { return .passed }
        let next = actual + 1
        return .failed(
            vi: "ý tưởng đã bị trả lại \(actual) lần; lần trả lại tiếp theo là lần \(next)",
            en: "the idea has been returned \(actual) time(s); the next return is number \(next)"
        )
    }
}

/// Guards on working-day notice periods, counted with the engine's working calendar (weekends, Tết, make-up days).
extension Domain {
    /// `working_days_before`: today is at least `days` working days after the date at `field`.
    ///
    /// Used for "council members receive the dossier ≥ 2 working days before the meeting" (§2.3, Bến Tre guide):
    /// the day of the scoring event is the meeting. The start day is not counted, as in `WorkingCalendar`.
    public static let workingDaysBefore = GuardSpec(
        name: "working_days_before",
        parameters: [.init("field", .string), .init("days", .int), .init("label_vi", .string, isRequired: false),
                     .init("label_en", .string, isRequired: false)]
    ) { context in
        let path = context.string("field") ?? ""
        let days = context.intParameter("days") ?? 0
        let nameVi = context.string("label_vi") ?? "ngày gửi hồ sơ cho thành viên hội đồng"
        let nameEn = context.string("label_en") ?? "the day the dossier went to the council members"
        guard let sent = context.value(at: path)?.dateValue else {
            return .failed(vi: "thiếu \(nameVi)", en: "\(nameEn) is missing")
        }
        let earliest = context.calendar.addWorkingDays(days, to: sent)
        if context.today >= earliest { return .passed }
        return .failed(
            vi: "\(nameVi) là \(sent), chưa đủ \(days) ngày làm việc trước cuộc họp; họp sớm nhất ngày \(earliest)",
            en: "\(nameEn) is \(sent), less than \(days) working days before the meeting; the earliest meeting day is \(earliest)"
        )
    }
}

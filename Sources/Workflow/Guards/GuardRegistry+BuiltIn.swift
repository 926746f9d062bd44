import Foundation

/// Generic guards every workflow may use; domain guards (scores by rule set, dossier items) are added by `OCOP`.
///
/// Each takes optional `label_vi` / `label_en` parameters naming the field for people, so a failure reads
/// "điểm 68 < 70" rather than "input.score 68 < 70".
extension GuardRegistry {
    /// `field_present`, `input_present`, `field_equals`, `number_at_least`, `number_within`, `date_not_before`.
    public static let builtIn = GuardRegistry([
        fieldPresent, inputPresent, fieldEquals, numberAtLeast, numberWithin, dateNotBefore,
    ])

    private static let labels = [
        GuardSpec.Parameter("label_vi", .string, isRequired: false), GuardSpec.Parameter("label_en", .string, isRequired: false),
    ]

    /// The names people read for a field: the labels when given, else the path itself.
    private static func names(_ context: GuardContext, _ path: String) -> (vi: String, en: String) {
        (context.string("label_vi") ?? path, context.string("label_en") ?? path)
    }

    /// Passes when a data field (or `input.x`) is present and not null.
    public static let fieldPresent = GuardSpec(name: "field_present", parameters: [.init("field", .string)] + labels) { context in
        let path = context.string("field") ?? ""
        if context.value(at: path) != nil { return .passed }
        let name = names(context, path)
        return .failed(vi: "thiếu \(name.vi)", en: "\(name.en) is missing")
    }

    /// Passes when the event's input has a non-null value under `input`.
    public static let inputPresent = GuardSpec(
        name: "input_present", parameters: [.init("input", .string)] + labels, readsInput: true
    ) { context in
        let key = context.string("input") ?? ""
        if let value = context.input[key], !value.isNull { return .passed }
        let name = names(context, key)
        return .failed(vi: "chưa nhập \(name.vi)", en: "\(name.en) was not entered")
    }

    /// Passes when a field equals a literal value (numbers compare by value, so 70 equals 70.0).
    public static let fieldEquals = GuardSpec(name: "field_equals", parameters: [.init("field", .string), .init("value", .any)] + labels) {
        context in
        let path = context.string("field") ?? ""
        let expected = context.parameters["value"] ?? .null
        let actual = context.value(at: path)
        if let actual, actual == expected || (actual.numberValue != nil && actual.numberValue == expected.numberValue) {
            return .passed
        }
        let name = names(context, path)
        let shown = actual?.displayText ?? "—"
        return .failed(vi: "\(name.vi) là \(shown), cần \(expected.displayText)", en: "\(name.en) is \(shown), must be \(expected.displayText)")
    }

    /// Passes when a numeric field is at least `min` (inclusive, DOMAIN §7: 70 passes a threshold of 70).
    public static let numberAtLeast = GuardSpec(name: "number_at_least", parameters: [.init("field", .string), .init("min", .decimal)] + labels) {
        context in
        let path = context.string("field") ?? ""
        let name = names(context, path)
        guard let minimum = context.parameters["min"]?.numberValue else { return .failed(vi: "thiếu ngưỡng", en: "threshold missing") }
        guard let value = context.value(at: path)?.numberValue else {
            return .failed(vi: "thiếu \(name.vi)", en: "\(name.en) is missing")
        }
        if value >= minimum { return .passed }
        return .failed(vi: "\(name.vi) \(value) < \(minimum)", en: "\(name.en) \(value) < \(minimum)")
    }

    /// Passes when a number is at most another field's (e.g. the amount paid against the claim's amount), or when the
    /// input named by `unless_input` gives a reason for going above it. `money: true` shows both as amounts in đồng.
    public static let numberWithin = GuardSpec(
        name: "number_within",
        parameters: [
            .init("field", .string), .init("max_field", .string), .init("unless_input", .string, isRequired: false),
            .init("money", .bool, isRequired: false), .init("max_label_vi", .string, isRequired: false),
            .init("max_label_en", .string, isRequired: false),
        ] + labels,
        readsInput: true
    ) { context in
        let path = context.string("field") ?? ""
        let maxPath = context.string("max_field") ?? ""
        let name = names(context, path)
        let maxName = (context.string("max_label_vi") ?? maxPath, context.string("max_label_en") ?? maxPath)
        guard let value = context.value(at: path)?.numberValue else { return .passed }  // absent: field_present's job
        guard let maximum = context.value(at: maxPath)?.numberValue else {
            return .failed(vi: "thiếu \(maxName.0)", en: "\(maxName.1) is missing")
        }
        if value <= maximum { return .passed }
        if let reason = context.string("unless_input"), let given = context.input[reason]?.stringValue,
            !given.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            return .passed
        }
        let money = context.parameters["money"]?.boolValue == true
        func shown(_ number: Decimal) -> Bilingual {
            money ? VND(NSDecimalNumber(decimal: number).int64Value).text : Bilingual(vi: "\(number)", en: "\(number)")
        }
        let reasonHint =
            context.string("unless_input").map { (vi: "; nếu đúng là vậy, ghi lý do (\($0))", en: "; if that is right, give the reason (\($0))") }
            ?? (vi: "", en: "")
        return .failed(
            vi: "\(name.vi) \(shown(value).vi) vượt \(maxName.0) \(shown(maximum).vi)\(reasonHint.vi)",
            en: "\(name.en) \(shown(value).en) is above \(maxName.1) \(shown(maximum).en)\(reasonHint.en)")
    }

    /// Passes when today (in Vietnam) is on or after the date in a field, e.g. the end of a retry window.
    public static let dateNotBefore = GuardSpec(name: "date_not_before", parameters: [.init("field", .string)] + labels) { context in
        let path = context.string("field") ?? ""
        let name = names(context, path)
        guard let value = context.value(at: path) else { return .failed(vi: "thiếu \(name.vi)", en: "\(name.en) is missing") }
        guard let date = value.dateValue else {
            return .failed(vi: "\(name.vi) không phải ngày yyyy-mm-dd", en: "\(name.en) is not a yyyy-mm-dd date")
        }
        if context.today >= date { return .passed }
        return .failed(vi: "chưa đến \(name.vi) (\(date.displayString))", en: "\(name.en) (\(date.displayString)) has not come yet")
    }
}

import Foundation

/// Checking and normalising the actor's input against the event's declared inputs.
extension Engine {
    /// Returns the accepted input (declared names only, values normalised) and records a reason for each missing,
    /// ill-typed or undeclared input.
    func validateInputs(_ declaration: EventDefinition?, input: [String: JSONValue], reasons: inout [Rejection.Reason]) -> [String: JSONValue] {
        guard let declaration else { return [:] }
        var accepted: [String: JSONValue] = [:]
        for spec in declaration.inputs {
            let label = spec.label ?? Bilingual(vi: spec.name, en: spec.name)
            guard let value = input[spec.name], !value.isNull else {
                if spec.isRequired {
                    reasons.append(.init(.inputMissing, subject: spec.name, vi: "chưa nhập \(label.vi)", en: "\(label.en) is required"))
                }
                continue
            }
            if let normalised = Engine.normalise(value, as: spec.kind) {
                accepted[spec.name] = normalised
            } else {
                reasons.append(.init(.inputInvalid, subject: spec.name,
                                     vi: "\(label.vi) không hợp lệ: \"\(value.displayText)\" không phải \(Engine.kindNameVi(spec.kind))",
                                     en: "\(label.en) is invalid: \"\(value.displayText)\" is not \(Engine.kindNameEn(spec.kind))"))
            }
        }
        for name in input.keys.sorted() where declaration.input(named: name) == nil {
            reasons.append(.init(.inputUnexpected, subject: name, vi: "dữ liệu nhập \"\(name)\" không được khai báo cho sự kiện này",
                                 en: "input \"\(name)\" is not declared for this event"))
        }
        return accepted
    }

    /// The value in its canonical form for the kind, or nil when it does not fit.
    ///
    /// Numbers and booleans sent as strings by HTML forms ("68.50", "true") are accepted and converted; nothing else is.
    static func normalise(_ value: JSONValue, as kind: InputDefinition.Kind) -> JSONValue? {
        switch kind {
        case .string:
            guard let text = value.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return value
        case .int:
            if case .int = value { return value }
            return value.stringValue.flatMap { Int64($0) }.map(JSONValue.int)
        case .decimal:
            if value.numberValue != nil { return value }
            return value.stringValue.flatMap(exactDecimal).map(JSONValue.decimal)
        case .money:
            switch value {
            case .int(let dong): return dong >= 0 && dong <= VND.maximum.dong ? value : nil
            case .decimal(let number):
                var exact = number, whole = Decimal()
                NSDecimalRound(&whole, &exact, 0, .plain)
                guard number >= 0, number <= Decimal(VND.maximum.dong), whole == number else { return nil }
                return .int(NSDecimalNumber(decimal: number).int64Value)
            default:
                return value.stringValue.flatMap { try? VND.parse($0) }.map { .int($0.dong) }
            }
        case .date:
            // As people type it (dd/mm/yyyy) or as data holds it (yyyy-mm-dd); kept as ISO.
            if value.dateValue != nil { return value }
            return value.stringValue.flatMap { LocalDate(typed: $0) }.map { .string($0.iso) }
        case .bool:
            if value.boolValue != nil { return value }
            switch value.stringValue { case "true": return .bool(true); case "false": return .bool(false); default: return nil }
        case .oneOf(let allowed):
            guard let text = value.stringValue, allowed.contains(text) else { return nil }
            return value
        }
    }

    /// A decimal from text made only of an optional sign, digits and one point; `Decimal(string:)` alone accepts "12abc".
    static func exactDecimal(_ text: String) -> Decimal? {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func kindNameVi(_ kind: InputDefinition.Kind) -> String {
        switch kind {
        case .string: return "chuỗi ký tự"
        case .int: return "số nguyên"
        case .decimal: return "số"
        case .money: return "số tiền bằng đồng (ví dụ 30.000.000 hoặc 30 triệu)"
        case .date: return "ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd"
        case .bool: return "đúng/sai"
        case .oneOf(let values): return "một trong: " + values.joined(separator: ", ")
        }
    }

    static func kindNameEn(_ kind: InputDefinition.Kind) -> String {
        switch kind {
        case .string: return "a string"
        case .int: return "a whole number"
        case .decimal: return "a number"
        case .money: return "an amount in đồng (e.g. 30.000.000 or 30 triệu)"
        case .date: return "a date as dd/mm/yyyy or yyyy-mm-dd"
        case .bool: return "true/false"
        case .oneOf(let values): return "one of: " + values.joined(separator: ", ")
        }
    }
}

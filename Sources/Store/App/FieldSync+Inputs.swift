import Foundation
import OCOP
import Workflow

/// Reading an NTM field entry's inputs (the names the dashboard's field forms use), with errors naming the field.
extension Services {
    /// `unit`, `criteria_set`, `criterion`, `as_of` (default: the business day), `status` (dat, co-ban-dat, chua-dat or
    /// "đạt"…), `plan` ("85-95") with `kind`, `note`, `evidence`.
    static func assessmentRow(_ entry: FieldEntry) throws(ServiceError) -> NTMAssessmentStore.Row {
        let status: Assessment?
        if let text = text(entry, "status") {
            guard let value = Assessment(rawValue: text.replacingOccurrences(of: "_", with: "-")) ?? Assessment(vietnamese: text) else {
                throw bad(entry, "status", vi: "\"\(text)\" không phải đạt, cơ bản đạt hay chưa đạt", en: "\"\(text)\" is not đạt, cơ bản đạt or chưa đạt")
            }
            status = value
        } else {
            status = nil
        }
        return NTMAssessmentStore.Row(
            unitCode: try required(entry, "unit"), criteriaSet: try required(entry, "criteria_set"), criterion: try required(entry, "criterion"),
            asOf: try day(entry), status: status, progress: try plan(entry), note: text(entry, "note"), evidence: text(entry, "evidence"))
    }

    /// `unit`, `scope` (commune-ntm, commune-advanced…), `as_of`, the counts `met`, `basically_met`,
    /// `met_or_basically_met`, `model_conditions_met`, `plan` with `kind`, `note`.
    static func progressReport(_ entry: FieldEntry) throws(ServiceError) -> NTMService.ProgressReport {
        let scopeText = try required(entry, "scope")
        guard let scope = CriteriaSet.Scope(rawValue: scopeText) else {
            throw bad(
                entry, "scope", vi: "\"\(scopeText)\" không phải phạm vi NTM (ví dụ commune-advanced)",
                en: "\"\(scopeText)\" is not an NTM scope (e.g. commune-advanced)")
        }
        return NTMService.ProgressReport(
            unitCode: try required(entry, "unit"), scope: scope, asOf: try day(entry), met: try count(entry, "met"),
            basicallyMet: try count(entry, "basically_met"), metOrBasicallyMet: try count(entry, "met_or_basically_met"),
            modelConditionsMet: try count(entry, "model_conditions_met"), progress: try plan(entry), note: text(entry, "note"))
    }

    // MARK: - Fields

    /// A text input, trimmed; empty is absent.
    static func text(_ entry: FieldEntry, _ name: String) -> String? {
        guard let value = entry.input[name] else { return nil }
        let text: String
        switch value {
        case .string(let string): text = string
        case .null: return nil
        default: text = value.displayText
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    static func required(_ entry: FieldEntry, _ name: String) throws(ServiceError) -> String {
        guard let value = text(entry, name) else { throw bad(entry, name, vi: "thiếu giá trị", en: "a value is required") }
        return value
    }

    /// `as_of` as dd/mm/yyyy or ISO; absent: the day the officer recorded the entry (Vietnam's day of its business time).
    static func day(_ entry: FieldEntry) throws(ServiceError) -> LocalDate {
        guard let text = text(entry, "as_of") else { return LocalDate(vietnamDayOf: entry.businessTime) }
        guard let day = LocalDate(typed: text) ?? LocalDate(iso: text) else {
            throw bad(entry, "as_of", vi: "\"\(text)\" không phải ngày dd/mm/yyyy", en: "\"\(text)\" is not a dd/mm/yyyy date")
        }
        return day
    }

    static func count(_ entry: FieldEntry, _ name: String) throws(ServiceError) -> Int? {
        guard let text = text(entry, name) else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw bad(entry, name, vi: "\"\(text)\" không phải số nguyên không âm", en: "\"\(text)\" is not a whole number ≥ 0")
        }
        return value
    }

    static func plan(_ entry: FieldEntry) throws(ServiceError) -> PlanProgress? {
        guard let text = text(entry, "plan") else { return nil }
        guard let (low, high) = PlanProgress.parseRange(text) else {
            throw bad(entry, "plan", vi: "\"\(text)\" không phải % KH (ví dụ 85-95)", en: "\"\(text)\" is not a % of plan (e.g. 85-95)")
        }
        let kindText = self.text(entry, "kind") ?? "estimate"
        guard let kind = PlanProgress.Kind(rawValue: kindText) else {
            throw bad(entry, "kind", vi: "\"\(kindText)\" không phải achieved, estimate hay forecast", en: "\"\(kindText)\" is not achieved, estimate or forecast")
        }
        return PlanProgress(min: low, max: high, kind: kind)
    }

    static func bad(_ entry: FieldEntry, _ field: String, vi: String, en: String) -> ServiceError {
        ServiceError(
            .badInput, code: "bad-input",
            message: Bilingual(vi: "mục \(entry.key), trường \"\(field)\": \(vi)", en: "entry \(entry.key), field \"\(field)\": \(en)"))
    }
}

import Foundation
import LibPQ
import OCOP
import Workflow

/// Key results with quantities and year-end forecasts (DOMAIN §5.2, §5.4).
extension NTMService {

    /// A key result with a quantity: "521 cột mốc quản lý quy hoạch trên 6 tuyến đường huyện".
    public struct KeyResultForm: Sendable, Hashable {
        public var unitCode: String
        public var code: String
        public var asOf: LocalDate
        public var label: Bilingual
        public var quantity: Decimal?
        public var measure: String?
        public var detail: String?
        public var criteriaSet: String?
        public var criterion: String?
        public init(
            unitCode: String, code: String, asOf: LocalDate, label: Bilingual, quantity: Decimal? = nil, measure: String? = nil,
            detail: String? = nil, criteriaSet: String? = nil, criterion: String? = nil
        ) {
            self.unitCode = unitCode
            self.code = code
            self.asOf = asOf
            self.label = label
            self.quantity = quantity
            self.measure = measure
            self.detail = detail
            self.criteriaSet = criteriaSet
            self.criterion = criterion
        }
    }

    /// Records a key result; the same one again is a no-op, a different one for the same code and date is refused,
    /// and so is one dated after the business day of `now`.
    public func recordResult(_ form: KeyResultForm, by userID: String, now: Date, on connection: Connection) throws {
        let unit = try self.unit(form.unitCode, on: connection)
        _ = try actor(userID, unitCode: unit.code, on: connection)
        try Self.refuseFuture(form.asOf, now: now)
        guard form.code.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw OCOPError(.badInput, vi: "mã kết quả \"\(form.code)\" chỉ gồm a-z, 0-9, -", en: "result code \"\(form.code)\" must be a-z, 0-9, -")
        }
        guard !form.label.vi.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OCOPError(.badInput, vi: "thiếu nội dung kết quả", en: "the result's label is missing")
        }
        if let quantity = form.quantity, quantity < 0 {
            throw OCOPError(.badInput, vi: "số lượng \(quantity) không được âm", en: "quantity \(quantity) cannot be negative")
        }
        if let setID = form.criteriaSet {
            let set = try? criteria.set(id: setID)
            guard let set, let criterion = form.criterion, set.criterion(code: criterion) != nil else {
                throw OCOPError(
                    .badInput, vi: "bộ \(setID) không có tiêu chí \"\(form.criterion ?? "")\"", en: "set \(setID) has no criterion \"\(form.criterion ?? "")\"")
            }
        }
        try Self.lock("result", unit.code, form.code, form.asOf.iso, on: connection)
        if let row = try connection.query(
            "SELECT label_vi, quantity, measure, detail FROM ntm_result WHERE unit_code = \(unit.code) AND code = \(form.code) AND as_of = \(form.asOf.iso)::date"
        ).first {
            if try row.decode("label_vi", as: String.self) == form.label.vi, try row.decode("quantity", as: Decimal?.self) == form.quantity,
                try row.decode("measure", as: String?.self) == form.measure, try row.decode("detail", as: String?.self) == form.detail
            {
                return
            }
            throw OCOPError(
                .duplicate, vi: "kết quả \(form.code) của \(unit.name) ngày \(form.asOf.displayString) đã ghi khác; ghi ngày mới để cập nhật",
                en: "result \(form.code) of \(unit.name) on \(form.asOf.displayString) is recorded differently; use a new date")
        }
        try connection.execute(
            """
            INSERT INTO ntm_result (unit_code, code, as_of, label_vi, label_en, quantity, measure, detail, criteria_set, criterion, recorded_by)
            VALUES (\(unit.code), \(form.code), \(form.asOf.iso)::date, \(form.label.vi), \(form.label.en), \(form.quantity), \(form.measure),
                \(form.detail), \(form.criteriaSet), \(form.criterion), \(userID))
            """)
    }

    /// Records a year-end forecast of units of a scope meeting the standard ("dự kiến cuối năm đạt chuẩn 5 cụm"); the
    /// day it is made may not be after the business day of `now`.
    public func recordForecast(
        unitCode: String, scope: Scope, count: ClosedRange<Int>, by byDate: LocalDate, asOf: LocalDate, note: String? = nil,
        recordedBy userID: String, now: Date, on connection: Connection
    ) throws {
        let unit = try self.unit(unitCode, on: connection)
        _ = try actor(userID, unitCode: unit.code, on: connection)
        try Self.refuseFuture(asOf, now: now, what: Bilingual(vi: "ngày đưa ra dự kiến", en: "the day of the forecast"))
        guard count.lowerBound >= 0 else { throw OCOPError(.badInput, vi: "số dự kiến không được âm", en: "a forecast cannot be negative") }
        guard asOf <= byDate else {
            throw OCOPError(
                .badInput, vi: "ngày dự báo \(asOf.displayString) sau ngày đích \(byDate.displayString)",
                en: "forecast made on \(asOf.displayString) is after its target \(byDate.displayString)")
        }
        try Self.lock("forecast", unit.code, scope.rawValue, byDate.iso, asOf.iso, on: connection)
        if let row = try connection.query(
            """
            SELECT count_min, count_max FROM ntm_forecast WHERE unit_code = \(unit.code) AND scope = \(scope.rawValue)
              AND by_date = \(byDate.iso)::date AND as_of = \(asOf.iso)::date
            """
        ).first {
            if try row.decode("count_min", as: Int.self) == count.lowerBound, try row.decode("count_max", as: Int.self) == count.upperBound { return }
            throw OCOPError(.duplicate, vi: "đã có dự báo khác cho ngày này; ghi ngày mới", en: "a different forecast exists for this date; use a new date")
        }
        try connection.execute(
            """
            INSERT INTO ntm_forecast (unit_code, scope, by_date, as_of, count_min, count_max, note, recorded_by)
            VALUES (\(unit.code), \(scope.rawValue), \(byDate.iso)::date, \(asOf.iso)::date, \(count.lowerBound), \(count.upperBound), \(note), \(userID))
            """)
    }
}

import Foundation
import LibPQ
import OCOP
import Workflow

/// Progress reports: counts on the set in force and % of the plan, as a time series (DOMAIN §4.7).
extension NTMService {

    /// A progress report: counts on the set in force and/or % of the plan, as of a date (§4.7).
    public struct ProgressReport: Sendable, Hashable {
        public var unitCode: String
        public var scope: Scope
        public var asOf: LocalDate
        /// Đạt only, when the report splits it.
        public var met: Int?
        public var basicallyMet: Int?
        /// The merged "đạt và cơ bản đạt" figure, when that is all the report gives ("cơ bản đạt 13/20").
        public var metOrBasicallyMet: Int?
        /// Model conditions met, of 4 (319).
        public var modelConditionsMet: Int?
        public var progress: PlanProgress?
        public var note: String?
        public init(
            unitCode: String, scope: Scope, asOf: LocalDate, met: Int? = nil, basicallyMet: Int? = nil, metOrBasicallyMet: Int? = nil,
            modelConditionsMet: Int? = nil, progress: PlanProgress? = nil, note: String? = nil
        ) {
            self.unitCode = unitCode
            self.scope = scope
            self.asOf = asOf
            self.met = met
            self.basicallyMet = basicallyMet
            self.metOrBasicallyMet = metOrBasicallyMet
            self.modelConditionsMet = modelConditionsMet
            self.progress = progress
            self.note = note
        }
    }

    /// Records a progress report. When the unit has a registration of that scope it is reported through the
    /// workflow too (a periodic report while implementing, a maintenance report once recognised). The same report
    /// again changes nothing; a different one for the same unit, scope and date is refused (use a new date), and so
    /// is one as of a day after the business day of `now`.
    @discardableResult
    public func reportProgress(_ report: ProgressReport, by userID: String, now: Date, on connection: Connection) throws -> Int64? {
        let unit = try self.unit(report.unitCode, on: connection)
        _ = try actor(userID, unitCode: unit.code, on: connection)
        try Self.refuseFuture(report.asOf, now: now)
        let registration = try currentRegistration(unit: unit.code, scope: report.scope, asOf: report.asOf, on: connection)
        let setID =
            registration?.criteriaSet
            ?? criteria.setForTracking(NTMRegistrationRules.countingScope(for: report.scope), on: report.asOf, area: unit.area)?.id
        let set = try setID.map { try criteria.set(id: $0) }
        var merged = report.metOrBasicallyMet
        if let met = report.met { merged = merged ?? met + (report.basicallyMet ?? 0) }
        try validate(report, merged: merged, set: set)
        // Two officers sending the same day's report at once: the second waits, then finds the first.
        try Self.lock("progress", unit.code, report.scope.rawValue, report.asOf.iso, on: connection)
        let existing = try connection.query(
            """
            SELECT met, basically_met, met_or_basically_met, model_conditions_met, progress_min, progress_max, progress_kind, note
            FROM ntm_progress WHERE unit_code = \(unit.code) AND scope = \(report.scope.rawValue) AND as_of = \(report.asOf.iso)::date
            """
        ).first
        if let existing {
            let same =
                try existing.decode("met", as: Int?.self) == report.met && existing.decode("basically_met", as: Int?.self) == report.basicallyMet
                && existing.decode("met_or_basically_met", as: Int?.self) == merged
                && existing.decode("model_conditions_met", as: Int?.self) == report.modelConditionsMet
                && PlanProgress(
                    min: existing.decode("progress_min", as: Decimal?.self), max: existing.decode("progress_max", as: Decimal?.self),
                    kind: existing.decode("progress_kind", as: String?.self)) == report.progress
            if same { return registration?.id }
            throw OCOPError(
                .duplicate, vi: "\(unit.name) đã có báo cáo tiến độ \(report.scope.rawValue) ngày \(report.asOf.displayString) khác số liệu này; ghi ngày mới để cập nhật",
                en: "\(unit.name) already has a different \(report.scope.rawValue) progress report on \(report.asOf.displayString); use a new date to correct it")
        }
        try connection.execute(
            """
            INSERT INTO ntm_progress (unit_code, scope, as_of, registration_id, criteria_set, criteria_total, met, basically_met,
                met_or_basically_met, model_conditions_met, progress_min, progress_max, progress_kind, note, recorded_by)
            VALUES (\(unit.code), \(report.scope.rawValue), \(report.asOf.iso)::date, \(registration?.id), \(merged == nil ? nil : set?.id),
                \(merged == nil ? nil : set?.count), \(report.met), \(report.basicallyMet), \(merged), \(report.modelConditionsMet),
                \(report.progress?.min), \(report.progress?.max), \(report.progress?.kind.rawValue), \(report.note), \(userID))
            """)
        guard let registration else { return nil }
        var input: [String: JSONValue] = ["as_of": .string(report.asOf.iso)]
        if let progress = report.progress {
            input["progress_min"] = .decimal(progress.min)
            input["progress_max"] = .decimal(progress.max)
            input["progress_kind"] = .string(progress.kind.rawValue)
        }
        switch registration.state {
        case "IMPLEMENTING":
            if let met = report.met { input["criteria_met"] = .int(Int64(met)) }
            if let basically = report.basicallyMet { input["criteria_basically_met"] = .int(Int64(basically)) }
            if let merged { input["criteria_met_or_basically_met"] = .int(Int64(merged)) }
            if let model = report.modelConditionsMet { input["model_conditions_met"] = .int(Int64(model)) }
            try step(registration.id, "report_progress", input: input, comment: report.note, by: userID, now: now, on: connection)
        case "RECOGNISED", "MAINTAINING":
            // A maintenance report is a % of the maintenance plan; counts alone are kept without moving the workflow.
            if report.progress != nil {
                try step(registration.id, "report_maintenance", input: input, comment: report.note, by: userID, now: now, on: connection)
            }
        default:
            break  // e.g. REGISTERED, plan not approved yet: the figures are kept, the workflow is not moved
        }
        return registration.id
    }

    private func validate(_ report: ProgressReport, merged: Int?, set: CriteriaSet?) throws {
        var problems: [Bilingual] = []
        for (value, vi, en) in [
            (report.met, "đạt", "met"), (report.basicallyMet, "cơ bản đạt", "basically met"), (report.metOrBasicallyMet, "đạt và cơ bản đạt", "met or basically met"),
        ] {
            if let value, value < 0 { problems.append(Bilingual(vi: "số tiêu chí \(vi) không được âm", en: "\(en) cannot be negative")) }
        }
        if let met = report.met, let given = report.metOrBasicallyMet, met + (report.basicallyMet ?? 0) != given {
            problems.append(Bilingual(
                vi: "\(met) đạt + \(report.basicallyMet ?? 0) cơ bản đạt khác \(given) đạt và cơ bản đạt",
                en: "\(met) met + \(report.basicallyMet ?? 0) basically met differs from \(given) met or basically met"))
        }
        if report.basicallyMet != nil, report.met == nil {
            problems.append(Bilingual(vi: "có số cơ bản đạt thì cần cả số đạt", en: "basically met needs met too"))
        }
        if let merged {
            if let set {
                if set.tracking == .countOnly {
                    problems.append(Bilingual(vi: "bộ \(set.id) chỉ theo dõi số lượng đơn vị, không đếm tiêu chí", en: "set \(set.id) is count-only"))
                } else if merged > set.count {
                    problems.append(Bilingual(vi: "\(merged) vượt quá \(set.count) tiêu chí của bộ \(set.id)", en: "\(merged) exceeds the \(set.count) criteria of \(set.id)"))
                }
            } else {
                problems.append(Bilingual(
                    vi: "không có bộ tiêu chí \(report.scope.rawValue) có hiệu lực ngày \(report.asOf.displayString)",
                    en: "no \(report.scope.rawValue) criteria set is in force on \(report.asOf.displayString)"))
            }
        }
        if let model = report.modelConditionsMet {
            if report.scope != .communeModel {
                problems.append(Bilingual(vi: "điều kiện kiểu mẫu chỉ dành cho xã NTM kiểu mẫu", en: "model conditions apply to model communes only"))
            } else if !(0...4).contains(model) {
                problems.append(Bilingual(vi: "số điều kiện kiểu mẫu \(model) phải từ 0 đến 4", en: "model conditions \(model) must be 0 to 4"))
            }
        }
        if let progress = report.progress {
            do { try progress.validate() } catch let error as NTMError { problems.append(error.message) }
        }
        if merged == nil, report.modelConditionsMet == nil, report.progress == nil {
            problems.append(Bilingual(vi: "báo cáo không có số liệu nào", en: "the report has no figures"))
        }
        guard problems.isEmpty else {
            throw OCOPError(.badInput, vi: "báo cáo tiến độ không hợp lệ", en: "invalid progress report", details: problems)
        }
    }

    /// The registration a report on (unit, scope) belongs to: the open one of the report's year, else the one
    /// holding the level (recognised or maintaining).
    func currentRegistration(unit: String, scope: Scope, asOf: LocalDate, on connection: Connection) throws -> Registration? {
        let candidates = try registrations(unit: unit, on: connection).filter { $0.scope == scope && !Self.closedStates.contains($0.state) }
        return candidates.first { $0.year == asOf.year && !Self.recognisedStates.contains($0.state) }
            ?? candidates.first { Self.recognisedStates.contains($0.state) }
            ?? candidates.first { $0.year == asOf.year }
    }
}

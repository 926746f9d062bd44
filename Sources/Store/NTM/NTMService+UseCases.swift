import Foundation
import LibPQ
import OCOP
import Workflow

/// The NTM steps as use cases for the doors: each in its own transaction, the user's scope checked inside the step,
/// throwing only ``ServiceError``. The `on connection:` forms stay for composing inside one transaction.
extension NTMService {
    /// Registers a unit for a target level and year (REGISTERED). Refuses a second open registration of the same
    /// (unit, scope, year), a unit of the wrong kind, and a unit not yet recognised at the level the rules require.
    @discardableResult
    public func register(_ form: RegistrationForm, by userID: String, now: Date) async throws(ServiceError) -> Int64 {
        try await inTransaction { connection in try self.register(form, by: userID, now: now, on: connection) }
    }

    /// Enters a recognition made before the unit was tracked here (e.g. advanced NTM for 2021, 283/QĐ-UBND of
    /// 26/01/2022): a registration for that year that goes straight to RECOGNISED with the decision.
    @discardableResult
    public func recordPriorRecognition(_ form: RegistrationForm, decision: Decision, by userID: String, now: Date) async throws(ServiceError) -> Int64 {
        try await inTransaction { connection in try self.recordPriorRecognition(form, decision: decision, by: userID, now: now, on: connection) }
    }

    /// The district's steering committee approves the unit's plan (REGISTERED → IMPLEMENTING).
    public func approvePlan(_ id: Int64, decision: Decision, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.approvePlan(id, decision: decision, by: userID, now: now, on: connection) }
    }

    /// Self-assessment (IMPLEMENTING → SELF_ASSESSED): when the criteria are assessed one by one, their latest
    /// statuses are first reported, so the guard counts đạt only; the set must be issued (not Đức Bồng's case).
    public func selfAssess(_ id: Int64, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.selfAssess(id, by: userID, now: now, on: connection) }
    }

    /// Any other step of the registration workflow (submit_dossier, verify, return, appraise, recognise, …).
    public func step(_ id: Int64, _ event: String, input: [String: JSONValue] = [:], decision: Decision? = nil, comment: String? = nil, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.step(id, event, input: input, decision: decision, comment: comment, by: userID, now: now, on: connection) }
    }

    /// Registrations of a unit (all scopes and years), newest first.
    public func registrations(unit: String? = nil, year: Int? = nil) async throws(ServiceError) -> [Registration] {
        try await inSnapshot { connection in try self.registrations(unit: unit, year: year, on: connection) }
    }

    /// Records a progress report. When the unit has a registration of that scope it is reported through the
    /// workflow too (a periodic report while implementing, a maintenance report once recognised). The same report
    /// again changes nothing; a different one for the same unit, scope and date is refused (use a new date).
    @discardableResult
    public func reportProgress(_ report: ProgressReport, by userID: String, now: Date) async throws(ServiceError) -> Int64? {
        try await inTransaction { connection in try self.reportProgress(report, by: userID, now: now, on: connection) }
    }

    /// Records a key result; the same one again is a no-op, a different one for the same code and date is refused,
    /// and so is one dated after the business day of `now`.
    public func recordResult(_ form: KeyResultForm, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.recordResult(form, by: userID, now: now, on: connection) }
    }

    /// Records a year-end forecast of units of a scope meeting the standard ("dự kiến cuối năm đạt chuẩn 5 cụm"); the
    /// day it is made (`asOf`) may not be after the business day of `now` (its target `byDate` may).
    public func recordForecast(unitCode: String, scope: Scope, count: ClosedRange<Int>, by byDate: LocalDate, asOf: LocalDate, note: String? = nil, recordedBy userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.recordForecast(unitCode: unitCode, scope: scope, count: count, by: byDate, asOf: asOf, note: note, recordedBy: userID, now: now, on: connection) }
    }

    /// Carries over the registrations of `year` still unrecognised after its last day, and opens their registration for
    /// the next year (same unit and level, REGISTERED, `carried_from` the old one). Registrations the year-end timer
    /// already carried over get their successor too; each only once. Returns the new registrations.
    @discardableResult
    public func carryOver(year: Int, by userID: String, now: Date) async throws(ServiceError) -> [Int64] {
        try await inTransaction { connection in try self.carryOver(year: year, by: userID, now: now, on: connection) }
    }

    /// Moves open registrations onto the criteria set in force on `asOf` when it changed — typically when the province
    /// issues the set that was provisional (Đức Bồng's blocker lifted). Returns (registration, old set, new set).
    @discardableResult
    public func refreshCriteriaSets(asOf: LocalDate, by userID: String, now: Date) async throws(ServiceError) -> [(Int64, String?, String)] {
        try await inTransaction { connection in try self.refreshCriteriaSets(asOf: asOf, by: userID, now: now, on: connection) }
    }

    // MARK: - Assessments and lists

    /// Records one criterion's assessment of a unit the user's grants cover (an identical one again: 0, nothing written).
    /// An assessment dated after the business day of `now` is refused.
    public func recordAssessment(_ row: NTMAssessmentStore.Row, by userID: String, now: Date) async throws(ServiceError) -> Int {
        try await inTransaction { connection in
            _ = try self.actor(userID, unitCode: row.unitCode, on: connection)
            return try self.assessments.record([row], by: userID, today: LocalDate(vietnamDayOf: now), on: connection)
        }
    }

    /// Imports a CSV of assessments, whole or not at all; every unit must lie within the user's grants, and no row may
    /// be dated after the business day of `now`. Every bad row is reported, by line and column.
    public func importAssessments(
        _ text: String, fileName: String, by userID: String, now: Date, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws(ServiceError) -> NTMAssessmentStore.ImportResult {
        try ImportLimits.check(text, name: fileName)
        return try await inTransaction { connection in
            _ = try self.users.user(userID, on: connection)
            let today = LocalDate(vietnamDayOf: now)
            // The importer's grants must cover every (existing) unit of the file: the rule of one assessment at a time.
            let lines = try NTMAssessmentCSV.parseLines(text, today: today)
            let units = Array(Set(lines.map(\.row.unitCode)))
            let outside = Set(
                try connection.query(
                    """
                    SELECT u.code FROM unnest(\(units)) AS u(code) JOIN admin_unit a ON a.code = u.code
                    WHERE NOT user_sees(\(userID)::text, NULL, u.code)
                    """
                ).map { try $0.decode("code", as: String.self) })
            let columns = NTMAssessmentCSV.columnNumbers(text)
            let problems = lines.filter { outside.contains($0.row.unitCode) }.map { line, row in
                NTMAssessmentCSV.located(
                    line: line, "unit", columns: columns, vi: "đơn vị \"\(row.unitCode)\" ngoài phạm vi của \(userID)",
                    en: "unit \"\(row.unitCode)\" is outside \(userID)'s scope")
            }
            guard problems.isEmpty else { throw NTMAssessmentCSV.failure(problems) }
            return try self.assessments.importCSV(
                text, fileName: fileName, by: userID, today: today, parsed: lines, on: connection, progress: progress)
        }
    }

    // MARK: - Standing

    /// The reader of units' standings over this service's store and criteria sets.
    public var standingReader: NTMStandingReader { NTMStandingReader(workflows: workflows, criteria: criteria) }

    /// A unit's count on a criteria set as of a day: the figure the district report prints for it (``NTMStanding``),
    /// whether it comes from per-criterion assessments or a reported count. `count` is nil when nothing was recorded
    /// on that set by the day.
    public func tally(unit: String, criteriaSet: String, asOf date: LocalDate) async throws(ServiceError) -> Tally {
        let set: CriteriaSet
        do { set = try criteria.set(id: criteriaSet) } catch {
            throw ServiceError(.notFound, vi: "không có bộ tiêu chí \"\(criteriaSet)\"", en: "no criteria set \"\(criteriaSet)\"")
        }
        let reader = standingReader
        let standing = try await inSnapshot { connection in
            try reader.standing(of: try ReferenceStore().unitCode(unit, on: connection), asOf: date, on: connection)
        }
        guard let standing else { throw ServiceError(.notFound, vi: "không có đơn vị \"\(unit)\"", en: "no unit \"\(unit)\"") }
        return Tally(unit: standing.unit, criteriaSet: set.id, criteriaSetName: set.name, total: set.count, asOf: date, count: standing.count(on: set.id))
    }

    /// A unit's count on one set as of a day (``tally(unit:criteriaSet:asOf:)``).
    public struct Tally: Sendable, Hashable {
        public var unit: DistrictReport.UnitRef
        public var criteriaSet: String
        public var criteriaSetName: Bilingual
        /// N, the set's number of criteria.
        public var total: Int
        public var asOf: LocalDate
        /// The count as the report shows it; nil when nothing was recorded on the set by the day.
        public var count: DistrictReport.CriteriaCount?
    }

    /// The standings as of a day of a unit (with the units merged into it), or of every unit with a registration.
    public func standings(unit: String? = nil, asOf date: LocalDate) async throws(ServiceError) -> [NTMStanding] {
        let reader = standingReader
        return try await inSnapshot { connection in
            let codes: [String]
            if let unit {
                codes = [try ReferenceStore().unitCode(unit, on: connection)]
            } else {
                codes = try connection.query("SELECT DISTINCT unit_code FROM ntm_registration ORDER BY unit_code").map { try $0.decode("unit_code", as: String.self) }
            }
            let standings = try reader.standings(of: codes, asOf: date, on: connection)
            return codes.compactMap { standings[$0] }
        }
    }

    /// Registrations (of a unit, of a year) with their state's label.
    public func labelledRegistrations(unit: String? = nil, year: Int? = nil) async throws(ServiceError) -> [Registration: Bilingual] {
        try await inSnapshot { connection in
            var labels: [Registration: Bilingual] = [:]
            for row in try self.registrations(unit: unit, year: year, on: connection) {
                labels[row] = try self.workflows.engine(definitionID: row.definitionID, on: connection).definition.state(row.state)?.label
                    ?? Bilingual(vi: row.state, en: row.state)
            }
            return labels
        }
    }
}

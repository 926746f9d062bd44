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

    /// Records a key result; the same one again is a no-op, a different one for the same code and date is refused.
    public func recordResult(_ form: KeyResultForm, by userID: String) async throws(ServiceError) {
        try await inTransaction { connection in try self.recordResult(form, by: userID, on: connection) }
    }

    /// Records a year-end forecast of units of a scope meeting the standard ("dự kiến cuối năm đạt chuẩn 5 cụm").
    public func recordForecast(unitCode: String, scope: Scope, count: ClosedRange<Int>, by byDate: LocalDate, asOf: LocalDate, note: String? = nil, recordedBy userID: String) async throws(ServiceError) {
        try await inTransaction { connection in try self.recordForecast(unitCode: unitCode, scope: scope, count: count, by: byDate, asOf: asOf, note: note, recordedBy: userID, on: connection) }
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
    public func recordAssessment(_ row: NTMAssessmentStore.Row, by userID: String) async throws(ServiceError) -> Int {
        try await inTransaction { connection in
            _ = try self.actor(userID, unitCode: row.unitCode, on: connection)
            return try self.assessments.record([row], by: userID, on: connection)
        }
    }

    /// Imports a CSV of assessments, whole or not at all; every unit must lie within the user's grants.
    public func importAssessments(
        _ text: String, fileName: String, by userID: String, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws(ServiceError) -> NTMAssessmentStore.ImportResult {
        try await inTransaction { connection in
            _ = try self.users.user(userID, on: connection)
            // The importer's grants must cover every (existing) unit of the file: the rule of one assessment at a time.
            let lines = try NTMAssessmentCSV.parseLines(text)
            let units = Array(Set(lines.map(\.row.unitCode)))
            let outside = Set(
                try connection.query(
                    """
                    SELECT u.code FROM unnest(\(units)) AS u(code) JOIN admin_unit a ON a.code = u.code
                    WHERE NOT user_sees(\(userID)::text, NULL, u.code)
                    """
                ).map { try $0.decode("code", as: String.self) })
            let problems = lines.filter { outside.contains($0.row.unitCode) }.map { line, row in
                Bilingual(
                    vi: "dòng \(line): đơn vị \"\(row.unitCode)\" ngoài phạm vi của \(userID)",
                    en: "line \(line): unit \"\(row.unitCode)\" is outside \(userID)'s scope")
            }
            guard problems.isEmpty else { throw NTMAssessmentCSV.failure(problems) }
            return try self.assessments.importCSV(text, fileName: fileName, by: userID, on: connection, progress: progress)
        }
    }

    /// A unit's tally (x/N) by a criteria set as of a day.
    public func tally(unit: String, criteriaSet: String, asOf date: LocalDate) async throws(ServiceError) -> NTMAssessmentStore.Tally {
        try await inSnapshot { connection in try self.assessments.tally(unit: unit, criteriaSet: criteriaSet, asOf: date, on: connection) }
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

import Foundation
import LibPQ
import OCOP
import Workflow

/// What happens to registrations around them: the year ends, a criteria set is issued, units merge (DOMAIN §4.9, §6.6).
extension NTMService {
    /// Carries over the registrations of `year` still unrecognised after its last day, and opens their registration for
    /// the next year (same unit and level, REGISTERED, `carried_from` the old one). Registrations the year-end timer
    /// already carried over get their successor too; each only once. Returns the new registrations.
    public func carryOver(year: Int, by userID: String, now: Date, on connection: Connection) throws -> [Int64] {
        let today = LocalDate(vietnamDayOf: now)
        var created: [Int64] = []
        let candidates = try connection.query(
            """
            SELECT r.instance_id, r.unit_code, r.scope, i.state, i.data ->> 'year_ends_on' AS year_ends_on
            FROM ntm_registration r JOIN workflow_instance i ON i.id = r.instance_id
            WHERE r.year = \(year) AND NOT r.prior
              AND NOT EXISTS (SELECT 1 FROM ntm_registration n WHERE n.carried_from = r.instance_id)
            ORDER BY r.instance_id
            """)
        for row in candidates {
            let id: Int64 = try row.decode("instance_id")
            let unitCode: String = try row.decode("unit_code")
            var state: String = try row.decode("state")
            guard let scope = Scope(rawValue: try row.decode("scope")) else { continue }
            if ["REGISTERED", "IMPLEMENTING", "RETURNED"].contains(state) {
                let yearEnd = (try row.decode("year_ends_on", as: String?.self)).flatMap { LocalDate(iso: $0) }
                    ?? LocalDate(year: year, month: 12, day: 31)!
                guard today > yearEnd else { continue }
                try step(id, "carry_over", comment: "Hết năm \(year) chưa đạt chuẩn", by: userID, now: now, on: connection)
                state = "CARRIED_OVER"
            }
            guard state == "CARRIED_OVER" else { continue }
            let unit = try self.unit(unitCode, on: connection)
            let form = RegistrationForm(unitCode: unitCode, scope: scope, year: year + 1)
            try lockAndCheckOpen(form, on: connection)
            created.append(try start(form, unit: unit, prior: false, carriedFrom: id, by: userID, now: now, on: connection))
        }
        return created
    }

    /// Moves open registrations onto the criteria set in force on `asOf` when it changed — typically when the province
    /// issues the set that was provisional (Đức Bồng's blocker lifted). Returns (registration, old set, new set).
    public func refreshCriteriaSets(asOf: LocalDate, by userID: String, now: Date, on connection: Connection) throws -> [(Int64, String?, String)] {
        var changed: [(Int64, String?, String)] = []
        for registration in try registrations(on: connection) where ["REGISTERED", "IMPLEMENTING"].contains(registration.state) {
            let area = try unit(registration.unitCode, on: connection).area
            guard let set = criteria.setForTracking(NTMRegistrationRules.countingScope(for: registration.scope), on: asOf, area: area) else { continue }
            var issued = set.isIssued
            if registration.scope == .communeModel {
                issued = issued && criteria.setForTracking(.communeModel, on: asOf, area: area)?.isIssued == true
            }
            let record = try instance(registration.id, on: connection)
            let current = record.snapshot.data
            guard current["criteria_set"]?.stringValue != set.id || current["criteria_set_issued"]?.boolValue != issued else { continue }
            try step(
                registration.id, "criteria_set_updated",
                input: ["criteria_set": .string(set.id), "criteria_set_issued": .bool(issued), "criteria_total": .int(Int64(set.count))],
                by: userID, now: now, on: connection)
            try connection.execute("UPDATE ntm_registration SET criteria_set = \(set.id) WHERE instance_id = \(registration.id)")
            changed.append((registration.id, registration.criteriaSet, set.id))
        }
        return changed
    }

    /// After a merger, the predecessors' recognitions wait for re-confirmation (thừa nhận) of the merged unit: each
    /// registration holding its level moves to NEEDS_RECONFIRMATION, recorded by the system with the merger's
    /// resolution and the user who entered it. Returns the registrations moved.
    public func unitsMerged(
        _ predecessors: [String], into successor: String, decision: Decision, by userID: String, now: Date, on connection: Connection
    ) throws -> [Int64] {
        var moved: [Int64] = []
        for code in predecessors {
            for registration in try registrations(unit: code, on: connection) where Self.recognisedStates.contains(registration.state) {
                _ = try workflows.fire(
                    FireRequest(
                        instanceID: registration.id, event: "unit_merged", actor: .system,
                        input: [
                            "new_unit_code": .string(successor), "legal_ref": .string(decision.number), "legal_ref_date": .string(decision.date.iso),
                        ], comment: "Sáp nhập vào \(successor), ghi bởi \(userID)", legalRef: decision.historyText, now: now),
                    on: connection)
                moved.append(registration.id)
            }
        }
        return moved
    }
}

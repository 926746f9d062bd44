import Foundation
import LibPQ
import OCOP
import Workflow

/// Computes ``NTMStanding``s: the one place where a unit's NTM figures as of a day are worked out. The district report
/// (``DistrictReportBuilder``), `ocop ntm tally` and `ocop ntm list` (``NTMService/tally(unit:criteriaSet:asOf:)``,
/// ``NTMService/standings(unit:year:asOf:)``), and through the report the API's `/api/v1/ntm/units` and the
/// dashboard's NTM pages all read it, so they cannot disagree.
///
/// Everything is "as of" the day: assessments, progress reports and history rows dated after it are ignored. A
/// history row's day is its business time in Vietnam, except for the decisions — recognition (`recognise`,
/// `record_prior_recognition`), re-confirmation, revocation and merger — which count from their decision's date
/// (`legal_ref_date`), since a recognition entered on 05/01/2024 by a decision of 20/12/2023 held on 31/12/2023.
public struct NTMStandingReader: Sendable {
    public let workflows: WorkflowStore
    public let criteria: CriteriaCatalog

    public init(workflows: WorkflowStore, criteria: CriteriaCatalog) {
        self.workflows = workflows
        self.criteria = criteria
    }

    /// The events whose day is their decision's date.
    static let decisionEvents = ["record_prior_recognition", "recognise", "reconfirm", "revoke", "unit_merged"]

    /// The standing of one unit; nil when there is no such unit.
    public func standing(of unit: String, asOf: LocalDate, on connection: Connection) throws -> NTMStanding? {
        try standings(of: [unit], asOf: asOf, on: connection)[unit]
    }

    /// The standings of several units as of a day, by unit code (unknown codes are left out), read in a fixed
    /// number of queries whatever the number of units. A registration belongs to the unit it was registered under
    /// when that unit is asked for, else to the unit it was merged into by the day.
    public func standings(of units: [String], asOf: LocalDate, on connection: Connection) throws -> [String: NTMStanding] {
        let codes = Array(Set(units))
        var result: [String: NTMStanding] = [:]
        for row in try connection.query("SELECT code, name, kind FROM admin_unit WHERE code = ANY(\(codes))") {
            let ref = DistrictReport.UnitRef(code: try row.decode("code"), name: try row.decode("name"))
            result[ref.code] = NTMStanding(unit: ref, kind: try row.decode("kind"), asOf: asOf)
        }
        guard !result.isEmpty else { return [:] }
        try loadRegistrations(into: &result, asOf: asOf, on: connection)
        try loadCounts(into: &result, asOf: asOf, on: connection)
        try loadScopes(into: &result, asOf: asOf, on: connection)
        return result
    }

    /// Whether a set had been issued by the day.
    func issued(_ set: CriteriaSet, asOf: LocalDate) -> Bool {
        set.isIssued && (set.decision?.date ?? asOf) <= asOf
    }

    // MARK: - Registrations

    private func loadRegistrations(into result: inout [String: NTMStanding], asOf: LocalDate, on connection: Connection) throws {
        let codes = Array(result.keys)
        struct Found {
            var owner: String
            var registration: NTMStanding.Registration
        }
        var found: [Int64: Found] = [:]
        var order: [Int64] = []
        for row in try connection.query(
            """
            SELECT * FROM (
                SELECT r.instance_id, i.definition_id, r.unit_code, u.name, r.scope, r.year, r.criteria_set, r.prior,
                    CASE WHEN r.unit_code = ANY(\(codes)) THEN r.unit_code ELSE admin_unit_current(r.unit_code, \(asOf.iso)::date) END AS owner
                FROM ntm_registration r JOIN admin_unit u ON u.code = r.unit_code JOIN workflow_instance i ON i.id = r.instance_id
                WHERE r.unit_code = ANY(\(codes)) OR EXISTS (SELECT 1 FROM admin_unit_lineage l WHERE l.predecessor = r.unit_code)) x
            WHERE owner = ANY(\(codes))
            ORDER BY year, instance_id
            """)
        {
            let id: Int64 = try row.decode("instance_id")
            order.append(id)
            found[id] = Found(
                owner: try row.decode("owner"),
                registration: NTMStanding.Registration(
                    id: id, definitionID: try row.decode("definition_id"),
                    unit: DistrictReport.UnitRef(code: try row.decode("unit_code"), name: try row.decode("name")), scope: try row.decode("scope"),
                    year: try row.decode("year"), criteriaSet: try row.decode("criteria_set", as: String?.self), prior: try row.decode("prior"), state: "", stateLabel: Bilingual(vi: "", en: ""),
                    recognition: nil))
        }
        guard !found.isEmpty else { return }
        // Each registration's history up to the day, decisions on their decision's date.
        // Arrays are bound as text[]: the ids as text, cast back.
        let ids = found.keys.map(String.init)
        var states: [Int64: String] = [:]
        var recognitions: [Int64: DistrictReport.Recognition] = [:]
        let dated: Query = """
            SELECT t.instance_id, t.seq, t.event, t.to_state, t.input,
                CASE WHEN t.event = ANY(\(Self.decisionEvents)) AND (t.input ->> 'legal_ref_date') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
                     THEN (t.input ->> 'legal_ref_date')::date
                     ELSE (t.at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END AS day
            FROM workflow_transition t WHERE t.instance_id = ANY(\(ids)::bigint[])
            """
        let history = try connection.query(
            """
            SELECT instance_id, event, to_state, input ->> 'legal_ref' AS ref, input ->> 'new_unit_code' AS merged_into,
                to_char(day, 'YYYY-MM-DD') AS day
            FROM (\(dated)) h WHERE day <= \(asOf.iso)::date ORDER BY instance_id, seq
            """)
        for row in history {
            let id = try row.decode("instance_id", as: Int64.self)
            states[id] = try row.decode("to_state", as: String.self)
            let ref = try row.decode("ref", as: String?.self)
            let day = try row.decode("day", as: String?.self).flatMap { LocalDate(iso: $0) }
            let event = try row.decode("event", as: String.self)
            let mergedInto = try row.decode("merged_into", as: String?.self)
            recognitions[id] = Self.fold(recognitions[id], event: event, ref: ref, day: day, mergedInto: mergedInto)
        }
        var definitions: [Int64: WorkflowDefinition] = [:]
        for id in order {
            // Not yet registered on the day.
            guard var entry = found[id], let state = states[id] else { continue }
            if definitions[entry.registration.definitionID] == nil {
                definitions[entry.registration.definitionID] = try workflows.engine(definitionID: entry.registration.definitionID, on: connection).definition
            }
            entry.registration.state = state
            entry.registration.stateLabel = definitions[entry.registration.definitionID]?.state(state)?.label ?? Bilingual(vi: state, en: state)
            if var recognition = recognitions[id] {
                recognition.unit = entry.registration.unit
                recognition.scope = entry.registration.scope
                entry.registration.recognition = recognition
            }
            result[entry.owner]?.registrations.append(entry.registration)
        }
    }

    /// A recognition after one more history row.
    static func fold(
        _ recognition: DistrictReport.Recognition?, event: String, ref: String?, day: LocalDate?, mergedInto: String?
    ) -> DistrictReport.Recognition? {
        var result = recognition
        switch event {
        case "record_prior_recognition", "recognise":
            result = DistrictReport.Recognition(status: .recognised, decision: ref, decisionDate: day)
        case "unit_merged":
            var merged = result ?? DistrictReport.Recognition(status: .recognised, decision: nil, decisionDate: nil)
            merged.status = .awaitingReconfirmation
            merged.mergedInto = mergedInto
            merged.mergerDecision = ref
            merged.mergerDate = day
            result = merged
        case "reconfirm", "revoke":
            result?.status = event == "revoke" ? .revoked : .reconfirmed
            result?.laterDecision = ref
            result?.laterDecisionDate = day
        default:
            break
        }
        return result
    }

    // MARK: - Counts

    private func loadCounts(into result: inout [String: NTMStanding], asOf: LocalDate, on connection: Connection) throws {
        let codes = Array(result.keys)
        let scoped: Query = "unit_code = ANY(\(codes)) AND as_of <= \(asOf.iso)::date"
        var tallies: [String: [String: (statuses: [Assessment], asOf: LocalDate)]] = [:]
        for row in try connection.query(
            // The day is formatted outside DISTINCT ON: inside, to_char would run on every row scanned, not on the
            // latest ones only (half the statement's time at 1,000 communes).
            """
            SELECT unit_code, criteria_set, status, to_char(as_of, 'YYYY-MM-DD') AS day FROM (
                SELECT DISTINCT ON (unit_code, criteria_set, criterion) unit_code, criteria_set, status, as_of
                FROM ntm_assessment WHERE \(scoped) AND status IS NOT NULL ORDER BY unit_code, criteria_set, criterion, as_of DESC
            ) latest
            """)
        {
            let (unit, setID): (String, String) = (try row.decode("unit_code"), try row.decode("criteria_set"))
            let day = LocalDate(iso: try row.decode("day")) ?? asOf
            var entry = tallies[unit]?[setID] ?? ([], day)
            entry.statuses.append(NTMAssessmentStore.status(try row.decode("status")))
            entry.asOf = max(entry.asOf, day)
            tallies[unit, default: [:]][setID] = entry
        }
        for (unit, sets) in tallies {
            for (setID, assessed) in sets {
                guard let set = try? criteria.set(id: setID), set.tracking == .perCriterion,
                    let tally = CriteriaTally(statuses: assessed.statuses, total: set.count)
                else { continue }
                result[unit]?.counts[setID] = DistrictReport.CriteriaCount(
                    criteriaSet: set.id, criteriaSetName: set.name, setIssued: issued(set, asOf: asOf), total: set.count, met: tally.met,
                    basicallyMet: tally.basicallyMet, notYetMet: tally.notYetMet, metOrBasicallyMet: tally.metOrBasicallyMet, source: .perCriterion,
                    asOf: assessed.asOf)
            }
        }
        // A reported count replaces the assessments' tally only when it is as of a later day.
        for row in try connection.query(
            """
            SELECT DISTINCT ON (unit_code, criteria_set) unit_code, criteria_set, criteria_total, met, basically_met, met_or_basically_met,
                to_char(as_of, 'YYYY-MM-DD') AS day
            FROM ntm_progress WHERE \(scoped) AND met_or_basically_met IS NOT NULL ORDER BY unit_code, criteria_set, as_of DESC
            """)
        {
            let (unit, setID): (String, String) = (try row.decode("unit_code"), try row.decode("criteria_set"))
            guard let set = try? criteria.set(id: setID) else { continue }
            let day = LocalDate(iso: try row.decode("day")) ?? asOf
            if let tallied = result[unit]?.counts[setID], tallied.asOf >= day { continue }
            result[unit]?.counts[setID] = DistrictReport.CriteriaCount(
                criteriaSet: set.id, criteriaSetName: set.name, setIssued: issued(set, asOf: asOf), total: try row.decode("criteria_total"),
                met: try row.decode("met"), basicallyMet: try row.decode("basically_met"), notYetMet: nil,
                metOrBasicallyMet: try row.decode("met_or_basically_met"), source: .reportedCount, asOf: day)
        }
    }

    // MARK: - Scopes

    private func loadScopes(into result: inout [String: NTMStanding], asOf: LocalDate, on connection: Connection) throws {
        let codes = Array(result.keys)
        let scoped: Query = "unit_code = ANY(\(codes)) AND as_of <= \(asOf.iso)::date"
        let yearStart = LocalDate(year: asOf.year, month: 1, day: 1)!
        for row in try connection.query(
            """
            SELECT DISTINCT ON (unit_code, scope) unit_code, scope, criteria_set, to_char(as_of, 'YYYY-MM-DD') AS day
            FROM ntm_progress WHERE \(scoped) AND met_or_basically_met IS NOT NULL ORDER BY unit_code, scope, as_of DESC
            """)
        {
            let (unit, scope): (String, String) = (try row.decode("unit_code"), try row.decode("scope"))
            result[unit]?.scopes[scope, default: .init()].countSet = try row.decode("criteria_set")
            result[unit]?.scopes[scope, default: .init()].countAsOf = LocalDate(iso: try row.decode("day"))
        }
        for row in try connection.query(
            """
            SELECT DISTINCT ON (unit_code, scope) unit_code, scope, model_conditions_met
            FROM ntm_progress WHERE \(scoped) AND model_conditions_met IS NOT NULL ORDER BY unit_code, scope, as_of DESC
            """)
        {
            let (unit, scope): (String, String) = (try row.decode("unit_code"), try row.decode("scope"))
            result[unit]?.scopes[scope, default: .init()].modelConditionsMet = try row.decode("model_conditions_met")
        }
        for row in try connection.query(
            """
            SELECT DISTINCT ON (unit_code, scope) unit_code, scope, progress_min, progress_max, progress_kind, to_char(as_of, 'YYYY-MM-DD') AS day
            FROM ntm_progress WHERE \(scoped) AND progress_min IS NOT NULL AND as_of >= \(yearStart.iso)::date
            ORDER BY unit_code, scope, as_of DESC
            """)
        {
            let (unit, scope): (String, String) = (try row.decode("unit_code"), try row.decode("scope"))
            if let plan = PlanProgress(min: try row.decode("progress_min"), max: try row.decode("progress_max"), kind: try row.decode("progress_kind")) {
                result[unit]?.scopes[scope, default: .init()].progress = plan.range(asOf: LocalDate(iso: try row.decode("day")) ?? asOf)
            }
        }
    }
}

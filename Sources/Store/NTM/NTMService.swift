import Foundation
import LibPQ
import OCOP
import Workflow

/// The NTM programme's operations (DOMAIN §4, §6.6): units register a target level for a year, report progress
/// (criteria counts and % of the plan's volume), and go through self-assessment, dossier, verification, appraisal
/// and recognition; the district records key results and year-end forecasts.
///
/// Each operation runs on a `Connection` inside the caller's transaction; state changes only through the
/// `ntm_registration` workflow, and the rows of `sql/0009_ntm_registrations.sql` are written in the same transaction.
/// Errors are ``OCOPError`` (forbidden, not found, bad input, duplicate, wrong stage) in both languages.
public struct NTMService: Sendable {
    public typealias Scope = CriteriaSet.Scope
    static let workflow = "ntm_registration"
    /// The name events reserved to this service carry in the workflow files (`service: ntm`).
    public static let serviceName = "ntm"
    static let what = Bilingual(vi: "đăng ký NTM", en: "NTM registration")
    /// States in which a registration is no longer open.
    public static let closedStates: Set<String> = ["CARRIED_OVER", "REVOKED", "WITHDRAWN"]
    /// States in which the unit holds the level.
    public static let recognisedStates: Set<String> = ["RECOGNISED", "MAINTAINING"]

    public let workflows: WorkflowStore
    public let criteria: CriteriaCatalog
    public let rules: NTMRegistrationRules
    public var assessments: NTMAssessmentStore { NTMAssessmentStore(criteria: criteria) }
    let users = UserStore()
    let access = AccessPolicy()

    public init(workflows: WorkflowStore, criteria: CriteriaCatalog, rules: NTMRegistrationRules) {
        self.workflows = workflows
        self.criteria = criteria
        self.rules = rules
    }

    /// Loads the criteria sets (`criteria/`) and the registration rules (`ntm/registration-rules.yaml`) of a folder.
    public static func load(workflows: WorkflowStore, directory: URL) throws -> NTMService {
        NTMService(
            workflows: workflows, criteria: try CriteriaCatalog.load(directory: directory.appendingPathComponent("criteria")),
            rules: try NTMRegistrationRules.load(contentsOf: directory.appendingPathComponent("ntm/registration-rules.yaml")))
    }

    // MARK: - Registration

    /// What a unit registers: a target level for a year (đăng ký đạt chuẩn).
    public struct RegistrationForm: Sendable, Hashable {
        public var unitCode: String
        public var scope: Scope
        public var year: Int
        /// The last day of the registration year; default 31/12 of `year`.
        public var yearEndsOn: LocalDate?
        public init(unitCode: String, scope: Scope, year: Int, yearEndsOn: LocalDate? = nil) {
            self.unitCode = unitCode
            self.scope = scope
            self.year = year
            self.yearEndsOn = yearEndsOn
        }
    }

    /// A registration as stored.
    public struct Registration: Sendable, Hashable {
        public var id: Int64
        public var unitCode: String
        public var unitName: String
        public var scope: Scope
        public var year: Int
        public var criteriaSet: String?
        public var state: String
        public var prior: Bool
        /// The workflow version the registration runs on (for its states' labels).
        public var definitionID: Int64
    }

    /// Registers a unit for a target level and year (REGISTERED). Refuses a second open registration of the same
    /// (unit, scope, year), a unit of the wrong kind, and a unit not yet recognised at the level the rules require.
    public func register(_ form: RegistrationForm, by userID: String, now: Date, on connection: Connection) throws -> Int64 {
        let unit = try self.unit(form.unitCode, on: connection)
        let today = LocalDate(vietnamDayOf: now)
        try checkKind(unit, scope: form.scope)
        try lockAndCheckOpen(form, on: connection)
        try checkPrerequisites(unit, scope: form.scope, asOf: today, on: connection)
        return try start(form, unit: unit, prior: false, by: userID, now: now, on: connection)
    }

    /// Enters a recognition made before the unit was tracked here (e.g. advanced NTM for 2021, 283/QĐ-UBND of
    /// 26/01/2022): a registration for that year that goes straight to RECOGNISED with the decision.
    public func recordPriorRecognition(
        _ form: RegistrationForm, decision: Decision, by userID: String, now: Date, on connection: Connection
    ) throws -> Int64 {
        let unit = try self.unit(form.unitCode, on: connection)
        try checkKind(unit, scope: form.scope)
        try lockAndCheckOpen(form, on: connection)
        let id = try start(form, unit: unit, prior: true, by: userID, now: now, on: connection)
        try step(id, "record_prior_recognition", decision: decision, by: userID, now: now, on: connection)
        return id
    }

    /// The district's steering committee approves the unit's plan (REGISTERED → IMPLEMENTING).
    public func approvePlan(_ id: Int64, decision: Decision, by userID: String, now: Date, on connection: Connection) throws {
        try step(id, "approve_plan", decision: decision, by: userID, now: now, on: connection)
    }

    /// Self-assessment (IMPLEMENTING → SELF_ASSESSED): when the criteria are assessed one by one, their latest
    /// statuses are first reported, so the guard counts đạt only; the set must be issued (not Đức Bồng's case).
    public func selfAssess(_ id: Int64, by userID: String, now: Date, on connection: Connection) throws {
        let record = try instance(id, on: connection)
        let today = LocalDate(vietnamDayOf: now)
        if let setID = record.snapshot.data["criteria_set"]?.stringValue, let set = try? criteria.set(id: setID),
            set.tracking == .perCriterion
        {
            let latest = try assessments.latest(unit: record.unitCode ?? "", criteriaSet: setID, asOf: today, on: connection)
            let statuses = latest.values.compactMap(\.status)
            if !statuses.isEmpty, let tally = CriteriaTally(statuses: statuses, total: set.count) {
                try step(
                    id, "report_progress",
                    input: [
                        "as_of": .string(today.iso), "criteria_met": .int(Int64(tally.met)), "criteria_basically_met": .int(Int64(tally.basicallyMet)),
                        "criteria_met_or_basically_met": .int(Int64(tally.metOrBasicallyMet)),
                    ], by: userID, now: now, on: connection)
            }
        }
        try step(id, "self_assess", by: userID, now: now, on: connection)
    }

    /// Any other step of the registration workflow (submit_dossier, verify, return, appraise, recognise, …).
    public func step(
        _ id: Int64, _ event: String, input: [String: JSONValue] = [:], decision: Decision? = nil, comment: String? = nil, by userID: String,
        now: Date, on connection: Connection
    ) throws {
        let record = try instance(id, on: connection)
        let actor = try actor(userID, unitCode: record.unitCode, recordID: record.id, on: connection)
        var input = input
        if let decision {
            try Self.refuseFuture(decision.date, now: now, what: Bilingual(vi: "ngày quyết định", en: "the decision date"))
            input["legal_ref"] = .string(decision.number)
            input["legal_ref_date"] = .string(decision.date.iso)
        }
        _ = try workflows.fire(
            FireRequest(
                instanceID: id, event: event, actor: actor, input: input, comment: comment, legalRef: decision?.historyText, now: now,
                service: Self.serviceName),
            on: connection)
    }

    /// Registrations of a unit (all scopes and years), newest first.
    public func registrations(unit: String? = nil, year: Int? = nil, on connection: Connection) throws -> [Registration] {
        var query: Query = """
            SELECT r.instance_id, r.unit_code, u.name, r.scope, r.year, r.criteria_set, i.state, r.prior, i.definition_id
            FROM ntm_registration r JOIN workflow_instance i ON i.id = r.instance_id JOIN admin_unit u ON u.code = r.unit_code
            WHERE true
            """
        if let unit { query.append(" AND r.unit_code = \(unit)") }
        if let year { query.append(" AND r.year = \(year)") }
        query.append(" ORDER BY r.year DESC, r.unit_code, r.scope")
        return try connection.query(query).map { row in
            Registration(
                id: try row.decode("instance_id", as: Int64.self), unitCode: try row.decode("unit_code", as: String.self),
                unitName: try row.decode("name", as: String.self),
                scope: Scope(rawValue: try row.decode("scope", as: String.self)) ?? .communeStandard, year: try row.decode("year", as: Int.self),
                criteriaSet: try row.decode("criteria_set", as: String?.self), state: try row.decode("state", as: String.self),
                prior: try row.decode("prior", as: Bool.self), definitionID: try row.decode("definition_id", as: Int64.self))
        }
    }

    // MARK: - Helpers

    struct UnitRow {
        var code: String
        var name: String
        var kind: String
        /// The unit's province, which chooses localised criteria sets.
        var area: CriteriaCatalog.Area
    }

    func unit(_ code: String, on connection: Connection) throws -> UnitRow {
        guard
            let row = try connection.query(
                """
                SELECT u.code, u.name, u.kind, p.code AS province_code, p.gso_code AS province_gso, p.name AS province_name
                FROM admin_unit u LEFT JOIN admin_unit p ON p.code = admin_unit_province(u.code)
                WHERE u.code = \(code)
                """
            ).first
        else {
            throw OCOPError(.notFound, vi: "không có đơn vị \"\(code)\"", en: "no unit \"\(code)\"")
        }
        return UnitRow(
            code: try row.decode("code", as: String.self), name: try row.decode("name", as: String.self), kind: try row.decode("kind", as: String.self),
            area: CriteriaCatalog.Area([try row.decode("province_code"), try row.decode("province_gso"), try row.decode("province_name")]))
    }

    private func checkKind(_ unit: UnitRow, scope: Scope) throws {
        let kinds = rules.unitKinds[scope] ?? []
        guard kinds.contains(unit.kind) else {
            throw OCOPError(
                .badInput, vi: "\(unit.name) (\(unit.kind)) không thể đăng ký \(scope.rawValue); dành cho: \(kinds.joined(separator: ", "))",
                en: "\(unit.name) (\(unit.kind)) cannot register \(scope.rawValue); it is for: \(kinds.joined(separator: ", "))")
        }
    }

    /// Serialises registrations of one (unit, scope, year) and refuses a second open one.
    func lockAndCheckOpen(_ form: RegistrationForm, on connection: Connection) throws {
        let key = "ntm:\(form.unitCode):\(form.scope.rawValue):\(form.year)"
        try connection.execute("SELECT pg_advisory_xact_lock(hashtext(\(key)))")
        let open = try registrations(unit: form.unitCode, year: form.year, on: connection)
            .filter { $0.scope == form.scope && !Self.closedStates.contains($0.state) }
        if let first = open.first {
            throw OCOPError(
                .duplicate, vi: "\(first.unitName) đã đăng ký \(form.scope.rawValue) năm \(form.year) (số \(first.id), \(first.state))",
                en: "\(first.unitName) already registered \(form.scope.rawValue) for \(form.year) (number \(first.id), \(first.state))")
        }
    }

    private func checkPrerequisites(_ unit: UnitRow, scope: Scope, asOf: LocalDate, on connection: Connection) throws {
        let accepted = rules.acceptedRecognitions(for: scope)
        guard !accepted.isEmpty else { return }
        let held = try registrations(unit: unit.code, on: connection).filter { Self.recognisedStates.contains($0.state) }.map(\.scope)
        guard held.contains(where: accepted.contains) else {
            let order = CriteriaSet.Scope.allCases
            let lowest = accepted.min { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }!
            throw OCOPError(
                .wrongStage,
                vi: "\(unit.name) chưa được công nhận \(lowest.label.vi) (\(lowest.rawValue)), nên chưa thể đăng ký \(scope.label.vi) (\(scope.rawValue))",
                en: "\(unit.name) is not yet recognised as \(lowest.label.en) (\(lowest.rawValue)), so it cannot register \(scope.label.en) (\(scope.rawValue))")
        }
    }

    func start(
        _ form: RegistrationForm, unit: UnitRow, prior: Bool, carriedFrom: Int64? = nil, by userID: String, now: Date, on connection: Connection
    ) throws -> Int64 {
        let actor = try actor(userID, unitCode: unit.code, on: connection)
        let today = LocalDate(vietnamDayOf: now)
        guard (2010...2100).contains(form.year) else {
            throw OCOPError(.badInput, vi: "năm \(form.year) không hợp lệ", en: "year \(form.year) is invalid")
        }
        let yearEnd = form.yearEndsOn ?? LocalDate(year: form.year, month: 12, day: 31)!
        let reference = max(min(today, yearEnd), LocalDate(year: form.year, month: 1, day: 1)!)
        let countingScope = NTMRegistrationRules.countingScope(for: form.scope)
        // The set in force on the day, else the one that comes into force later in the registration year.
        let set =
            criteria.setForTracking(countingScope, on: reference, area: unit.area) ?? criteria.setForTracking(countingScope, on: yearEnd, area: unit.area)
        if set == nil, !prior {
            throw OCOPError(
                .badInput, vi: "không có bộ tiêu chí \(countingScope.rawValue) nào có hiệu lực ngày \(reference.displayString)",
                en: "no \(countingScope.rawValue) criteria set is in force on \(reference.displayString)")
        }
        var data: [String: JSONValue] = [
            "unit_code": .string(unit.code), "unit_name": .string(unit.name), "scope": .string(form.scope.rawValue),
            "year": .int(Int64(form.year)), "year_ends_on": .string(yearEnd.iso),
        ]
        if let carriedFrom { data["carried_from"] = .int(carriedFrom) }
        if let set {
            var issued = set.isIssued
            if form.scope == .communeModel {
                let model =
                    criteria.setForTracking(.communeModel, on: reference, area: unit.area)
                    ?? criteria.setForTracking(.communeModel, on: yearEnd, area: unit.area)
                issued = issued && model?.isIssued == true
            }
            data["criteria_set"] = .string(set.id)
            data["criteria_set_issued"] = .bool(issued)
            data["criteria_total"] = .int(Int64(set.count))
        }
        let record = try workflows.start(workflow: Self.workflow, actor: actor, data: data, unitCode: unit.code, now: now, on: connection)
        try connection.execute(
            """
            INSERT INTO ntm_registration (instance_id, unit_code, scope, year, criteria_set, registered_on, prior, carried_from)
            VALUES (\(record.id), \(unit.code), \(form.scope.rawValue), \(form.year), \(set?.id), \(today.iso)::date, \(prior), \(carriedFrom))
            """)
        return record.id
    }

    func instance(_ id: Int64, on connection: Connection) throws -> InstanceRecord {
        let record: InstanceRecord
        do {
            record = try workflows.instance(id, on: connection)
        } catch let error as WorkflowStoreError where error.code == .instanceNotFound {
            throw OCOPError(.notFound, vi: "không có \(Self.what.vi) số \(id)", en: "no \(Self.what.en) number \(id)")
        }
        guard record.workflow == Self.workflow else {
            throw OCOPError(.notFound, vi: "không có \(Self.what.vi) số \(id)", en: "no \(Self.what.en) number \(id)")
        }
        return record
    }

    /// The actor for a step on a unit's record: only the roles whose grants cover the unit.
    public func actor(_ userID: String, unitCode: String?, recordID: Int64? = nil, on connection: Connection) throws -> WorkflowActor {
        WorkflowActor(
            id: userID,
            roles: try access.coveringRoles(of: userID, users: users, subjectID: nil, unitCode: unitCode, recordID: recordID, on: connection))
    }

    /// Refuses figures or a decision dated after the business day of the request (`now`, Vietnam time): a day still
    /// to come has no figures yet, and a report as of it would change when it comes.
    static func refuseFuture(_ day: LocalDate, now: Date, what: Bilingual = Bilingual(vi: "ngày số liệu", en: "the as-of date")) throws {
        let today = LocalDate(vietnamDayOf: now)
        guard day > today else { return }
        let message = futureMessage(day, today: today, what: what)
        throw OCOPError(.badInput, vi: message.vi, en: message.en)
    }

    /// "ngày số liệu 31/12/2099 sau ngày nghiệp vụ 05/03/2026 …", both languages.
    static func futureMessage(_ day: LocalDate, today: LocalDate, what: Bilingual) -> Bilingual {
        Bilingual(
            vi: "\(what.vi) \(day.displayString) ở sau ngày nghiệp vụ \(today.displayString); không ghi được số liệu cho ngày chưa tới",
            en: "\(what.en) \(day.displayString) is after the business day \(today.displayString); figures cannot be recorded for a day still to come")
    }

    /// A transaction-scoped lock on one key of the time series, so that check-then-insert cannot race.
    static func lock(_ parts: String..., on connection: Connection) throws {
        let key = "ntm:" + parts.joined(separator: ":")
        try connection.execute("SELECT pg_advisory_xact_lock(hashtext(\(key)))")
    }

}

import Foundation
import LibPQ
import OCOP
import Workflow

/// Builds a ``DistrictReport`` from the database as of a date.
///
/// Every figure is read "as of" the day: workflow states from the last history row whose business time falls on or
/// before the day (Asia/Ho_Chi_Minh), and the latest assessment, progress report, result and forecast dated on or
/// before it. Nothing recorded with a later date changes the report. Criteria counts carry over from earlier years;
/// % KH, being a share of one year's plan, and key results count only within the report's year.
public struct DistrictReportBuilder: Sendable {
    /// The store whose definitions give the states' labels.
    public let workflows: WorkflowStore
    public let criteria: CriteriaCatalog
    /// How far ahead of the date a certificate counts as expiring.
    public let expiringWithinDays: Int

    public init(workflows: WorkflowStore, criteria: CriteriaCatalog, expiringWithinDays: Int = 90) {
        self.workflows = workflows
        self.criteria = criteria
        self.expiringWithinDays = expiringWithinDays
    }

    /// The district to report on when none is named: the only district in the database, else nil.
    public static func soleDistrict(on connection: Connection) throws -> String? {
        let rows = try connection.query("SELECT code FROM admin_unit WHERE kind = 'district' ORDER BY code LIMIT 2")
        return rows.count == 1 ? try rows[0].decode("code", as: String.self) : nil
    }

    /// The report for `district` (a unit of kind district) as of `asOf`.
    public func build(district: String, asOf: LocalDate, on connection: Connection) throws -> DistrictReport {
        guard let row = try connection.query("SELECT code, name, kind FROM admin_unit WHERE code = \(district)").first,
            try row.decode("kind", as: String.self) == "district"
        else {
            throw OCOPError(.notFound, vi: "không có huyện \"\(district)\"", en: "no district \"\(district)\"")
        }
        var run = Run(builder: self, district: district, asOf: asOf, connection: connection)
        try run.load()
        let ref = DistrictReport.UnitRef(code: district, name: try row.decode("name", as: String.self))
        return DistrictReport(
            district: ref, asOf: asOf, year: asOf.year, districtCriteria: try run.districtCriteria(ref), results: try run.results(),
            communeGroups: try run.communeGroups(), towns: try run.towns(), residential: try run.residential(), ocop: try run.ocop())
    }
}

extension DistrictReportBuilder {
    typealias Scope = CriteriaSet.Scope

    /// A registration as it stood on the day, with the unit it is reported under (after a merger, the merged unit).
    struct RegistrationAsOf {
        var standing: NTMStanding.Registration
        var unit: DistrictReport.UnitRef
        var unitKind: String
        var scope: Scope
        var id: Int64 { standing.id }
        var year: Int { standing.year }
        var state: String { standing.state }
        var criteriaSet: String? { standing.criteriaSet }
        var open: Bool { standing.open }
        var recognised: Bool { standing.holdsLevel }
    }

    /// One build: the day's standings of every unit of the district (``NTMStandingReader``), loaded once.
    struct Run {
        let builder: DistrictReportBuilder
        let district: String
        let asOf: LocalDate
        let connection: Connection
        var registrations: [RegistrationAsOf] = []
        /// The registrations by the unit they are reported under, in the same order: a unit's own are looked up, not
        /// filtered out of every registration for each unit (which cost units × registrations).
        var registrationsByUnit: [String: [RegistrationAsOf]] = [:]
        var units: [(ref: DistrictReport.UnitRef, kind: String)] = []
        /// Each unit's standing on the day: counts per set, registrations, figures per scope.
        var standings: [String: NTMStanding] = [:]
        var labels: [Int64: WorkflowDefinition] = [:]
        /// The district's province, which chooses localised criteria sets.
        var area = CriteriaCatalog.Area.national
        /// Every unit within the district (itself, its communes, their villages, and the units merged into any of them),
        /// read once: the report's queries filter with `unit_code = ANY(…)` instead of calling `admin_unit_within()` on
        /// every row, whose cost grew with the number of units squared (issue 15).
        var subtree: [String] = []

        init(builder: DistrictReportBuilder, district: String, asOf: LocalDate, connection: Connection) {
            self.builder = builder
            self.district = district
            self.asOf = asOf
            self.connection = connection
        }

        /// The first instant after the day, in Vietnam.
        var end: Query { "((\(asOf.iso)::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')" }
        var yearStart: LocalDate { LocalDate(year: asOf.year, month: 1, day: 1)! }

        mutating func load() throws {
            if let province = try connection.query(
                "SELECT code, gso_code, name FROM admin_unit WHERE code = admin_unit_province(\(district))"
            ).first {
                area = CriteriaCatalog.Area([try province.decode("code"), try province.decode("gso_code"), try province.decode("name")])
            }
            subtree = try AdminUnitTree.subtree(of: district, on: connection)
            for row in try connection.query(
                """
                SELECT code, name, kind FROM admin_unit
                WHERE code = ANY(\(subtree)) AND valid_from <= \(asOf.iso)::date
                  AND (valid_to IS NULL OR valid_to >= \(asOf.iso)::date)
                ORDER BY kind, name
                """)
            {
                units.append((DistrictReport.UnitRef(code: try row.decode("code"), name: try row.decode("name")), try row.decode("kind")))
            }
            let reader = NTMStandingReader(workflows: builder.workflows, criteria: builder.criteria)
            standings = try reader.standings(of: units.map(\.ref.code) + [district], asOf: asOf, on: connection)
            for standing in standings.values {
                for registration in standing.registrations {
                    guard let scope = registration.scopeValue else { continue }
                    registrations.append(RegistrationAsOf(standing: registration, unit: standing.unit, unitKind: standing.kind, scope: scope))
                }
            }
            registrations.sort { ($0.year, $0.id) < ($1.year, $1.id) }
            registrationsByUnit = Dictionary(grouping: registrations, by: \.unit.code)
        }

        // MARK: Units

        func stateLabel(_ registration: RegistrationAsOf) -> Bilingual { registration.standing.stateLabel }

        /// Whether a set had been issued by the day.
        func issued(_ set: CriteriaSet) -> Bool {
            set.isIssued && (set.decision?.date ?? asOf) <= asOf
        }

        /// The figures a unit reported on a scope.
        func figures(_ unit: String, _ scope: Scope) -> NTMStanding.ScopeFigures? { standings[unit]?.scopes[scope.rawValue] }

        /// The "x/N" of a unit on a scope: the standing's count on the registration's set, else on the set of the
        /// scope's latest reported count.
        func count(unit: String, scope: Scope, setID: String?) -> DistrictReport.CriteriaCount? {
            guard let setID = setID ?? figures(unit, scope)?.countSet else { return nil }
            return standings[unit]?.count(on: setID)
        }

        mutating func progress(of registration: RegistrationAsOf) throws -> DistrictReport.UnitProgress {
            let unit = registration.unit.code
            var blockers: [Bilingual] = []
            // A provisional per-criterion set (Đức Bồng's case); count-only sets of villages, clusters… are provisional
            // by nature (§9.15) and are not flagged unit by unit.
            if registration.open, let setID = registration.criteriaSet, let set = try? builder.criteria.set(id: setID), !issued(set),
                set.tracking == .perCriterion
            {
                blockers.append(Bilingual(
                    vi: "Tỉnh chưa ban hành bộ tiêu chí (\(set.name.vi)): chưa thể xây dựng hồ sơ đánh giá",
                    en: "The province has not issued the criteria set (\(set.name.en)): no evaluation dossier can be built yet"))
            }
            let isModel = registration.scope == .communeModel
            let figures = figures(unit, registration.scope)
            return DistrictReport.UnitProgress(
                unit: registration.unit, scope: registration.scope.rawValue, registrationID: registration.id, registrationYear: registration.year,
                state: registration.state, stateLabel: stateLabel(registration),
                criteria: count(unit: unit, scope: registration.scope, setID: registration.criteriaSet),
                modelConditionsMet: isModel ? figures?.modelConditionsMet : nil,
                modelConditionsTotal: isModel ? (builder.criteria.setForTracking(.communeModel, on: asOf, area: area)?.count ?? 4) : nil,
                progress: figures?.progress, blockers: blockers, recognition: registration.standing.recognition)
        }

        /// A unit without a registration in a group: its latest reported figures on whichever scope it reported, and
        /// its latest recognition (held, revoked or awaiting re-confirmation) if any.
        func unregistered(_ unit: DistrictReport.UnitRef) throws -> DistrictReport.UnitProgress {
            let scopes = (standings[unit.code]?.scopes ?? [:]).compactMap { key, value in Scope(rawValue: key).map { ($0, value) } }
            let latest = scopes.max { lhs, rhs in (lhs.1.latest ?? asOf, lhs.0.rawValue) < (rhs.1.latest ?? asOf, rhs.0.rawValue) }?.0
            let recognition = registrationsByUnit[unit.code]?.last { $0.standing.recognition != nil }?.standing.recognition
            return DistrictReport.UnitProgress(
                unit: unit, scope: latest?.rawValue, registrationID: nil, registrationYear: nil, state: nil, stateLabel: nil,
                criteria: latest.flatMap { count(unit: unit.code, scope: $0, setID: nil) }, modelConditionsMet: nil,
                modelConditionsTotal: nil, progress: latest.flatMap { figures(unit.code, $0)?.progress }, blockers: [], recognition: recognition)
        }
        static func group(_ kind: DistrictReport.GroupKind, year: Int, _ units: [DistrictReport.UnitProgress]) -> DistrictReport.UnitGroup? {
            guard !units.isEmpty else { return nil }
            return DistrictReport.UnitGroup(kind: kind, title: kind.title(year: year), units: units, progress: Self.span(units.compactMap(\.progress)))
        }

        /// The range covering several ranges, of the least certain kind.
        static func span(_ ranges: [DistrictReport.ProgressRange]) -> DistrictReport.ProgressRange? {
            guard let first = ranges.first else { return nil }
            let order: [DistrictReport.ProgressKind] = [.achieved, .estimate, .forecast]
            return DistrictReport.ProgressRange(
                min: ranges.map(\.min).min() ?? first.min, max: ranges.map(\.max).max() ?? first.max,
                kind: ranges.map(\.kind).max { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! } ?? first.kind,
                asOf: ranges.map(\.asOf).max() ?? first.asOf)
        }

        mutating func communeGroups() throws -> [DistrictReport.UnitGroup] {
            var buckets: [DistrictReport.GroupKind: [DistrictReport.UnitProgress]] = [:]
            let year = asOf.year
            for (unit, kind) in units where kind == "commune" || kind == "ward" {
                let own = registrationsByUnit[unit.code] ?? []
                // This year's registrations, open or already recognised by the day: a commune recognised this year is
                // reported in its group as recognised, no longer among the remaining ones.
                let thisYear = own.filter { $0.year == year && ($0.open || $0.recognised) }
                let higher: [Scope] = [.communeAdvanced, .communeModel]
                if let registration = thisYear.first(where: { $0.scope == .communeModel }) {
                    buckets[.model, default: []].append(try progress(of: registration))
                } else if let registration = thisYear.first(where: { $0.scope == .communeAdvanced }) {
                    buckets[.advanced, default: []].append(try progress(of: registration))
                } else if let registration = thisYear.first(where: { $0.scope == .communeStandard }) {
                    buckets[.standard, default: []].append(try progress(of: registration))
                } else if let registration = own.last(where: { $0.recognised && higher.contains($0.scope) }) {
                    buckets[.maintaining, default: []].append(try progress(of: registration))
                } else if let registration = own.last(where: { $0.state == "NEEDS_RECONFIRMATION" && higher.contains($0.scope) }) {
                    // Merged: its advanced (or model) recognition awaits re-confirmation of the merged commune.
                    buckets[.maintaining, default: []].append(try progress(of: registration))
                } else if let registration = own.last(where: { $0.recognised || $0.state == "NEEDS_RECONFIRMATION" }) {
                    // Recognised NTM in an earlier year (or awaiting re-confirmation of it): no longer a remaining commune.
                    buckets[.recognised, default: []].append(try progress(of: registration))
                } else {
                    buckets[.remaining, default: []].append(try unregistered(unit))
                }
            }
            return DistrictReport.GroupKind.allCases.compactMap { kind in Self.group(kind, year: year, buckets[kind] ?? []) }
        }

        mutating func towns() throws -> [DistrictReport.UnitProgress] {
            var result: [DistrictReport.UnitProgress] = []
            for (unit, kind) in units where kind == "town" {
                let own = (registrationsByUnit[unit.code] ?? []).filter { $0.scope == .urbanCivilised }
                if let registration = own.last(where: { $0.year == asOf.year && $0.open }) ?? own.last(where: \.recognised) {
                    result.append(try progress(of: registration))
                } else {
                    result.append(try unregistered(unit))
                }
            }
            return result
        }

        // MARK: District

        mutating func districtCriteria(_ ref: DistrictReport.UnitRef) throws -> DistrictReport.DistrictCriteria? {
            let own = (registrationsByUnit[district] ?? []).filter { $0.scope == .districtAdvanced }
            let registration = own.last(where: { $0.year == asOf.year && $0.open }) ?? own.last(where: \.recognised) ?? own.last
            let setID = registration?.criteriaSet ?? builder.criteria.setForTracking(.districtAdvanced, on: asOf, area: area)?.id
            guard let setID, let set = try? builder.criteria.set(id: setID) else { return nil }
            let latest = try NTMAssessmentStore(criteria: builder.criteria).latest(unit: district, criteriaSet: set.id, asOf: asOf, on: connection)
            guard registration != nil || !latest.isEmpty else { return nil }
            let criteria = set.criteria.map { criterion in
                let entry = latest[criterion.code]
                return DistrictReport.CriterionProgress(
                    code: criterion.code, name: (criterion.shortName ?? criterion.name),
                    status: entry?.status.map(NTMAssessmentStore.code),
                    progress: entry?.progressAsOf.flatMap { day in day.year == asOf.year ? entry?.progress?.range(asOf: day) : nil },
                    note: entry?.note)
            }
            return DistrictReport.DistrictCriteria(
                criteriaSet: set.id, criteriaSetName: set.name, registration: try registration.map { try progress(of: $0) }, criteria: criteria)
        }

        func results() throws -> [DistrictReport.KeyResult] {
            try connection.query(
                """
                SELECT * FROM (
                    SELECT DISTINCT ON (r.unit_code, r.code) r.unit_code, u.name, r.code, r.label_vi, r.label_en, r.quantity, r.measure, r.detail,
                        r.criterion, to_char(r.as_of, 'YYYY-MM-DD') AS day, r.seq
                    FROM ntm_result r JOIN admin_unit u ON u.code = r.unit_code
                    WHERE r.unit_code = ANY(\(subtree)) AND r.as_of BETWEEN \(yearStart.iso)::date AND \(asOf.iso)::date
                    ORDER BY r.unit_code, r.code, r.as_of DESC) latest
                ORDER BY seq
                """
            ).map { row in
                let vi: String = try row.decode("label_vi")
                return DistrictReport.KeyResult(
                    unit: DistrictReport.UnitRef(code: try row.decode("unit_code"), name: try row.decode("name")), code: try row.decode("code"),
                    label: Bilingual(vi: vi, en: try row.decode("label_en", as: String?.self) ?? vi), quantity: try row.decode("quantity"),
                    measure: try row.decode("measure"), detail: try row.decode("detail"), criterion: try row.decode("criterion"),
                    asOf: LocalDate(iso: try row.decode("day")) ?? asOf)
            }
        }
    }
}

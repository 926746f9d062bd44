import Foundation
import LibPQ
import OCOP
import Workflow

/// The district report and NTM progress as one caller may read them: which district a request is about, whether the
/// caller may read it, the report, and which of its units the caller may see. One place, so that the JSON API and the
/// dashboard apply exactly the same rules.
///
/// - Staff and reviewers read; a producer (role CT, or any grant limited to a subject) does not: 403.
/// - The whole report needs a grant covering the district, as ``AccessPolicy`` counts it: unscoped (a province-level
///   role), or scoped to the district or a unit above it.
/// - NTM progress per unit is filtered to the units the caller's grants cover, so a commune officer sees their
///   commune (and its villages) only.
public struct ReportAccess: Sendable {
    let services: Services
    let now: @Sendable () -> Date

    /// Reads reports through the services, with `now` for "today".
    public init(services: Services, now: @escaping @Sendable () -> Date) {
        self.services = services
        self.now = now
    }

    /// What the caller asks for.
    public enum Purpose: Sendable {
        /// The district's whole report: needs a grant covering the district.
        case wholeReport
        /// Progress per unit: any staff grant; the units are filtered afterwards.
        case units
    }

    /// A report with what the caller may see of it.
    public struct Scoped: Sendable {
        /// The report; nil when the caller may see none of its units (then nothing was built).
        public var report: DistrictReport?
        public var district: DistrictReport.UnitRef
        public var asOf: LocalDate
        /// Whether a grant covers the whole district (then every unit, the aggregates and forecasts are visible).
        public var coversDistrict: Bool
        /// The codes of the units the caller may see.
        public var visibleUnits: Set<String>
        /// The districts the caller may choose from (for the dashboard's picker).
        public var choices: [DistrictReport.UnitRef]

        /// Every unit's progress in the report that the caller may see, with the part of the report it belongs to.
        public var entries: [Entry] {
            guard let report else { return [] }
            return Entry.all(in: report).filter { visibleUnits.contains($0.progress.unit.code) }
        }
    }

    /// One ``DistrictReport/UnitProgress`` with the group it is reported in: `district` (the district's own
    /// registration), a commune ``DistrictReport/GroupKind`` (`model`, `advanced`, `standard`, `remaining`,
    /// `maintaining`), `town` or `residential`. Encoded flat: the progress's fields plus `group` and `groupTitle`.
    public struct Entry: Sendable, Encodable {
        public var group: String
        public var groupTitle: Bilingual
        public var progress: DistrictReport.UnitProgress

        private enum CodingKeys: String, CodingKey { case group, groupTitle }

        public func encode(to encoder: any Encoder) throws {
            try progress.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(group, forKey: .group)
            try container.encode(groupTitle, forKey: .groupTitle)
        }

        /// The group kinds in the order entries come: the district, the commune groups, towns, residential units.
        public static let groups = ["district"] + DistrictReport.GroupKind.allCases.map(\.rawValue) + ["town", "residential"]
        public static let townTitle = Bilingual(vi: "Thị trấn — đô thị văn minh", en: "Town — civilised urban area")

        /// Every unit's progress in a report, in report order.
        public static func all(in report: DistrictReport) -> [Entry] {
            var entries: [Entry] = []
            if let criteria = report.districtCriteria, let registration = criteria.registration {
                entries.append(Entry(group: "district", groupTitle: criteria.criteriaSetName, progress: registration))
            }
            for group in report.communeGroups {
                entries += group.units.map { Entry(group: group.kind.rawValue, groupTitle: group.title, progress: $0) }
            }
            entries += report.towns.map { Entry(group: "town", groupTitle: townTitle, progress: $0) }
            for scope in report.residential {
                entries += scope.units.map { Entry(group: "residential", groupTitle: scope.title, progress: $0) }
            }
            return entries
        }
    }

    /// The grants that let a user read reports at all: a staff or reviewer role not limited to one producer.
    public static func staffGrants(of user: UserStore.User) -> [UserStore.Grant] {
        guard user.active else { return [] }
        return user.grants.filter { $0.role != "CT" && $0.subjectID == nil }
    }

    /// Whether a user may open the NTM and report pages at all (the dashboard shows them the links).
    public static func isStaff(_ user: UserStore.User) -> Bool { !staffGrants(of: user).isEmpty }

    /// 403 for a caller without a staff grant (a producer).
    public static func requireStaff(_ user: UserStore.User) throws {
        guard isStaff(user) else {
            throw ServiceError(
                .forbidden, message: Bilingual(
                    vi: "báo cáo và tiến độ NTM dành cho cán bộ; chủ thể OCOP xem hồ sơ của mình ở danh sách hồ sơ",
                    en: "reports and NTM progress are for staff; OCOP producers see their own records in the record lists"))
        }
    }

    /// Today in Vietnam (Asia/Ho_Chi_Minh) by the server's clock.
    public func today() -> LocalDate { LocalDate(vietnamDayOf: now()) }

    /// A `yyyy-mm-dd` (or `dd/mm/yyyy`, as the dashboard's field shows it) query parameter; nil when absent, a 400
    /// naming the parameter when it is not a date.
    public static func date(_ text: Substring?, parameter: String = "asOf") throws -> LocalDate? {
        guard let text else { return nil }
        guard let date = LocalDate(typed: String(text).trimmingCharacters(in: .whitespaces)) else {
            var problem = ServiceError(
                .badInput, message: Bilingual(
                    vi: "tham số \(parameter) phải là một ngày dạng yyyy-mm-dd hoặc dd/mm/yyyy, ví dụ 2022-10-31 (nhận được \"\(text.prefix(40))\")",
                    en: "the \(parameter) parameter must be a date as yyyy-mm-dd or dd/mm/yyyy, e.g. 2022-10-31 (got \"\(text.prefix(40))\")"))
            problem.parameter = parameter
            throw problem
        }
        return date
    }

    /// A required `yyyy-mm-dd` query parameter: missing or malformed is a 400 naming it.
    public static func requiredDate(_ text: Substring?, parameter: String = "asOf") throws -> LocalDate {
        guard let date = try date(text, parameter: parameter) else {
            var problem = ServiceError(
                .badInput, message: Bilingual(
                    vi: "thiếu tham số \(parameter) (ngày số liệu, dạng yyyy-mm-dd, ví dụ 2022-10-31)",
                    en: "the \(parameter) parameter is missing (the date of the figures, yyyy-mm-dd, e.g. 2022-10-31)"))
            problem.parameter = parameter
            throw problem
        }
        return date
    }

    /// The report for `user`, about `district` (or the one district the request can only be about), as of `asOf`.
    ///
    /// Throws 403 for a caller without a staff grant, or (whole report) whose grants do not cover the district;
    /// 404 for an unknown district; 400 naming `district` when several districts are possible and none is named.
    /// The dashboard passes `firstChoice`: with several districts and none named, it shows the first it may choose.
    public func report(
        user: UserStore.User, district requested: String?, asOf: LocalDate, purpose: Purpose, firstChoice: Bool = false
    ) async throws -> Scoped {
        guard let builder = services.reports else {
            throw ServiceError(.notFound, message: Bilingual(vi: "máy chủ chưa bật báo cáo NTM", en: "NTM reports are not enabled on this server"))
        }
        try Self.requireStaff(user)
        let staff = Self.staffGrants(of: user)
        let scopes = staff.compactMap(\.unitCode)
        let unscoped = staff.contains { $0.unitCode == nil }
        let services = services
        return try await ServiceError.translating { try await services.reportRead { connection in
            let choices = try Self.districts(unscoped: unscoped, scopes: scopes, on: connection)
            let district = try Self.district(requested ?? (firstChoice && choices.count > 1 ? choices.first?.code : nil), choices: choices, on: connection)
            let covers = try !AccessPolicy().coveringGrants(of: user, subjectID: nil, unitCode: district.code, on: connection).isEmpty
            var scoped = Scoped(report: nil, district: district, asOf: asOf, coversDistrict: covers, visibleUnits: [], choices: choices)
            switch purpose {
            case .wholeReport:
                guard covers else {
                    throw ServiceError(
                        .forbidden, message: Bilingual(
                            vi: "bạn không phụ trách huyện \(district.name): báo cáo toàn huyện dành cho cán bộ cấp huyện, tỉnh",
                            en: "you are not responsible for \(district.name): the district report is for district and provincial staff"))
                }
            case .units:
                // Nothing of a district outside every grant: answer without building its report.
                let inside = try connection.query(
                    "SELECT EXISTS (SELECT 1 FROM unnest(\(scopes)) AS scope(code) WHERE admin_unit_within(scope.code, \(district.code))) AS inside"
                ).single().decode("inside", as: Bool.self)
                guard covers || inside else { return scoped }
            }
            let report = try builder.build(district: district.code, asOf: asOf, on: connection)
            scoped.report = report
            let codes = Array(Set(Entry.all(in: report).map(\.progress.unit.code)))
            if covers {
                scoped.visibleUnits = Set(codes)
            } else {
                // Each grant's units read once, down the tree (``AdminUnitTree``), rather than admin_unit_within() on
                // every unit of the report: one query per grant, whatever the number of units (issue 15).
                var within: Set<String> = []
                for scope in Set(scopes) { within.formUnion(try AdminUnitTree.subtree(of: scope, on: connection)) }
                scoped.visibleUnits = Set(codes).intersection(within)
            }
            return scoped
        } }
    }

    /// The district a unit lies in (following mergers), or nil.
    public func district(of unit: String) async throws(ServiceError) -> String? {
        let pool = services.pool
        return try await ServiceError.translating { try await pool.withConnection { connection in
            try connection.query(
                "SELECT code FROM admin_unit WHERE kind = 'district' AND admin_unit_within(\(unit), code) ORDER BY code LIMIT 1"
            ).first.map { try $0.decode("code", as: String.self) }
        } }
    }

    // MARK: - Districts

    /// The districts a caller's staff grants touch: every district for an unscoped grant, else those containing or
    /// contained in a grant's unit.
    private static func districts(unscoped: Bool, scopes: [String], on connection: Connection) throws -> [DistrictReport.UnitRef] {
        try connection.query(
            """
            SELECT d.code, d.name FROM admin_unit d
            WHERE d.kind = 'district' AND (\(unscoped) OR EXISTS (SELECT 1 FROM unnest(\(scopes)) AS scope(code)
                WHERE admin_unit_within(d.code, scope.code) OR admin_unit_within(scope.code, d.code)))
            ORDER BY d.name, d.code
            """
        ).map { DistrictReport.UnitRef(code: try $0.decode("code"), name: try $0.decode("name")) }
    }

    /// The named district (404 if it is not one), else the database's only district, else the caller's only one.
    private static func district(
        _ requested: String?, choices: [DistrictReport.UnitRef], on connection: Connection
    ) throws -> DistrictReport.UnitRef {
        // A district may be named as well as coded ("Vũ Quang", "vu quang" → vu-quang).
        var code = try requested.map { try ReferenceStore().unitCode($0, kinds: ["district"], on: connection) }
        if code == nil { code = try DistrictReportBuilder.soleDistrict(on: connection) }
        if code == nil, choices.count == 1 { code = choices[0].code }
        guard let code else {
            var problem = ServiceError(
                .badInput, message: Bilingual(
                    vi: "cần tham số district (mã huyện), một trong: \(choices.map(\.code).joined(separator: ", "))",
                    en: "the district parameter (a district code) is required, one of: \(choices.map(\.code).joined(separator: ", "))"))
            problem.parameter = "district"
            throw problem
        }
        let rows = try connection.query("SELECT code, name FROM admin_unit WHERE code = \(code) AND kind = 'district'")
        guard let row = rows.first else {
            throw ServiceError(.notFound, message: Bilingual(vi: "không có huyện \"\(code)\"", en: "no district \"\(code)\""))
        }
        return DistrictReport.UnitRef(code: try row.decode("code"), name: try row.decode("name"))
    }
}

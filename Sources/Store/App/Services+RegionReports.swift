import Foundation
import LibPQ
import OCOP
import Workflow

extension Services {
    /// The province report as of a day — one line per district, each the sum of that district's report — in one
    /// read-only snapshot: of the named province (code or name), else the database's only one.
    ///
    /// With a caller, the rule of the district report one level up: a staff grant covering the province (unscoped,
    /// or scoped to the province); a district or commune officer is refused (403).
    public func provinceReport(
        province: String?, asOf: LocalDate, as caller: Caller? = nil
    ) async throws(ServiceError) -> RegionReport {
        let builder = try regionBuilder()
        var user: UserStore.User?
        if let caller {
            let found = try await accounts.user(caller.userID)
            do { try ReportAccess.requireStaff(found) } catch { throw ServiceError(error) }
            user = found
        }
        let reader = user
        return try await ServiceError.translating {
            try await reportRead { connection in
                let named = try province.map { try ReferenceStore().unitCode($0, kinds: ["province"], on: connection) }
                guard let code = try named ?? RegionReportBuilder.soleProvince(on: connection) else {
                    var problem = ServiceError(
                        .badInput, vi: "cơ sở dữ liệu có nhiều hơn một tỉnh (hoặc không có): ghi mã tỉnh (province)",
                        en: "the database holds more than one province (or none): name the province")
                    problem.parameter = "province"
                    throw problem
                }
                if let user = reader {
                    let unit = try connection.query("SELECT name FROM admin_unit WHERE code = \(code) AND kind = 'province'").first
                    guard let unit else { throw ServiceError(.notFound, vi: "không có tỉnh \"\(code)\"", en: "no province \"\(code)\"") }
                    guard try !AccessPolicy().coveringGrants(of: user, subjectID: nil, unitCode: code, on: connection).isEmpty else {
                        let name: String = try unit.decode("name")
                        throw ServiceError(
                            .forbidden, vi: "bạn không phụ trách \(name): báo cáo toàn tỉnh dành cho cán bộ cấp tỉnh",
                            en: "you are not responsible for \(name): the province report is for provincial staff")
                    }
                }
                return try builder.province(code, asOf: asOf, on: connection)
            }
        }
    }

    /// The national roll-up as of a day — one line per province, each the sum of its districts' reports.
    ///
    /// With a caller: an unscoped grant in one of ``ReportAccess/nationalRoles`` (ADMIN and TW unless
    /// `OCOP_NATIONAL_REPORT_ROLES` names others); anyone else is refused (403).
    public func nationalReport(asOf: LocalDate, as caller: Caller? = nil) async throws(ServiceError) -> RegionReport {
        let builder = try regionBuilder()
        if let caller {
            let user = try await accounts.user(caller.userID)
            do { try ReportAccess.requireNational(user) } catch { throw ServiceError(error) }
        }
        return try await ServiceError.translating {
            try await reportRead { connection in try builder.national(asOf: asOf, on: connection) }
        }
    }

    private func regionBuilder() throws(ServiceError) -> RegionReportBuilder {
        guard let reports else {
            throw ServiceError(.internal, vi: "thiếu dữ liệu NTM trong workflows/ (criteria/)", en: "workflows/ lacks the NTM data (criteria/)")
        }
        return RegionReportBuilder(districts: reports)
    }
}

extension ReportAccess {
    /// The roles whose unscoped grant reads the national roll-up: `OCOP_NATIONAL_REPORT_ROLES` (comma-separated), else
    /// ADMIN and TW (the central level). DOMAIN.md does not say who reads the country's figures; this is the default.
    public static var nationalRoles: Set<String> {
        let configured = (ProcessInfo.processInfo.environment["OCOP_NATIONAL_REPORT_ROLES"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
        return configured.isEmpty ? ["ADMIN", "TW"] : Set(configured)
    }

    /// 403 unless the user holds an unscoped grant in a national role.
    public static func requireNational(_ user: UserStore.User) throws {
        try requireStaff(user)
        let roles = nationalRoles
        guard staffGrants(of: user).contains(where: { $0.unitCode == nil && roles.contains($0.role) }) else {
            let names = roles.sorted().joined(separator: ", ")
            throw ServiceError(
                .forbidden, vi: "báo cáo toàn quốc dành cho vai trò cấp trung ương (\(names)) không giới hạn đơn vị",
                en: "the national report is for central roles (\(names)) not limited to a unit")
        }
    }
}

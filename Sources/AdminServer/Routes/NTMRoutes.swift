import Foundation
import HTTPTypes
import Hummingbird
import OCOP
import Store
import Workflow

/// `/api/v1/ntm/units`: NTM progress per unit as of a date (DOMAIN §4.7, §6.6) — every unit's "x/N" count, % KH
/// range, state and blockers from the district report, with the group it is reported in, limited to the units the
/// caller's grants cover (``ReportAccess``): a commune officer sees their commune, a district officer the district.
/// `format=xlsx` (or the workbook's `Accept`) gives the list as an Excel file.
struct NTMRoutes {
    let dependencies: ServerDependencies

    /// The list: the district, the date, and the units' progress in report order.
    struct UnitList: ResponseEncodable, Sendable {
        var district: DistrictReport.UnitRef
        var asOf: LocalDate
        var items: [ReportAccess.Entry]
    }

    /// One unit: its progress in every group it is reported in (usually one; a commune with two registrations, two).
    struct UnitDetail: ResponseEncodable, Sendable {
        var district: DistrictReport.UnitRef
        var asOf: LocalDate
        var unit: DistrictReport.UnitRef
        var items: [ReportAccess.Entry]
    }

    func register(on router: Router<AdminRequestContext>) {
        router.get("/api/v1/ntm/units") { request, context in
            let holder = try Self.holder(context)
            let parameters = request.uri.queryParameters
            let asOf = try ReportAccess.requiredDate(parameters["asOf"])
            let scoped = try await ReportAccess(services: dependencies.services, now: dependencies.now).report(
                user: holder.user, district: try QueryBounds.text(parameters["district"], "district"), asOf: asOf, purpose: .units)
            if try OCOPRoutes.wantsXLSX(request) {
                let sheet = ReportAccess.Entry.sheet(scoped.entries, asOf: asOf, language: context.language == .vi ? .vi : .en)
                let name = "tien-do-ntm-\(ReportRoutes.slug(scoped.district.code, fallback: scoped.district.name))-\(asOf.iso).xlsx"
                return OCOPRoutes.xlsxResponse(sheet, fileName: name, language: context.language, data: try XLSXWriter.data(sheet))
            }
            return try UnitList(district: scoped.district, asOf: asOf, items: scoped.entries).response(from: request, context: context)
        }
        router.get("/api/v1/ntm/units/:code") { request, context in
            let holder = try Self.holder(context)
            let parameters = request.uri.queryParameters
            let asOf = try ReportAccess.requiredDate(parameters["asOf"])
            let code = context.parameters.get("code") ?? ""
            // Unknown, outside the caller's scope, or without progress: the same answer, so nothing is revealed.
            let hidden = Problem.notFound(
                Bilingual(vi: "không có tiến độ NTM của đơn vị \"\(code.prefix(60))\"", en: "no NTM progress for unit \"\(code.prefix(60))\""))
            let access = ReportAccess(services: dependencies.services, now: dependencies.now)
            // Producers are refused before anything about the unit is looked up.
            try ReportAccess.requireStaff(holder.user)
            var district = try QueryBounds.text(parameters["district"], "district")
            if district == nil { district = try await access.district(of: code) }
            guard let district else { throw hidden }
            let scoped = try await access.report(user: holder.user, district: district, asOf: asOf, purpose: .units)
            let items = scoped.entries.filter { $0.progress.unit.code == code }
            guard let first = items.first else { throw hidden }
            return UnitDetail(district: scoped.district, asOf: asOf, unit: first.progress.unit, items: items)
        }
    }

    private static func holder(_ context: AdminRequestContext) throws -> TokenStore.Holder {
        guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
        return holder
    }
}

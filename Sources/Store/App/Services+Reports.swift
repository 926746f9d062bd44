import Foundation
import LibPQ
import OCOP
import Workflow

extension Services {
    /// The district report as of a day, in one read-only snapshot: of the named district, else the database's only one
    /// (nil when that cannot be told). With a caller, the same rule as the API: a staff grant covering the district.
    public func districtReport(
        district: String?, asOf: LocalDate, expiringWithinDays: Int = 90, as caller: Caller? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(ServiceError) -> DistrictReport? {
        guard let reports else {
            throw ServiceError(.internal, vi: "thiếu dữ liệu NTM trong workflows/ (criteria/)", en: "workflows/ lacks the NTM data (criteria/)")
        }
        let builder = DistrictReportBuilder(workflows: store, criteria: reports.criteria, expiringWithinDays: expiringWithinDays)
        if let caller {
            let user = try await accounts.user(caller.userID)
            let access = ReportAccess(services: self, now: now)
            let scoped = try await ServiceError.translating {
                try await access.report(user: user, district: district, asOf: asOf, purpose: .wholeReport)
            }
            guard expiringWithinDays != reports.expiringWithinDays else { return scoped.report }
            let code = scoped.district.code
            return try await ServiceError.translating { try await reportRead { connection in try builder.build(district: code, asOf: asOf, on: connection) } }
        }
        return try await ServiceError.translating {
            try await reportRead { connection -> DistrictReport? in
                let named = try district.map { try ReferenceStore().unitCode($0, kinds: ["district"], on: connection) }
                guard let code = try named ?? DistrictReportBuilder.soleDistrict(on: connection) else { return nil }
                return try builder.build(district: code, asOf: asOf, on: connection)
            }
        }
    }
}

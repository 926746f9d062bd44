import Foundation
import LibPQ
import OCOP
import Workflow

/// The Vũ Quang demo as one use case: loaded through the real workflows and services, in one transaction.
public struct DemoLoad: Sendable {
    public var ocop: VuQuangOCOPDemo.Summary
    public var ntm: VuQuangNTMDemo.Summary
}

extension Services {
    /// The seed's report day: "10 tháng đầu năm 2022".
    public static let demoReportDay = LocalDate(iso: "2022-10-31")!

    /// Loads the Vũ Quang demo (OCOP and NTM) in one transaction; nil when it is there already. A database holding
    /// other data is refused unless `force`.
    public func loadVuQuangDemo(force: Bool) async throws(ServiceError) -> DemoLoad? {
        guard let ocop, let ntm else {
            throw ServiceError(.internal, vi: "thiếu dữ liệu OCOP/NTM trong workflows/", en: "workflows/ lacks the OCOP/NTM data")
        }
        return try await ServiceError.translating {
            try await pool.write(.readCommitted, maxAttempts: 1) { connection -> DemoLoad? in
                let row = try connection.query(
                    """
                    SELECT (SELECT count(*) FROM admin_unit) + (SELECT count(*) FROM ocop_subject) + (SELECT count(*) FROM app_user)
                           + (SELECT count(*) FROM workflow_instance) AS rows,
                           EXISTS (SELECT 1 FROM admin_unit WHERE code = \(VuQuangOCOPDemo.districtCode)) AS demo
                    """
                ).single()
                // Running the main job again is fine: the demo is there already, and nothing is loaded twice.
                if try row.decode("demo", as: Bool.self) { return nil }
                if try row.decode("rows", as: Int.self) > 0, !force {
                    throw ServiceError(
                        .conflict,
                        message: Bilingual(
                            vi: "cơ sở dữ liệu đã có dữ liệu khác; dùng --force để vẫn nạp dữ liệu mẫu",
                            en: "the database already holds other data; use --force to load the demo anyway"))
                }
                let ocopSummary = try VuQuangOCOPDemo(service: ocop).load(on: connection)
                return DemoLoad(ocop: ocopSummary, ntm: try VuQuangNTMDemo(ntm: ntm).load(on: connection))
            }
        }
    }
}

import Foundation
import LibPQ
import OCOP
import Workflow

/// Builds ``RegionReport``s: a province's districts, or every province, as of a day.
///
/// Each district's line is its ``DistrictReport`` (``DistrictReportBuilder``) summed, so the roll-ups cannot disagree
/// with the district report. The districts are those under the province (by `parent_code`) in force on the day; all
/// are read in the caller's one snapshot. The number of queries grows with the districts (each report reads its
/// district in a fixed number of queries, whatever the number of its communes), not with the units.
public struct RegionReportBuilder: Sendable {
    public let districts: DistrictReportBuilder

    public init(districts: DistrictReportBuilder) { self.districts = districts }

    /// The province of `code` (404 when there is no such province).
    public func province(_ code: String, asOf: LocalDate, on connection: Connection) throws -> RegionReport {
        guard let row = try connection.query("SELECT code, name FROM admin_unit WHERE code = \(code) AND kind = 'province'").first else {
            throw OCOPError(.notFound, vi: "không có tỉnh \"\(code)\"", en: "no province \"\(code)\"")
        }
        let province = DistrictReport.UnitRef(code: try row.decode("code"), name: try row.decode("name"))
        let parts = try districtsOf([province.code], asOf: asOf, on: connection).map { district in
            RegionReport.Part(unit: district.ref, districts: 1, totals: try self.totals(district.ref.code, asOf: asOf, on: connection))
        }
        return RegionReport(level: .province, region: province, asOf: asOf, parts: parts)
    }

    /// Every province in force on the day, each line the sum of its districts' reports.
    public func national(asOf: LocalDate, on connection: Connection) throws -> RegionReport {
        let provinces = try connection.query(
            """
            SELECT code, name FROM admin_unit WHERE kind = 'province' AND valid_from <= \(asOf.iso)::date
              AND (valid_to IS NULL OR valid_to >= \(asOf.iso)::date)
            ORDER BY name, code
            """
        ).map { DistrictReport.UnitRef(code: try $0.decode("code"), name: try $0.decode("name")) }
        let byProvince = Dictionary(grouping: try districtsOf(provinces.map(\.code), asOf: asOf, on: connection)) { $0.province }
        let parts = try provinces.map { province in
            let districts = byProvince[province.code] ?? []
            let totals = try districts.reduce(RegionReport.Totals()) { sum, district in
                sum + (try self.totals(district.ref.code, asOf: asOf, on: connection))
            }
            return RegionReport.Part(unit: province, districts: districts.count, totals: totals)
        }
        return RegionReport(level: .national, region: nil, asOf: asOf, parts: parts)
    }

    /// The province that is the only one in the database, else nil.
    public static func soleProvince(on connection: Connection) throws -> String? {
        let rows = try connection.query("SELECT code FROM admin_unit WHERE kind = 'province' ORDER BY code LIMIT 2")
        return rows.count == 1 ? try rows[0].decode("code", as: String.self) : nil
    }

    private func totals(_ district: String, asOf: LocalDate, on connection: Connection) throws -> RegionReport.Totals {
        RegionReport.Totals(try districts.build(district: district, asOf: asOf, on: connection))
    }

    /// The districts of some provinces in force on the day, by name, in one query.
    private func districtsOf(_ provinces: [String], asOf: LocalDate, on connection: Connection) throws -> [(province: String, ref: DistrictReport.UnitRef)] {
        try connection.query(
            """
            SELECT code, name, parent_code FROM admin_unit
            WHERE kind = 'district' AND parent_code = ANY(\(provinces)) AND valid_from <= \(asOf.iso)::date
              AND (valid_to IS NULL OR valid_to >= \(asOf.iso)::date)
            ORDER BY name, code
            """
        ).map { row in
            (try row.decode("parent_code"), DistrictReport.UnitRef(code: try row.decode("code"), name: try row.decode("name")))
        }
    }
}

import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// Issue 15: the district report reads its district in a bounded number of statements whatever the number of communes,
/// and the province and national roll-ups add up to the district reports they are made of.
@Suite("region reports: bounded statements, province = sum of districts, nation = sum of provinces")
struct RegionReportTests {
    static let asOf = LocalDate(iso: "2022-10-31")!

    /// The fixture (Hà Tĩnh: Hương Sơn and Vũ Quang) plus the bench's province of two districts of 10 and 100 communes,
    /// each commune assessed on 19 criteria × 12 months.
    static func setup() async throws -> (OCOPFixture, DistrictReportBuilder) {
        let fixture = try await OCOPFixture.make()
        try await fixture.pool.write { connection in
            for size in [10, 100] { try Self.seed(communes: size, on: connection) }
        }
        let criteria = try CriteriaCatalog.load(directory: OCOPFixture.repository.appendingPathComponent("workflows/criteria"))
        return (fixture, DistrictReportBuilder(workflows: fixture.store, criteria: criteria))
    }

    /// What `ocop-bench report` seeds: a province, one district of `communes` communes, 19 criteria × 12 monthly
    /// assessments each, and one progress report naming the set.
    static func seed(communes: Int, on connection: Connection) throws {
        let district = "bench-d\(communes)"
        try connection.executeScript(
            """
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from) VALUES ('bench-p', 'Tỉnh đo', 'province', NULL, '2000-01-01')
            ON CONFLICT DO NOTHING;
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from) VALUES ('\(district)', 'Huyện \(communes)', 'district', 'bench-p', '2000-01-01');
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from)
            SELECT '\(district)-' || i, 'Xã ' || i, 'commune', '\(district)', '2000-01-01' FROM generate_series(1, \(communes)) i;
            INSERT INTO ntm_assessment (unit_code, criteria_set, criterion, as_of, status, recorded_by)
            SELECT '\(district)-' || i, 'ntm-commune-318', 'TC' || lpad(c::text, 2, '0'), make_date(2022, m, 28),
                   (ARRAY['dat', 'co_ban_dat', 'chua_dat'])[1 + (i * 7 + c * 3 + m) % 3], 'bench'
            FROM generate_series(1, \(communes)) i, generate_series(1, 19) c, generate_series(1, 12) m;
            INSERT INTO ntm_progress (unit_code, scope, as_of, criteria_set, criteria_total, met, basically_met, met_or_basically_met, recorded_by)
            SELECT '\(district)-' || i, 'commune-ntm', '2022-01-10', 'ntm-commune-318', 19, 0, 0, 0, 'bench' FROM generate_series(1, \(communes)) i;
            """)
    }

    @Test("the district report runs the same statements at 10 and at 100 communes")
    func boundedStatements() async throws {
        let (fixture, builder) = try await Self.setup()
        var counts: [Int: Int] = [:]
        for size in [10, 100] {
            // A new session each time, so that each build prepares its statements afresh; the connection counts every
            // statement it sends (PQprepare included), whatever else the server is running for other tests.
            let connection = try fixture.database.connect()
            let before = connection.roundTrips
            let report = try connection.transaction(.repeatableRead, readOnly: true) { connection in
                try builder.build(district: "bench-d\(size)", asOf: Self.asOf, on: connection)
            }
            counts[size] = connection.roundTrips - before
            #expect(report.communeGroups.flatMap(\.units).count == size)
        }
        #expect(counts[10] == counts[100], "statements at 10 and 100 communes: \(counts)")
        #expect((counts[10] ?? 0) < 60, "statements per report: \(counts)")
    }

    @Test("a province's totals are the sum of its districts' reports; the nation's lines are the provinces' totals")
    func rollUpsAddUp() async throws {
        let (fixture, builder) = try await Self.setup()
        let region = RegionReportBuilder(districts: builder)
        let province = try await fixture.pool.read { try region.province("bench-p", asOf: Self.asOf, on: $0) }
        let districts = try await fixture.pool.read { connection in
            try ["bench-d10", "bench-d100"].map { try builder.build(district: $0, asOf: Self.asOf, on: connection) }
        }
        #expect(province.level == .province && province.region?.code == "bench-p")
        #expect(province.parts.map(\.unit.code).sorted() == ["bench-d10", "bench-d100"])
        // Counted here from the district reports themselves, not through RegionReport.Totals.
        let communes = districts.map { $0.communeGroups.flatMap(\.units).count }.reduce(0, +)
        let met = districts.flatMap { $0.communeGroups.flatMap(\.units) }.compactMap { $0.criteria?.met }.reduce(0, +)
        #expect(province.totals.communes == communes && communes == 110)
        #expect(province.totals.communeCriteriaMet == met && met > 0)
        for district in districts {
            let line = try #require(province.parts.first { $0.unit.code == district.district.code })
            #expect(line.totals == RegionReport.Totals(district))
            #expect(line.totals.communes == district.communeGroups.flatMap(\.units).count)
        }

        let national = try await fixture.pool.read { try region.national(asOf: Self.asOf, on: $0) }
        #expect(national.level == .national && national.region == nil)
        #expect(Set(national.parts.map(\.unit.code)) == ["bench-p", "ht"])
        #expect(national.parts.first { $0.unit.code == "bench-p" }?.totals == province.totals)
        let hatinh = try await fixture.pool.read { try region.province("ht", asOf: Self.asOf, on: $0) }
        #expect(national.parts.first { $0.unit.code == "ht" }?.totals == hatinh.totals)
        #expect(national.parts.first { $0.unit.code == "ht" }?.districts == 2)
        #expect(national.totals == province.totals + hatinh.totals)
        #expect(national.totals.communes == 110 + hatinh.totals.communes)

        // Every format carries the total line.
        let csv = RegionReportRenderer.render(province, format: .csv, language: .vi)
        #expect(csv.split(separator: "\n").count == 1 + 2 + 1)
        #expect(csv.contains("Tổng cộng") && csv.contains("\(communes)"))
        #expect(RegionReportRenderer.render(national, format: .text, language: .en).contains("Total"))
    }

    @Test("an unknown province is not found")
    func unknownProvince() async throws {
        let (fixture, builder) = try await Self.setup()
        let region = RegionReportBuilder(districts: builder)
        await #expect(throws: (any Error).self) {
            try await fixture.pool.read { try region.province("bench-d10", asOf: Self.asOf, on: $0) }
        }
    }
}

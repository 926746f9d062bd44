import ArgumentParser
import Foundation
import LibPQ
import Store
import Workflow

/// `ocop-bench report`: the district report against the raw SQL it needs, on districts of 100, 1,000 (and 10,000)
/// communes, each with 19 criteria assessed on 12 monthly dates — the issue-15 measurement. Both run on the same
/// server in the same run, interleaved; the table gives the medians and their ratio (target ≤ 1.5×, growing
/// linearly with the units).
struct ReportBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Báo cáo huyện so với SQL thô — the district report's time against the raw SQL it needs."
    )

    @Option(help: "Communes per district, one district each (comma-separated).")
    var units = IntList([100, 1000, 10000])

    @Option(help: "Timed runs of each (the median is reported).")
    var runs = 5

    @Option(name: .customLong("database-url"), help: "libpq conninfo or URL; default: a throwaway cluster.")
    var databaseURL: String?

    @Flag(name: .customLong("unsafe-fast"), help: "Throwaway cluster with fsync, synchronous_commit and full_page_writes off.")
    var unsafeFast = false

    @Flag(help: "Print the plan (EXPLAIN ANALYZE) of the report's latest-assessment query at each size.")
    var explain = false

    static let asOf = LocalDate(year: 2022, month: 10, day: 31)!
    static let criteriaSet = "ntm-commune-318"

    mutating func run() async throws {
        let logger = Bench.bootstrapLogging(verbose: false)
        let (url, durable) = (databaseURL, !unsafeFast)
        let database = try await blocking { try BenchDatabase.open(url: url, durable: durable, logger: logger) }
        defer { database.close() }
        let sizes = units.values
        try await blocking {
            let connection = try Connection(conninfo: database.conninfo, logger: logger)
            for size in sizes { try Self.seed(communes: size, on: connection) }
            // Settled data, as a district's would be: statistics and the visibility map (index-only scans) up to date.
            try connection.executeScript("VACUUM ANALYZE")
        }
        let services = try await Services.open(
            databaseURL: database.conninfo, guards: { _ in .builtIn }, registerWorkflows: false, poolSize: 1, logger: logger)
        defer { services.close() }
        let raw = try Connection(conninfo: database.conninfo, logger: logger)

        print(try await blocking { try database.describeServer() })
        var rows: [[String]] = []
        for size in sizes {
            let district = Self.district(size)
            if explain { print("\(size) communes:\n" + (try Self.plan(district: district, on: raw))) }
            var reportTimes: [Double] = []
            var rawTimes: [Double] = []
            var reported = 0
            var counted = 0
            // One untimed run of each first (plans, caches), then interleaved timed runs.
            for run in 0...runs {
                let start = ContinuousClock.now
                guard let report = try await services.districtReport(district: district, asOf: Self.asOf) else {
                    throw BenchError("no report for \(district)")
                }
                let reportTime = (ContinuousClock.now - start).seconds
                reported = report.communeGroups.flatMap(\.units).compactMap { $0.criteria?.met }.reduce(0, +)
                let rawStart = ContinuousClock.now
                counted = try Self.rawSQL(district: district, on: raw)
                let rawTime = (ContinuousClock.now - rawStart).seconds
                if run > 0 {
                    reportTimes.append(reportTime)
                    rawTimes.append(rawTime)
                }
            }
            // The report must say what the raw SQL says: criteria met, summed over the communes.
            guard reported == counted else { throw BenchError("\(district): the report counts \(reported) criteria met, the raw SQL \(counted)") }
            let (report, rawMedian) = (Self.median(reportTimes), Self.median(rawTimes))
            rows.append([
                "\(size)", "\(size * 19 * 12)", String(format: "%.1f", report * 1000), String(format: "%.1f", rawMedian * 1000),
                String(format: "%.2f", rawMedian > 0 ? report / rawMedian : 0),
            ])
        }
        print(Self.render(header: ["communes", "assessment rows", "report ms", "raw SQL ms", "report/raw"], rows: rows))
    }

    static func district(_ size: Int) -> String { "bench-d\(size)" }

    /// A province, one district of `communes` communes, 19 criteria × 12 monthly assessments per commune, and one
    /// progress report naming the criteria set (so each commune's count shows in the report).
    static func seed(communes: Int, on connection: Connection) throws {
        let district = district(communes)
        try connection.executeScript(
            """
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from) VALUES ('bench-p', 'Tỉnh đo', 'province', NULL, '2000-01-01')
            ON CONFLICT DO NOTHING;
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from) VALUES ('\(district)', 'Huyện \(communes)', 'district', 'bench-p', '2000-01-01');
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from)
            SELECT '\(district)-' || i, 'Xã ' || i, 'commune', '\(district)', '2000-01-01' FROM generate_series(1, \(communes)) i;
            INSERT INTO ntm_assessment (unit_code, criteria_set, criterion, as_of, status, recorded_by)
            SELECT '\(district)-' || i, '\(criteriaSet)', 'TC' || lpad(c::text, 2, '0'), make_date(2022, m, 28),
                   (ARRAY['dat', 'co_ban_dat', 'chua_dat'])[1 + (i * 7 + c * 3 + m) % 3], 'bench'
            FROM generate_series(1, \(communes)) i, generate_series(1, 19) c, generate_series(1, 12) m;
            INSERT INTO ntm_progress (unit_code, scope, as_of, criteria_set, criteria_total, met, basically_met, met_or_basically_met, recorded_by)
            SELECT '\(district)-' || i, 'commune-ntm', '2022-01-10', '\(criteriaSet)', 19, 0, 0, 0, 'bench' FROM generate_series(1, \(communes)) i;
            """)
    }

    /// The SQL the report needs, written by hand: the district's units, each unit's latest assessment per criterion
    /// and latest progress report as of the day. Returns the criteria met, summed.
    static func rawSQL(district: String, on connection: Connection) throws -> Int {
        let units: Query = """
            WITH RECURSIVE down(code) AS (
                SELECT \(district)::text UNION SELECT u.code FROM admin_unit u JOIN down ON u.parent_code = down.code)
            SELECT code FROM down
            """
        let codes = try connection.queryUnprepared(units).map { try $0.decode("code", as: String.self) }
        let latest = try connection.queryUnprepared(
            """
            SELECT DISTINCT ON (unit_code, criteria_set, criterion) unit_code, criteria_set, criterion, status, as_of
            FROM ntm_assessment WHERE unit_code = ANY(\(codes)) AND as_of <= \(asOf.iso)::date
            ORDER BY unit_code, criteria_set, criterion, as_of DESC
            """)
        _ = try connection.queryUnprepared(
            """
            SELECT DISTINCT ON (unit_code, scope) unit_code, scope, criteria_set, as_of FROM ntm_progress
            WHERE unit_code = ANY(\(codes)) AND as_of <= \(asOf.iso)::date ORDER BY unit_code, scope, as_of DESC
            """)
        return try latest.filter { try $0.decode("status", as: String.self) == "dat" }.count
    }

    /// The plan of the statement the report spends its time in: each unit's latest assessment per criterion as of
    /// the day (``NTMStandingReader``'s query, with the district's units bound as the report binds them).
    static func plan(district: String, on connection: Connection) throws -> String {
        let codes = try connection.queryUnprepared(
            "SELECT code FROM admin_unit WHERE code = \(district) OR parent_code = \(district)"
        ).map { try $0.decode("code", as: String.self) }
        return try connection.queryUnprepared(
            """
            EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
            SELECT DISTINCT ON (unit_code, criteria_set, criterion) unit_code, criteria_set, status, to_char(as_of, 'YYYY-MM-DD') AS day
            FROM ntm_assessment WHERE unit_code = ANY(\(codes)) AND as_of <= \(asOf.iso)::date AND status IS NOT NULL
            ORDER BY unit_code, criteria_set, criterion, as_of DESC
            """
        ).map { "    " + (try $0.decode("QUERY PLAN", as: String.self)) }.joined(separator: "\n")
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { String(repeating: " ", count: widths[$0] - $1.count) + $1 }.joined(separator: " | ") + " |"
        }
        return ([line(header), "|" + widths.map { String(repeating: "-", count: $0 + 1) + ":" }.joined(separator: "|") + "|"] + rows.map(line))
            .joined(separator: "\n")
    }
}

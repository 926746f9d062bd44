import ArgumentParser
import Foundation
import LibPQ
import Store
import Workflow

/// `ocop-bench import`: `ocop ntm import` of a CSV of assessments (the door's use case: size limit, parse, scope
/// check, validation, write) against `psql \copy` of the same file into a staging table plus `INSERT … SELECT`,
/// on the same server in the same run, interleaved. Target ≥ 0.5× (issue 15 measured ≈ 0.02× before COPY).
struct ImportBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Nhập CSV đánh giá NTM so với psql \\copy — the NTM import against psql \\copy + INSERT … SELECT."
    )

    @Option(help: "Communes in the file (19 criteria × 12 monthly dates each).")
    var communes = 1000

    @Option(help: "Timed runs of each (the median is reported).")
    var runs = 3

    @Option(name: .customLong("database-url"), help: "libpq conninfo or URL; default: a throwaway cluster.")
    var databaseURL: String?

    @Flag(name: .customLong("unsafe-fast"), help: "Throwaway cluster with fsync, synchronous_commit and full_page_writes off.")
    var unsafeFast = false

    static let district = "bench-i"

    mutating func run() async throws {
        let logger = Bench.bootstrapLogging(verbose: false)
        setenv("OCOP_IMPORT_MAX_BYTES", "2000000000", 1)
        setenv("OCOP_IMPORT_MAX_ROWS", "100000000", 1)
        let (url, durable, communes) = (databaseURL, !unsafeFast, communes)
        let database = try await blocking { try BenchDatabase.open(url: url, durable: durable, logger: logger) }
        defer { database.close() }
        let folder = "/tmp/ocop-bench-import-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csvPath = "\(folder)/assessments.csv"
        let text = Self.csv(communes: communes)
        try text.write(toFile: csvPath, atomically: true, encoding: .utf8)
        let rows = communes * 19 * 12
        let admin = try Connection(conninfo: database.conninfo, logger: logger)
        try admin.executeScript(
            """
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from) VALUES ('bench-p', 'Tỉnh đo', 'province', NULL, '2000-01-01')
            ON CONFLICT DO NOTHING;
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from) VALUES ('\(Self.district)', 'Huyện đo', 'district', 'bench-p', '2000-01-01');
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from)
            SELECT '\(Self.district)-' || i, 'Xã ' || i, 'commune', '\(Self.district)', '2000-01-01' FROM generate_series(1, \(communes)) i;
            ANALYZE admin_unit;
            """)
        let services = try await Services.open(
            databaseURL: database.conninfo, guards: { _ in .builtIn }, registerWorkflows: false, poolSize: 1, logger: logger)
        defer { services.close() }
        guard let ntm = services.ntm else { throw BenchError("workflows/ lacks the NTM data (criteria/, ntm/)") }
        try await services.accounts.addUser(id: "bench", name: "Cán bộ đo")
        try await services.accounts.grant(.init(role: "ADMIN"), to: "bench", by: "bench")
        try await services.accounts.grant(.init(role: "HUYEN", unitCode: Self.district), to: "bench", by: "bench")
        let psql = try (database.cluster?.binaries ?? PostgresBinaries.locate()).path("psql")
        let script = "\(folder)/anchor.sql"
        try """
            BEGIN;
            CREATE TEMP TABLE staging (unit_code text, criteria_set text, criterion text, as_of date, status text) ON COMMIT DROP;
            \\copy staging FROM '\(csvPath)' WITH (FORMAT csv, HEADER true)
            INSERT INTO ntm_assessment (unit_code, criteria_set, criterion, as_of, status, recorded_by)
            SELECT unit_code, criteria_set, criterion, as_of, status, 'psql' FROM staging;
            COMMIT;

            """.write(toFile: script, atomically: true, encoding: .utf8)
        let clean = { () throws -> Void in
            try admin.executeScript("DELETE FROM ntm_assessment WHERE unit_code LIKE 'bench-i-%'; DELETE FROM ntm_import")
            try admin.executeScript("VACUUM ANALYZE ntm_assessment")
        }

        print(try await blocking { try database.describeServer() })
        var ours: [Double] = []
        var anchor: [Double] = []
        for run in 0...runs {
            try clean()
            let start = ContinuousClock.now
            let result = try await ntm.importAssessments(text, fileName: "assessments.csv", by: "bench", now: Date())
            let oursTime = (ContinuousClock.now - start).seconds
            guard result.recorded == rows else { throw BenchError("the import recorded \(result.recorded) of \(rows) rows") }
            try clean()
            let anchorStart = ContinuousClock.now
            try Self.runPSQL(psql, conninfo: database.conninfo, script: script)
            let anchorTime = (ContinuousClock.now - anchorStart).seconds
            let copied = try admin.query("SELECT count(*)::int AS n FROM ntm_assessment WHERE recorded_by = 'psql'").single().decode("n", as: Int.self)
            guard copied == rows else { throw BenchError("psql copied \(copied) of \(rows) rows") }
            if run > 0 {
                ours.append(oursTime)
                anchor.append(anchorTime)
            }
        }
        let (mine, theirs) = (ReportBenchCommand.median(ours), ReportBenchCommand.median(anchor))
        print(
            ReportBenchCommand.render(
                header: ["rows", "ocop ntm import s", "psql \\copy + INSERT s", "import rows/s", "psql rows/s", "import/psql (rate)"],
                rows: [[
                    "\(rows)", String(format: "%.2f", mine), String(format: "%.2f", theirs), String(format: "%.0f", Double(rows) / mine),
                    String(format: "%.0f", Double(rows) / theirs), String(format: "%.2f", mine > 0 ? theirs / mine : 0),
                ]]))
    }

    /// 19 criteria × 12 month-ends per commune, statuses spread over the three values.
    static func csv(communes: Int) -> String {
        var lines = ["unit,criteria_set,criterion,as_of,status"]
        lines.reserveCapacity(communes * 19 * 12 + 1)
        let statuses = ["dat", "co_ban_dat", "chua_dat"]
        for commune in 1...communes {
            for criterion in 1...19 {
                for month in 1...12 {
                    lines.append(
                        "\(district)-\(commune),ntm-commune-318,TC\(criterion < 10 ? "0" : "")\(criterion),2022-\(month < 10 ? "0" : "")\(month)-28,"
                            + statuses[(commune * 7 + criterion * 3 + month) % 3])
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func runPSQL(_ psql: String, conninfo: String, script: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script, conninfo]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("psql failed (exit \(process.terminationStatus)): \(errorText)") }
    }
}

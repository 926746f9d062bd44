import AdminServer
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// Issue 13's daily tools on the Vũ Quang demo, through the CLI and the API: `.xlsx` files read back by independent
/// readers (openpyxl; LibreOffice headless when installed) and compared with the CSV figures; search with or without
/// diacritics, scoped by the service and the same at both doors; districts by name; near-duplicate idea names.
@Suite("daily tools: Excel, search, names")
struct DailyToolsTests {
    static let reader = DoorParityTests.repository.appendingPathComponent("Tests/Support/xlsx_read.py").path

    /// Runs `python3 Tests/Support/xlsx_read.py MODE FILE` and decodes its JSON (nil with exit 3: the reader is not installed).
    static func read(_ mode: String, _ path: String) throws -> Any? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", reader, mode, path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 { return nil }
        #expect(process.terminationStatus == 0, "xlsx_read.py \(mode): \(problem)")
        return try JSONSerialization.jsonObject(with: data)
    }

    /// The server on the demo's database with every service the application has, the district report's included.
    static func router(_ world: DoorParityTests.World) async throws -> some ApplicationProtocol {
        let folder = DoorParityTests.repository.appendingPathComponent("workflows")
        let pool = world.database.pool(size: 4)
        let store = WorkflowStore(
            pool: pool, guards: Domain.registry(ruleSets: try RuleSetCatalog.load(directory: folder.appendingPathComponent("rulesets"))),
            calendar: try WorkingCalendar.load(contentsOf: folder.appendingPathComponent("calendars/vn-holidays.yaml")))
        try await store.register(directory: folder)
        let reports = DistrictReportBuilder(workflows: store, criteria: try CriteriaCatalog.load(directory: folder.appendingPathComponent("criteria")))
        let full = Services(pool: pool, store: store, ocop: try OCOPService.load(workflows: store, directory: folder), reports: reports)
        return Application(
            router: AdminServer.router(
                dependencies: ServerDependencies(services: full, now: { DoorParityTests.now }),
                configuration: ServerConfiguration(runsTimers: false, runsOutbox: false), latestMigration: 18))
    }

    static func temporary(_ name: String) -> String {
        NSTemporaryDirectory() + "ocop-\(UInt32.random(in: 0...UInt32.max))-\(name)"
    }

    /// A CSV cell as Excel would hold it: "" is an empty cell.
    static func cell(_ json: [String: Any]) -> Any? { json["v"] is NSNull ? nil : json["v"] }

    @Test("the report as .xlsx: openpyxl and LibreOffice read the CSV's figures, typed; the API's file is the CLI's")
    func reportWorkbook() async throws {
        let world = try await DoorParityTests.world()
        let xlsx = Self.temporary("bao-cao.xlsx")
        let csv = Self.temporary("bao-cao.csv")
        defer { for path in [xlsx, csv] { try? FileManager.default.removeItem(atPath: path) } }
        let wrote = try await world.cli(["report", "--as-of", "31/10/2022", "--format", "xlsx", "--output", xlsx, "--as", "cb-huyen"])
        #expect(wrote.status == 0, "\(wrote.errors)")
        #expect(wrote.output.contains(xlsx))
        #expect(try await world.cli(["report", "--as-of", "31/10/2022", "--format", "csv", "--output", csv, "--as", "cb-huyen"]).status == 0)
        // Without --output a workbook is refused, before anything is read.
        let refused = try await world.cli(["report", "--as-of", "31/10/2022", "--format", "xlsx", "--as", "cb-huyen"])
        #expect(refused.status != 0 && refused.errors.contains("--output"))

        let rows = try #require(try Self.read("csv", csv) as? [[String]])
        let book = try #require(try Self.read("openpyxl", xlsx) as? [String: Any])
        let cells = try #require(book["rows"] as? [[[String: Any]]])
        #expect(book["freeze"] as? String == "A2", "the header row is frozen")
        #expect(rows.count > 30)
        #expect(cells.count == rows.count, "one row per CSV row")
        #expect(cells.first?.allSatisfy { $0["bold"] as? Bool == true } == true, "a bold header")
        let widths = try #require(book["widths"] as? [String: Double])
        #expect(widths["E"] ?? 0 >= 40, "the metric column is wide")
        for (index, (csvRow, xlsxRow)) in zip(rows, cells).enumerated() {
            for (column, text) in csvRow.enumerated() {
                let value = column < xlsxRow.count ? Self.cell(xlsxRow[column]) : nil
                if index > 0 && (column == 6 || column == 7) && !text.isEmpty {
                    // Min and max: numbers, equal to the CSV's.
                    #expect((value as? NSNumber)?.doubleValue == Double(text), "row \(index + 1) column \(column + 1): \(String(describing: value)) vs \(text)")
                    #expect(!(value is String), "row \(index + 1): a number, not text")
                } else if index > 0 && column == 9 {
                    // The as-of day: a real date, shown dd/mm/yyyy.
                    let date = (value as? [String: Any])?["date"] as? String
                    #expect(date.flatMap(LocalDate.init(iso:))?.displayString == text, "row \(index + 1): \(String(describing: value)) vs \(text)")
                    #expect(xlsxRow[column]["fmt"] as? String == "dd/mm/yyyy")
                } else {
                    #expect((value as? String ?? "") == text, "row \(index + 1) column \(column + 1)")
                }
            }
        }
        #expect(rows.joined().contains { $0.contains("Đức Lĩnh") }, "Vietnamese kept")

        // LibreOffice, a second reader, shows the cells as the CSV has them (dates dd/mm/yyyy, numbers plain).
        if let shown = try Self.read("soffice", xlsx) as? [[String]] {
            #expect(shown.count == rows.count)
            for (index, (csvRow, lo)) in zip(rows, shown).enumerated() {
                let padded = lo + Array(repeating: "", count: max(0, csvRow.count - lo.count))
                #expect(Array(padded.prefix(csvRow.count)) == csvRow, "LibreOffice row \(index + 1)")
            }
        } else {
            print("daily tools: LibreOffice (soffice) not installed; the second reader was skipped")
        }

        // The API gives the same file, by format=xlsx or by Accept.
        let cliBytes = try Data(contentsOf: URL(fileURLWithPath: xlsx))
        try await Self.router(world).test(.router) { client in
            let byFormat = try await client.execute(
                uri: "/api/v1/reports/district?asOf=2022-10-31&format=xlsx", method: .get, headers: world.headers("cb-huyen"))
            #expect(byFormat.status == .ok)
            #expect(byFormat.headers[.contentType] == XLSXWriter.mediaType)
            #expect(byFormat.headers[.contentDisposition] == "attachment; filename=\"bao-cao-vu-quang-2022-10-31.xlsx\"")
            #expect(Data(byFormat.body.readableBytesView) == cliBytes)
            var accept = world.headers("cb-huyen")
            accept[.accept] = XLSXWriter.mediaType
            let byAccept = try await client.execute(uri: "/api/v1/reports/district?asOf=2022-10-31", method: .get, headers: accept)
            #expect(Data(byAccept.body.readableBytesView) == cliBytes)
            // A producer is refused the workbook as the JSON.
            let producer = try await client.execute(
                uri: "/api/v1/reports/district?asOf=2022-10-31&format=xlsx", method: .get, headers: world.headers("thanhmai"))
            #expect(producer.status == .forbidden)
        }
    }

    @Test("every list as .xlsx: the JSON's rows, ids and stars as numbers, days as dates, money #,##0; CLI and API alike")
    func listWorkbooks() async throws {
        let world = try await DoorParityTests.world()
        try await Self.router(world).test(.router) { client in
            for (path, command) in [("ideas", "idea"), ("products", "product"), ("certificates", "certificate"), ("claims", "claim")] {
                let file = Self.temporary("\(path).xlsx")
                defer { try? FileManager.default.removeItem(atPath: file) }
                let wrote = try await world.cli([command, "list", "--as", "cb-huyen", "--format", "xlsx", "--output", file])
                #expect(wrote.status == 0, "\(command): \(wrote.errors)")
                let json = try await world.cli([command, "list", "--as", "cb-huyen", "--json"])
                let items = DoorParityTests.json(json.output) as? [[String: Any]] ?? []
                #expect(!items.isEmpty, "\(path) has rows in the demo")
                let book = try #require(try Self.read("openpyxl", file) as? [String: Any])
                let cells = try #require(book["rows"] as? [[[String: Any]]])
                #expect(book["freeze"] as? String == "A2")
                #expect(cells.count == items.count + 1, "\(path): a header and one row per record")
                for (item, row) in zip(items, cells.dropFirst()) {
                    #expect((Self.cell(row[0]) as? NSNumber)?.intValue == item["id"] as? Int, "\(path): the id is a number")
                    #expect(Self.cell(row[1]) as? String == item["name"] as? String)
                    #expect(Self.cell(row[2]) as? String == item["subjectId"] as? String)
                }
                let header = cells[0].compactMap { Self.cell($0) as? String }
                for (column, title) in header.enumerated() {
                    for (item, row) in zip(items, cells.dropFirst()) where column < row.count {
                        let value = Self.cell(row[column])
                        switch title {
                        case "Sao":
                            #expect((value as? NSNumber)?.intValue == (item["star"] as? String).flatMap(Int.init), "\(path) star")
                        case "Mức hỗ trợ", "Đã chi":
                            let key = title == "Mức hỗ trợ" ? "amount" : "amount_paid"
                            #expect((value as? NSNumber)?.int64Value == (item[key] as? String).flatMap(Int64.init), "\(path) \(key)")
                            if value != nil { #expect(row[column]["fmt"] as? String == "#,##0") }
                        case "Ngày cấp", "Hết hiệu lực từ":
                            let key = path == "products" ? "certified_until" : (title == "Ngày cấp" ? "issued_on" : "expires_on")
                            #expect((value as? [String: Any])?["date"] as? String == item[key] as? String, "\(path) \(key)")
                            if value != nil { #expect(row[column]["fmt"] as? String == "dd/mm/yyyy") }
                        default: break
                        }
                    }
                }
                // The API's workbook is the CLI's, byte for byte.
                let api = try await client.execute(uri: "/api/v1/ocop/\(path)?format=xlsx", method: .get, headers: world.headers("cb-huyen"))
                #expect(api.status == .ok)
                #expect(Data(api.body.readableBytesView) == (try Data(contentsOf: URL(fileURLWithPath: file))), "\(path): API and CLI")
            }
            // NTM progress per unit: the units of the JSON list, counts as numbers.
            let units = try await client.execute(uri: "/api/v1/ntm/units?asOf=2022-10-31&format=xlsx", method: .get, headers: world.headers("cb-huyen"))
            #expect(units.status == .ok)
            let file = Self.temporary("ntm.xlsx")
            defer { try? FileManager.default.removeItem(atPath: file) }
            try Data(units.body.readableBytesView).write(to: URL(fileURLWithPath: file))
            let json = try await client.execute(uri: "/api/v1/ntm/units?asOf=2022-10-31", method: .get, headers: world.headers("cb-huyen"))
            let items = (DoorParityTests.json(String(buffer: json.body)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
            let cells = try #require((try Self.read("openpyxl", file) as? [String: Any])?["rows"] as? [[[String: Any]]])
            #expect(cells.count == items.count + 1)
            #expect(cells.dropFirst().map { Self.cell($0[1]) as? String } == items.map { ($0["unit"] as? [String: Any])?["code"] as? String })
            let lĩnh = try #require(cells.first { Self.cell($0[2]) as? String == "Đức Lĩnh" })
            #expect((Self.cell(lĩnh[5]) as? NSNumber)?.intValue == 13 && (Self.cell(lĩnh[6]) as? NSNumber)?.intValue == 20, "13/20 as numbers")
            let bad = try await client.execute(uri: "/api/v1/ocop/claims?format=pdf", method: .get, headers: world.headers("cb-huyen"))
            #expect(bad.status == .badRequest)
        }
    }

    @Test("search without diacritics, in any case: the same hits at the CLI and the API, within each user's scope")
    func search() async throws {
        let world = try await DoorParityTests.world()
        try await Self.router(world).test(.router) { client in
            for user in DoorParityTests.users {
                for text in ["nuoc cham thanh mai", "NƯỚC CHẤM Thanh Mai", "Nuoc Cham"] {
                    let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                    let api = try await client.execute(uri: "/api/v1/search?q=\(query)", method: .get, headers: world.headers(user))
                    #expect(api.status == .ok, "\(user): \(String(buffer: api.body))")
                    let apiHits = ((DoorParityTests.json(String(buffer: api.body)) as? [String: Any])?["items"] as? [[String: Any]] ?? [])
                        .map { "\($0["kind"] ?? "")/\($0["id"] ?? "")" }
                    let cli = try await world.cli(["search", text, "--as", user, "--json"])
                    #expect(cli.status == 0, "\(user): \(cli.errors)")
                    let cliHits = (DoorParityTests.json(cli.output) as? [[String: Any]] ?? []).map { "\($0["kind"] ?? "")/\($0["id"] ?? "")" }
                    #expect(apiHits == cliHits, "\(text) as \(user)")
                    let sees = ["cb-huyen", "thanhmai", "vpdp", "admin", "cb-quangtho"].contains(user)
                    let product = (DoorParityTests.json(cli.output) as? [[String: Any]] ?? []).first { $0["kind"] as? String == "product" }
                    #expect((product?["name"] as? String == "Nước chấm Thanh Mai") == sees, "\(text) as \(user): \(cliHits)")
                }
            }
            // Another producer finds nothing of Thanh Mai's; a producer is shown no units; too short is refused.
            let other = try await world.cli(["search", "thanh mai", "--as", "hienty", "--json"])
            #expect((DoorParityTests.json(other.output) as? [[String: Any]] ?? []).allSatisfy { ($0["name"] as? String ?? "").contains("Hiên Tý") })
            let units = try await world.cli(["search", "quang tho", "--as", "thanhmai", "--json"])
            #expect((DoorParityTests.json(units.output) as? [[String: Any]] ?? []).allSatisfy { $0["kind"] as? String != "unit" })
            let staffUnits = try await world.cli(["search", "quang tho", "--as", "cb-huyen", "--json"])
            #expect((DoorParityTests.json(staffUnits.output) as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "unit" && $0["id"] as? String == "quang-tho" })
            // A form's "+" is a space.
            let plus = try await client.execute(uri: "/api/v1/search?q=nuoc+cham+thanh+mai", method: .get, headers: world.headers("cb-huyen"))
            let echoed = (DoorParityTests.json(String(buffer: plus.body)) as? [String: Any])?["query"] as? String
            #expect(echoed == "nuoc cham thanh mai")
            let short = try await client.execute(uri: "/api/v1/search?q=a", method: .get, headers: world.headers("cb-huyen"))
            #expect(short.status == .badRequest)
            #expect(try await world.cli(["search", "a", "--as", "cb-huyen"]).status != 0)
        }
        // The folded names are indexed: the planner may use the trigram index.
        let connection = try world.database.connect()
        let indexes = try connection.query("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%' ORDER BY indexname")
            .map { try $0.decode("indexname", as: String.self) }
        #expect(indexes == ["admin_unit_name_search", "ocop_idea_name_search", "ocop_product_name_search", "ocop_subject_name_search"])
    }

    @Test("districts by name wherever a code is; an idea named nearly as one the producer has is refused unless confirmed")
    func namesAndDuplicates() async throws {
        let world = try await DoorParityTests.world()
        let byCode = try await world.cli(["report", "--as-of", "31/10/2022", "--district", "vu-quang", "--format", "csv"])
        #expect(byCode.status == 0, "\(byCode.errors)")
        for name in ["Vũ Quang", "vu quang", "VŨ QUANG"] {
            let byName = try await world.cli(["report", "--as-of", "31/10/2022", "--district", name, "--format", "csv"])
            #expect(byName.status == 0, "\(name): \(byName.errors)")
            #expect(byName.output == byCode.output, "\(name)")
        }
        let unknown = try await world.cli(["report", "--as-of", "31/10/2022", "--district", "Hương Khê"])
        #expect(unknown.status != 0 && unknown.errors.contains("Hương Khê"))
        try await Self.router(world).test(.router) { client in
            let api = try await client.execute(
                uri: "/api/v1/reports/district?asOf=2022-10-31&format=csv&district=vu%20quang", method: .get, headers: world.headers("cb-huyen"))
            #expect(api.status == .ok)
        }
        // Two units of one name are refused, listing both.
        let connection = try world.database.connect()
        try connection.execute("INSERT INTO admin_unit (code, name, kind, parent_code, valid_from) VALUES ('vu-quang-2', 'Vũ Quang', 'district', 'ha-tinh', '2020-01-01')")
        let ambiguous = try await world.cli(["report", "--as-of", "31/10/2022", "--district", "vu quang"])
        #expect(ambiguous.status != 0)
        #expect(ambiguous.errors.contains("vu-quang") && ambiguous.errors.contains("vu-quang-2"), "\(ambiguous.errors)")

        let before = try world.historyRows()
        let again = try await world.cli(["idea", "register", "--subject", "thanh-mai", "--name", "nuoc cham thanh mai", "--as", "thanhmai"])
        #expect(again.status != 0)
        #expect(again.errors.contains("Nước chấm Thanh Mai"), "the near match is listed: \(again.errors)")
        #expect(try world.historyRows() == before, "a refusal changes nothing")
        let other = try await world.cli(["idea", "register", "--subject", "thanh-mai", "--name", "Tương ớt Thanh Mai", "--as", "thanhmai", "--json"])
        #expect(other.status == 0, "another name registers: \(other.errors)")
        let confirmed = try await world.cli(
            ["idea", "register", "--subject", "thanh-mai", "--name", "nuoc cham thanh mai", "--as", "thanhmai", "--confirm-duplicate", "--json"])
        #expect(confirmed.status == 0, "\(confirmed.errors)")
    }
}

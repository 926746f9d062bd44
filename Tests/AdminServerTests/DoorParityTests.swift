import AdminServer
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import Logging
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// One application core: the CLI and the API answer the same question the same way, for every kind of user of the
/// Vũ Quang demo, and the rules that used to hold at one door only now hold at both.
@Suite("doors: CLI and API go through the same services")
struct DoorParityTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let now = Date()

    /// The demo loaded through the CLI (as the application's role), a commune officer bound to Quang Thọ added, and the
    /// server's router on the same database.
    struct World {
        let database: TestDatabase
        let services: Services
        let environment: [String: String]
        let runner = CommandRunner()
        let tokens: [String: String]

        func cli(_ arguments: [String]) async throws -> CommandRunner.Result {
            try await runner.run(arguments + ["--database-url", database.appConninfo], environment: environment)
        }

        func router() -> some ApplicationProtocol {
            Application(
                router: AdminServer.router(
                    dependencies: ServerDependencies(services: services, now: { DoorParityTests.now }),
                    configuration: ServerConfiguration(runsTimers: false, runsOutbox: false), latestMigration: 10))
        }

        func headers(_ user: String, json: Bool = false) -> HTTPFields {
            var fields: HTTPFields = [.authorization: "Bearer \(tokens[user] ?? "")"]
            if json { fields[.contentType] = "application/json" }
            return fields
        }

        /// Rows of the history (nothing refused may add one).
        func historyRows() throws -> Int {
            try database.connect().query("SELECT count(*)::int AS n FROM workflow_transition").single().decode("n", as: Int.self)
        }
    }

    static let users = ["cb-huyen", "cb-quangtho", "thanhmai", "hienty", "vpdp", "admin"]

    static func world() async throws -> World {
        let database = try await TestServer.shared.database()
        let home = URL(fileURLWithPath: "/tmp/ocop-parity-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let environment = ["OCOP_HOME": repository.path, "HOME": home.path, "XDG_DATA_HOME": ""]
        let runner = CommandRunner()
        for arguments in [
            ["demo", "--no-report"], ["user", "add", "cb-quangtho", "--name", "Cán bộ xã Quang Thọ"],
            ["user", "grant", "cb-quangtho", "XA", "--unit", "quang-tho", "--by", "admin"],
        ] {
            let result = try await runner.run(arguments + ["--database-url", database.appConninfo], environment: environment)
            #expect(result.status == 0, "ocop \(arguments.joined(separator: " ")): \(result.errors)")
        }
        let pool = database.pool(size: 4)
        let folder = repository.appendingPathComponent("workflows")
        let store = WorkflowStore(
            pool: pool, guards: Domain.registry(ruleSets: try RuleSetCatalog.load(directory: folder.appendingPathComponent("rulesets"))),
            calendar: try WorkingCalendar.load(contentsOf: folder.appendingPathComponent("calendars/vn-holidays.yaml")))
        try await store.register(directory: folder)
        let services = Services(pool: pool, store: store, ocop: try OCOPService.load(workflows: store, directory: folder))
        var tokens: [String: String] = [:]
        for user in users {
            tokens[user] = try await services.accounts.createToken(for: user, label: "test", validFor: .seconds(3600), now: Date()).secret
        }
        return World(database: database, services: services, environment: environment, tokens: tokens)
    }

    static func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test("every read of the API gives the CLI's records, and every refusal the matching code, for each kind of user")
    func parity() async throws {
        let world = try await Self.world()
        let all = try await world.services.workflows.list(.init(limit: 1000), as: Caller("admin")).items.map(\.record)
        #expect(all.count > 40)
        // One record of each workflow and subject, plus an id that was never used.
        var sample: [Int64] = []
        var seen: Set<String> = []
        for record in all where seen.insert("\(record.workflow)/\(record.subjectID ?? record.unitCode ?? "")").inserted { sample.append(record.id) }
        sample.append(99_999)
        let ids = sample
        let exitFor: [Int: Int32] = [200: 0, 400: 6, 401: 4, 403: 4, 404: 3, 409: 5, 412: 5, 422: 4, 503: 7]
        // The demo's certificates expired on 21/02/2025 by date; no timer has recorded it: both doors say so.
        let certificate = try #require(all.first { $0.workflow == "ocop_certificate" && $0.snapshot.state == "VALID" })
        try await world.router().test(.router) { client in
            let api = try await client.execute(uri: "/api/v1/instances/\(certificate.id)", method: .get, headers: world.headers("vpdp"))
            let due = (((Self.json(String(buffer: api.body)) as? [String: Any])?["due"] as? [String: Any])?["state"] as? [String: Any])?["code"] as? String
            #expect(due == "EXPIRED")
        }
        let cliDue = try await world.cli(["status", "\(certificate.id)", "--as", "vpdp", "--json"])
        #expect(((Self.json(cliDue.output) as? [String: Any])?["due"] as? [String: Any])?["state"] as? String == "EXPIRED")
        try await world.router().test(.router) { client in
            for user in Self.users {
                // Lists: the same ids through both doors, filtered before the limit.
                let api = try await client.execute(uri: "/api/v1/instances?limit=500", method: .get, headers: world.headers(user))
                let apiIDs = ((Self.json(String(buffer: api.body)) as? [String: Any])?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                let cli = try await world.cli(["list", "--as", user, "--limit", "500", "--json"])
                let cliIDs = (Self.json(cli.output) as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                #expect(cli.status == 0, "\(user): \(cli.errors)")
                #expect(apiIDs == cliIDs, "list as \(user)")
                #expect(!apiIDs.isEmpty, "\(user) sees something")
                let visible = try await world.services.workflows.list(.init(limit: 5), as: Caller(user))
                #expect(visible.items.count == min(5, apiIDs.count), "\(user): the first page is full when there is more to see")

                // OCOP lists.
                for (path, command) in [("ideas", "idea"), ("products", "product"), ("certificates", "certificate"), ("claims", "claim")] {
                    let api = try await client.execute(uri: "/api/v1/ocop/\(path)?limit=500", method: .get, headers: world.headers(user))
                    let ids = ((Self.json(String(buffer: api.body)) as? [String: Any])?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                    let cli = try await world.cli([command, "list", "--as", user, "--json"])
                    let cliIDs = (Self.json(cli.output) as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                    #expect(ids == cliIDs, "\(path) as \(user)")
                }

                // One record at a time: status and history exist at both doors or at neither.
                for id in ids {
                    let api = try await client.execute(uri: "/api/v1/instances/\(id)", method: .get, headers: world.headers(user))
                    let cli = try await world.cli(["status", "\(id)", "--as", user, "--json"])
                    #expect(exitFor[Int(api.status.code)] == cli.status, "status \(id) as \(user): API \(api.status.code), CLI \(cli.status)")
                    if api.status == .ok {
                        let apiEvents = ((Self.json(String(buffer: api.body)) as? [String: Any])?["events"] as? [[String: Any]] ?? [])
                            .filter { $0["available"] as? Bool == true }.compactMap { $0["event"] as? String }
                        let cliEvents = ((Self.json(cli.output) as? [String: Any])?["events"] as? [[String: Any]] ?? [])
                            .filter { $0["available"] as? Bool == true }.compactMap { $0["event"] as? String }
                        #expect(apiEvents == cliEvents, "events of \(id) for \(user)")
                        // The state by date (overdue timers not yet recorded) is the same at both doors.
                        let apiDue = (((Self.json(String(buffer: api.body)) as? [String: Any])?["due"] as? [String: Any])?["state"] as? [String: Any])?["code"] as? String
                        let cliDue = ((Self.json(cli.output) as? [String: Any])?["due"] as? [String: Any])?["state"] as? String
                        #expect(apiDue == cliDue, "state by date of \(id) for \(user)")
                    }
                    let apiHistory = try await client.execute(uri: "/api/v1/instances/\(id)/history", method: .get, headers: world.headers(user))
                    #expect(apiHistory.status == api.status)
                }

                // Writes refused at the API are refused at the CLI with the matching code, and change nothing.
                for (id, event) in [(25 as Int64, "withdraw"), (24, "update_dossier"), (ids[0], "approve"), (99_999, "submit")] {
                    let before = try world.historyRows()
                    let api = try await client.execute(
                        uri: "/api/v1/instances/\(id)/events/\(event)", method: .post, headers: world.headers(user, json: true),
                        body: ByteBuffer(string: #"{"input":{"reason":"thử","business_plan":"x"},"onBehalfOf":"cam-bao-phuong"}"#))
                    let cli = try await world.cli(
                        ["fire", "\(id)", event, "--as", user, "--input", "reason=thử", "--input", "business_plan=x", "--on-behalf-of", "cam-bao-phuong"])
                    #expect(api.status != .ok, "\(event) on \(id) for cam-bao-phuong as \(user)")
                    #expect(exitFor[Int(api.status.code)] == cli.status, "\(event) on \(id) as \(user): API \(api.status.code), CLI \(cli.status)")
                    #expect(try world.historyRows() == before)
                }
            }
        }
    }

    @Test("out of scope is 'not found' at every door; --as is required; service-owned records are made by their service")
    func scopeAtTheCLI() async throws {
        let world = try await Self.world()
        let before = try world.historyRows()
        // Idea 25 belongs to another subject than Thanh Mai's; Quang Thọ's officer does not cover it either.
        for arguments in [
            ["fire", "25", "withdraw", "--as", "thanhmai", "--input", "reason=x"], ["status", "25", "--as", "thanhmai"],
            ["history", "25", "--as", "thanhmai"], ["fire", "25", "withdraw", "--as", "cb-quangtho", "--input", "reason=x"],
        ] {
            let result = try await world.cli(arguments)
            #expect(result.status == 3, "\(arguments): \(result.errors)")
            #expect(result.errors.contains("không có hồ sơ số 25"))
        }
        let bulk = try await world.cli(["bulk", "fire", "withdraw", "--workflow", "product_idea", "--as", "thanhmai", "--input", "reason=x", "--apply"])
        #expect(!bulk.output.contains("#25"), "bulk reaches only the caller's own records")
        #expect(try await world.cli(["history", "25"]).status != 0)
        for workflow in [["support_claim", "amount:=999999999"], ["ocop_certificate", "star:=5"]] {
            let result = try await world.cli(["start", workflow[0], "--as", "thanhmai", "--input", workflow[1]])
            #expect(result.status == 4, "\(workflow[0]): \(result.errors)")
        }
        #expect(try world.historyRows() == before)
    }

    @Test("the producer's page: the CLI's --json and the API's document are the same for every kind of user; password resets follow one rule")
    func producerStatusAndPasswords() async throws {
        let world = try await Self.world()
        try await world.router().test(.router) { client in
            for user in Self.users {
                let api = try await client.execute(uri: "/api/v1/ocop/producer-status", method: .get, headers: world.headers(user))
                #expect(api.status == .ok, "\(user)")
                let apiItems = (Self.json(String(buffer: api.body)) as? [String: Any])?["items"] as? [Any] ?? []
                let cli = try await world.cli(["producer", "status", "--as", user, "--json"])
                #expect(cli.status == 0, "\(user): \(cli.errors)")
                let cliItems = Self.json(cli.output) as? [Any] ?? []
                #expect((apiItems as NSArray) == (cliItems as NSArray), "producer status as \(user)")
            }
            // Thanh Mai sees only her product, with its missing dossier items; the district officer sees the scores,
            // certificates and claims of the 2021 products.
            let own = try await client.execute(uri: "/api/v1/ocop/producer-status", method: .get, headers: world.headers("thanhmai"))
            let items = (Self.json(String(buffer: own.body)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
            #expect(Set(items.compactMap { $0["subjectName"] as? String }).count == 1)
            #expect(items.contains { $0["kind"] as? String == "product" && !($0["missing"] as? [Any] ?? []).isEmpty })
            let district = try await client.execute(uri: "/api/v1/ocop/producer-status", method: .get, headers: world.headers("cb-huyen"))
            let products = ((Self.json(String(buffer: district.body)) as? [String: Any])?["items"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "product" }
            let rated = products.filter { !($0["scores"] as? [Any] ?? []).isEmpty }
            #expect(rated.count >= 5)
            #expect(rated.allSatisfy { ($0["certificates"] as? [Any])?.count == 1 && ($0["claims"] as? [[String: Any]])?.first?["amount"] as? Int == 30_000_000 })
        }
        // Resetting Thanh Mai's password: her district's and commune's officers, the province office and the administrator
        // may; another producer may not, and a refusal changes nothing.
        for (user, status) in [("cb-huyen", 0), ("cb-quangtho", 0), ("vpdp", 0), ("admin", 0), ("hienty", 4)] as [(String, Int32)] {
            let result = try await world.cli(["user", "password", "reset", "thanhmai", "--as", user, "--json"])
            #expect(result.status == status, "reset by \(user): \(result.errors)")
            if status == 0 {
                let temporary = (Self.json(result.output) as? [String: Any])?["temporaryPassword"] as? String ?? ""
                #expect(temporary.count == 14)
            }
        }
        let resets = try await world.services.accounts.passwordChanges(of: "thanhmai", by: "admin").map(\.by)
        #expect(resets == ["cb-huyen", "cb-quangtho", "vpdp", "admin"])
        // A producer's own saved language is the CLI's too; usage errors are Vietnamese unless English is asked for.
        #expect(try await world.cli(["user", "language", "thanhmai", "en", "--as", "thanhmai"]).status == 0)
        let english = try await world.cli(["producer", "status", "--as", "thanhmai"])
        #expect(english.output.contains("Product 24") && english.output.contains("Stage"))
        let usage = try await world.cli(["producer", "status"])
        #expect(usage.status == 64 && usage.errors.contains("thiếu tham số bắt buộc '--as <as>'") && usage.errors.contains("Cách dùng:"))
        let usageEN = try await world.cli(["producer", "status", "--lang", "en"])
        #expect(usageEN.status == 64 && usageEN.errors.contains("Missing expected argument '--as <as>'"))
        // Units by name wherever a code is: a grant and a list filter typed as people write the commune's name.
        #expect(try await world.cli(["user", "add", "cb-quangtho-2", "--name", "Cán bộ xã 2"]).status == 0)
        let granted = try await world.cli(["user", "grant", "cb-quangtho-2", "XA", "--unit", "quang tho", "--by", "admin"])
        #expect(granted.status == 0, "\(granted.errors)")
        #expect(try await world.services.accounts.user("cb-quangtho-2").grants.map(\.unitCode) == ["quang-tho"])
        let byName = Self.json(try await world.cli(["list", "--as", "cb-huyen", "--unit", "Quang Thọ", "--json"]).output) as? [[String: Any]] ?? []
        let byCode = Self.json(try await world.cli(["list", "--as", "cb-huyen", "--unit", "quang-tho", "--json"]).output) as? [[String: Any]] ?? []
        #expect(!byCode.isEmpty && byName.compactMap { $0["id"] as? Int } == byCode.compactMap { $0["id"] as? Int })
        // A return's reason is in the history's note and on the producer's page, with the step's label.
        let returned = try await world.cli(["fire", "25", "return_first", "--as", "cb-huyen", "--input", "reason=Thiếu giấy chứng nhận ATTP"])
        #expect(returned.status == 0, "\(returned.errors)")
        let history = try await world.cli(["history", "25", "--as", "cb-huyen"])
        #expect(history.output.contains("Trả lại bổ sung (lần 1)") && history.output.contains("Thiếu giấy chứng nhận ATTP"))
        let page = Self.json(try await world.cli(["producer", "status", "--as", "cb-huyen", "--json"]).output) as? [[String: Any]] ?? []
        let reasons = page.first { $0["id"] as? Int == 25 }?["reasons"] as? [[String: Any]] ?? []
        #expect(reasons.map { $0["reason"] as? String } == ["Thiếu giấy chứng nhận ATTP"])
        #expect((reasons.first?["eventLabel"] as? [String: Any])?["vi"] as? String == "Trả lại bổ sung (lần 1)")
    }

    @Test("onBehalfOf must be the record's subject; idempotency keys belong to their sender")
    func onBehalfOfAndKeys() async throws {
        let world = try await Self.world()
        try await world.router().test(.router) { client in
            let forged = try await client.execute(
                uri: "/api/v1/instances/24/events/update_dossier", method: .post, headers: world.headers("thanhmai", json: true),
                body: ByteBuffer(string: #"{"input":{"business_plan":"x"},"onBehalfOf":"cam-bao-phuong"}"#))
            #expect(forged.status == .forbidden)
            #expect(String(buffer: forged.body).contains("cam-bao-phuong"))
        }
        let input = ["business_plan": JSONValue.string("phương án 2022")]
        let first = try await world.services.workflows.fire(
            EventRequest(instanceID: 24, event: "update_dossier", input: input, idempotencyKey: "nop-1"), as: Caller("cb-xa"), at: Self.now)
        #expect(!first.replayed)
        let again = try await world.services.workflows.fire(
            EventRequest(instanceID: 24, event: "update_dossier", input: input, idempotencyKey: "nop-1"), as: Caller("cb-xa"), at: Self.now)
        #expect(again.replayed && again.version == first.version)
        // The same key with another input: a conflict, never a silent replay.
        await #expect(throws: ServiceError.self) {
            _ = try await world.services.workflows.fire(
                EventRequest(instanceID: 24, event: "update_dossier", input: ["business_plan": .string("khác")], idempotencyKey: "nop-1"),
                as: Caller("cb-xa"), at: Self.now)
        }
        // Another user's "nop-1" is theirs alone: it fires, and learns nothing of the first.
        let theirs = try await world.services.workflows.fire(
            EventRequest(instanceID: 24, event: "update_dossier", input: ["business_plan": .string("của tôi")], idempotencyKey: "nop-1"),
            as: Caller("thanhmai"), at: Self.now)
        #expect(!theirs.replayed && theirs.version == first.version + 1)
    }

    @Test("the application's role cannot disable the history's triggers, alter tables or rewrite history")
    func leastPrivilege() async throws {
        let database = try await TestServer.shared.database()
        let connection = try Connection(conninfo: database.appConninfo)
        #expect(try connection.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").single().decode("rolsuper", as: Bool.self) == false)
        for statement: Query in [
            "ALTER TABLE workflow_transition DISABLE TRIGGER ALL", "DROP TABLE workflow_transition", "TRUNCATE workflow_transition",
            "CREATE TABLE stray (id int)", "DELETE FROM ocop_schema_migration",
        ] {
            #expect(throws: DatabaseError.self, "\(statement.sql)") { try connection.queryUnprepared(statement) }
        }
        // What it must do, it can: read and write rows.
        #expect(try connection.query("SELECT count(*)::int AS n FROM workflow_instance").single().decode("n", as: Int.self) == 0)
    }

    @Test("a database that cannot be reached is 'unavailable' (503 / exit 7), never 'not found'")
    func databaseDown() async throws {
        let pool = ConnectionPool(configuration: .init(conninfo: "host=/nonexistent-ocop port=1 dbname=x connect_timeout=1", size: 1, acquireTimeout: .seconds(2)))
        defer { pool.shutdown() }
        let services = Services(pool: pool, store: WorkflowStore(pool: pool))
        do {
            _ = try await services.workflows.status(1, as: Caller("cb-xa"), at: Self.now)
            Issue.record("a status without a database succeeded")
        } catch {
            #expect(error.kind == .unavailable)
        }
        let runner = CommandRunner()
        let result = try await runner.run(["status", "1", "--as", "cb-huyen", "--database-url", "host=/nonexistent-ocop port=1 dbname=x connect_timeout=1"])
        #expect(result.status == 7, "\(result.errors)")
    }

    @Test("councils: each kind of user gets the same answer from the CLI and the API; the lists agree; bad forms list every problem")
    func councils() async throws {
        let world = try await Self.world()
        let exitFor: [Int: Int32] = [200: 0, 201: 0, 400: 6, 401: 4, 403: 4, 404: 3, 409: 5]
        let members = ["hdh-1:chair:Nguyễn Văn A", "hdh-2:member:Trần Thị B", "hdh-3:member:Lê Văn C"]
        try await world.router().test(.router) { client in
            for user in Self.users {
                let tag = user.replacingOccurrences(of: "-", with: "")
                let body = """
                    {"code":"api-\(tag)","name":"Hội đồng OCOP huyện Vũ Quang 2022","level":"district","unit":"vu-quang",
                     "decisionRef":"120/QĐ-UBND","decisionDate":"2022-06-01",
                     "members":[{"id":"hdh-1","name":"Nguyễn Văn A","role":"chair"},{"id":"hdh-2","name":"Trần Thị B","role":"member"},
                                {"id":"hdh-3","name":"Lê Văn C","role":"member"}]}
                    """
                let api = try await client.execute(
                    uri: "/api/v1/ocop/councils", method: .post, headers: world.headers(user, json: true), body: ByteBuffer(string: body))
                let cli = try await world.cli(
                    ["council", "create", "cli-\(tag)", "--name", "Hội đồng OCOP huyện Vũ Quang 2022", "--level", "district", "--unit", "vu-quang",
                     "--decision", "120/QĐ-UBND", "--decision-date", "01/06/2022", "--as", user] + members.flatMap { ["--member", $0] })
                #expect(exitFor[Int(api.status.code)] == cli.status, "council create as \(user): API \(api.status.code), CLI \(cli.status) \(cli.errors)")
                #expect((api.status == .created) == (user == "cb-huyen"), "\(user): \(api.status)")
            }
            let listed = try await client.execute(uri: "/api/v1/ocop/councils", method: .get, headers: world.headers("thanhmai"))
            let apiCodes = ((Self.json(String(buffer: listed.body)) as? [String: Any])?["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            let cli = try await world.cli(["council", "list", "--as", "thanhmai", "--json"])
            let cliCodes = (Self.json(cli.output) as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(apiCodes == cliCodes)
            #expect(Set(apiCodes) == ["api-cbhuyen", "cli-cbhuyen", "hdh-vu-quang-2021", "hdt-ha-tinh-2021"])

            // A form with several faults: all of them at once, nothing created; an unknown field is refused outright.
            let bad = try await client.execute(
                uri: "/api/v1/ocop/councils", method: .post, headers: world.headers("cb-huyen", json: true),
                body: ByteBuffer(string: """
                    {"code":"x","name":"X","level":"district","unit":"quang-tho","decisionRef":"1/QĐ","decisionDate":"2022-06-01","minSheets":3,
                     "members":[{"id":"a","name":"A","role":"member"}]}
                    """))
            #expect(bad.status == .badRequest)
            let text = String(buffer: bad.body)
            #expect(text.contains("quang-tho") && text.contains("chủ tịch") && text.contains("tối thiểu"), "\(text)")
            let unknown = try await client.execute(
                uri: "/api/v1/ocop/councils/api-cbhuyen/members", method: .post, headers: world.headers("cb-huyen", json: true),
                body: ByteBuffer(string: #"{"id":"hdh-4","name":"Phạm D","role":"member","rank":"x"}"#))
            #expect(unknown.status == .badRequest && String(buffer: unknown.body).contains("rank"))
            let added = try await client.execute(
                uri: "/api/v1/ocop/councils/api-cbhuyen/members", method: .post, headers: world.headers("cb-huyen", json: true),
                body: ByteBuffer(string: #"{"id":"hdh-4","name":"Phạm D","role":"member"}"#))
            #expect(added.status == .ok)
            let shown = try await world.cli(["council", "show", "api-cbhuyen", "--as", "vpdp", "--json"])
            #expect(((Self.json(shown.output) as? [String: Any])?["members"] as? [Any])?.count == 4)
        }
    }

    @Test("rules that lived in CLI commands hold in the services: NTM import scope, reference keepers, migrations by ADMIN")
    func rulesMovedIntoServices() async throws {
        let world = try await Self.world()
        // A commune officer of Quang Thọ imports a file with one line for Đức Lĩnh: refused, naming the line, nothing written.
        let csv = NSTemporaryDirectory() + "ocop-scope-\(UInt32.random(in: 0...UInt32.max)).csv"
        defer { try? FileManager.default.removeItem(atPath: csv) }
        let lines = [
            "don_vi,bo_tieu_chi,tieu_chi,ngay,trang_thai", "quang-tho,ntm-commune-318,TC01,31/10/2022,đạt", "duc-linh,ntm-commune-318,TC01,31/10/2022,đạt",
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: csv))
        let count = { try world.database.connect().query("SELECT count(*)::int AS n FROM ntm_assessment").single().decode("n", as: Int.self) }
        let before = try count()
        let refused = try await world.cli(["ntm", "import", csv, "--as", "cb-quangtho"])
        #expect(refused.status == 6, "\(refused.errors)")
        #expect(refused.errors.contains("dòng 3") && refused.errors.contains("ngoài phạm vi"))
        #expect(try count() == before)
        // The same file by the district officer goes in.
        #expect(try await world.cli(["ntm", "import", csv, "--as", "cb-huyen"]).status == 0)
        #expect(try count() == before + 2)

        // Reference data: a producer may not add a unit; the district officer may, under their district.
        let producerUnit = try await world.cli(["unit", "add", "thon-1", "--name", "Thôn 1", "--kind", "village", "--parent", "quang-tho", "--from", "01/01/2023", "--as", "thanhmai"])
        #expect(producerUnit.status == 4, "\(producerUnit.errors)")
        let officerUnit = try await world.cli(["unit", "add", "thon-1", "--name", "Thôn 1", "--kind", "village", "--parent", "quang-tho", "--from", "01/01/2023", "--as", "cb-huyen"])
        #expect(officerUnit.status == 0, "\(officerUnit.errors)")

        // Moving live records to another workflow version is an administrator's act.
        do {
            _ = try await world.services.definitions.migrate(from: 1, to: 1, stateMap: [:], apply: true, as: Caller("cb-huyen"), at: Self.now)
            Issue.record("a district officer applied a migration")
        } catch {
            #expect(error.kind == .forbidden)
        }
    }
}


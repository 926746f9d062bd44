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

/// Dossier files over the API (multipart over a real socket) and the dashboard, on the Vũ Quang demo: Thanh Mai's
/// product is being developed and lacks its product samples.
@Suite("dossier documents: API and dashboard")
struct DocumentAPITests {
    typealias World = DoorParityTests.World

    /// Thanh Mai's product (DEVELOPING).
    static func product(_ world: World) async throws -> Int64 {
        let items = try await world.services.workflows.list(.init(workflow: "ocop_product", limit: 500), as: Caller("thanhmai")).items
        return try #require(items.first { $0.record.snapshot.state == "DEVELOPING" }?.record.id)
    }

    /// The server on the world's database; with `maxBytes`, services of its own with that upload limit.
    static func application(_ world: World, maxBytes: Int? = nil) async throws -> some ApplicationProtocol {
        var services = world.services
        if let maxBytes {
            let pool = world.database.pool(size: 4)
            let folder = DoorParityTests.repository.appendingPathComponent("workflows")
            let store = WorkflowStore(
                pool: pool, guards: Domain.registry(ruleSets: try RuleSetCatalog.load(directory: folder.appendingPathComponent("rulesets"))),
                calendar: try WorkingCalendar.load(contentsOf: folder.appendingPathComponent("calendars/vn-holidays.yaml")))
            try await store.register(directory: folder)
            services = Services(pool: pool, store: store, ocop: try OCOPService.load(workflows: store, directory: folder), documentMaxBytes: maxBytes)
        }
        return AdminServer.application(
            dependencies: ServerDependencies(services: services, now: { DoorParityTests.now }),
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, runsTimers: false, runsOutbox: false), latestMigration: 19,
            logger: Logger(label: "ocop.test.documents"))
    }

    static func multipart(item: String?, fileName: String, content: [UInt8], boundary: String = "ocop-b0undary") -> ByteBuffer {
        var body: [UInt8] = []
        if let item {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"item\"\r\n\r\n\(item)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += content
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    static func uploadHeaders(_ world: World, _ user: String, boundary: String = "ocop-b0undary") -> HTTPFields {
        var fields = world.headers(user)
        fields[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return fields
    }

    static func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func status(of item: String, in checklist: [String: Any]) -> String? {
        (checklist["items"] as? [[String: Any]])?.first { $0["item"] as? String == item }?["status"] as? String
    }

    /// Documents, contents, history rows: what a refused request must leave alone.
    static func counts(_ world: World) throws -> [Int] {
        let row = try world.database.connect().query(
            """
            SELECT (SELECT count(*) FROM document)::int AS d, (SELECT count(*) FROM document_content)::int AS c,
                   (SELECT count(*) FROM workflow_transition)::int AS h, (SELECT count(*) FROM document WHERE removed_at IS NOT NULL)::int AS r
            """
        ).single()
        return [try row.decode("d"), try row.decode("c"), try row.decode("h"), try row.decode("r")]
    }

    @Test("upload (multipart, real socket), checklist, download with ETag, removal; the CLI lists the same checklist")
    func uploadDownloadRemove() async throws {
        let world = try await DoorParityTests.world()
        let id = try await Self.product(world)
        let pdf = SampleFiles.pdf("mẫu sản phẩm")
        try await Self.application(world).test(.live) { client in
            let before = Self.json(try await client.execute(uri: "/api/v1/ocop/products/\(id)/documents", method: .get, headers: world.headers("thanhmai")))
            #expect(Self.status(of: "self-assessment", in: before) == "missing")

            let created = try await client.execute(
                uri: "/api/v1/ocop/products/\(id)/documents", method: .post, headers: Self.uploadHeaders(world, "thanhmai"),
                body: Self.multipart(item: "self-assessment", fileName: "Mẫu sản phẩm.pdf", content: pdf))
            #expect(created.status == .created, "\(created.text)")
            let document = Self.json(created)
            let documentID = try #require(document["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/documents/\(documentID)")
            #expect(document["fileName"] as? String == "Mẫu sản phẩm.pdf" && document["mediaType"] as? String == "application/pdf")

            let after = try await client.execute(uri: "/api/v1/ocop/products/\(id)/documents", method: .get, headers: world.headers("cb-huyen"))
            #expect(Self.status(of: "self-assessment", in: Self.json(after)) == "present")

            // The CLI answers the same checklist (same JSON) for the same user.
            let api = try await client.execute(uri: "/api/v1/ocop/products/\(id)/documents", method: .get, headers: world.headers("thanhmai"))
            let cli = try await world.cli(["product", "documents", "\(id)", "--as", "thanhmai", "--json"])
            #expect(cli.status == 0, "\(cli.errors)")
            let cliJSON = try JSONSerialization.jsonObject(with: Data(cli.output.utf8)) as? NSDictionary
            #expect(cliJSON == (try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? NSDictionary))

            let download = try await client.execute(uri: "/api/v1/documents/\(documentID)", method: .get, headers: world.headers("cb-huyen"))
            #expect(download.status == .ok && Array(download.body.readableBytesView) == pdf)
            #expect(download.headers[.contentType] == "application/pdf")
            #expect(download.headers[.eTag] == "\"\(ContentHash.hex(pdf))\"")
            #expect(download.headers[.contentDisposition]?.contains("filename*=UTF-8''M%E1%BA%ABu%20s%E1%BA%A3n%20ph%E1%BA%A9m.pdf") == true)
            var conditional = world.headers("cb-huyen")
            conditional[.ifNoneMatch] = "\"\(ContentHash.hex(pdf))\""
            #expect(try await client.execute(uri: "/api/v1/documents/\(documentID)", method: .get, headers: conditional).status == .notModified)

            // Another producer: the document does not exist for them.
            let foreign = try await client.execute(uri: "/api/v1/documents/\(documentID)", method: .get, headers: world.headers("hienty"))
            #expect(foreign.status == .notFound)

            let removed = try await client.execute(uri: "/api/v1/documents/\(documentID)", method: .delete, headers: world.headers("thanhmai"))
            #expect(removed.status == .ok && Self.json(removed)["removedBy"] as? String == "thanhmai")
            let last = try await client.execute(uri: "/api/v1/ocop/products/\(id)/documents", method: .get, headers: world.headers("thanhmai"))
            #expect(Self.status(of: "self-assessment", in: Self.json(last)) == "missing")
        }
        let audit = try await world.cli(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.output) \(audit.errors)")
    }

    @Test("refused uploads answer 413/400/404 naming the file or field, and change nothing")
    func refusals() async throws {
        let world = try await DoorParityTests.world()
        let id = try await Self.product(world)
        try await Self.application(world, maxBytes: 4096).test(.live) { client in
            let before = try Self.counts(world)
            let cases: [(user: String, item: String?, name: String, content: [UInt8], status: HTTPResponse.Status, words: String)] = [
                ("thanhmai", "self-assessment", "to.pdf", SampleFiles.pdf(String(repeating: "x", count: 200_000)), .contentTooLarge, "4 KB"),
                ("thanhmai", "self-assessment", "setup.exe", SampleFiles.exe, .badRequest, ".exe"),
                ("thanhmai", "self-assessment", "setup.pdf", SampleFiles.exe, .badRequest, "setup.pdf"),
                ("thanhmai", "self-assessment", "anh.pdf", SampleFiles.png, .badRequest, "PNG"),
                ("thanhmai", "giay-khen", "mau.pdf", SampleFiles.pdf(), .badRequest, "giay-khen"),
                ("thanhmai", nil, "mau.pdf", SampleFiles.pdf(), .badRequest, "item"),
                ("hienty", "self-assessment", "mau.pdf", SampleFiles.pdf(), .notFound, "\(id)"),
            ]
            for refused in cases {
                let response = try await client.execute(
                    uri: "/api/v1/ocop/products/\(id)/documents", method: .post, headers: Self.uploadHeaders(world, refused.user),
                    body: Self.multipart(item: refused.item, fileName: refused.name, content: refused.content))
                #expect(response.status == refused.status, "\(refused.name): \(response.status) \(response.text)")
                #expect(response.text.contains(refused.words), "\(refused.name): \(response.text)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            var english = Self.uploadHeaders(world, "thanhmai")
            english[.acceptLanguage] = "en"
            let renamed = try await client.execute(
                uri: "/api/v1/ocop/products/\(id)/documents", method: .post, headers: english,
                body: Self.multipart(item: "self-assessment", fileName: "anh.pdf", content: SampleFiles.png))
            #expect(renamed.text.contains("rename it to .png"), "\(renamed.text)")
            #expect(try Self.counts(world) == before)
        }
    }

    @Test("the dashboard's product page lists the checklist with an upload form; a multipart upload with the CSRF token turns the item present")
    func dashboardUpload() async throws {
        let world = try await DoorParityTests.world()
        let id = try await Self.product(world)
        try await Self.application(world).test(.live) { client in
            let signIn = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(world.tokens["thanhmai"] ?? "")"))
            let cookie = String((signIn.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
            let page = try await client.execute(uri: "/instances/\(id)", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("id=\"item-self-assessment\" data-status=\"missing\""))
            #expect(page.text.contains("enctype=\"multipart/form-data\""))
            let csrf = page.text.range(of: "name=\"csrf\" value=\"").map { String(page.text[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
            let boundary = "dash-b0undary"
            var fields: HTTPFields = [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"]
            let before = try Self.counts(world)
            // Without the CSRF token: refused, nothing stored.
            let forged = try await client.execute(
                uri: "/instances/\(id)/documents", method: .post, headers: fields,
                body: Self.multipart(item: "self-assessment", fileName: "mau.pdf", content: SampleFiles.pdf(), boundary: boundary))
            #expect(forged.status == .forbidden)
            #expect(try Self.counts(world) == before)
            var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8)
            body += Array(Self.multipart(item: "self-assessment", fileName: "mau.pdf", content: SampleFiles.pdf(), boundary: boundary).readableBytesView)
            let posted = try await client.execute(uri: "/instances/\(id)/documents", method: .post, headers: fields, body: ByteBuffer(bytes: body))
            #expect(posted.status == .seeOther, "\(posted.text)")
            fields = [.cookie: cookie]
            let after = try await client.execute(uri: "/instances/\(id)", method: .get, headers: fields)
            #expect(after.text.contains("id=\"item-self-assessment\" data-status=\"present\""))
            #expect(after.text.contains(">mau.pdf</a>"))
        }
    }

    @Test("on the dashboard, an upload too large to read is answered with the product page and the limit, 413, nothing stored")
    func dashboardOversize() async throws {
        let world = try await DoorParityTests.world()
        let id = try await Self.product(world)
        try await Self.application(world, maxBytes: 4096).test(.live) { client in
            let signIn = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(world.tokens["thanhmai"] ?? "")"))
            let cookie = String((signIn.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
            let before = try Self.counts(world)
            let boundary = "dash-b0undary"
            let fields: HTTPFields = [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"]
            let big = SampleFiles.pdf(String(repeating: "x", count: 100_000))
            let posted = try await client.execute(
                uri: "/instances/\(id)/documents", method: .post, headers: fields,
                body: Self.multipart(item: "self-assessment", fileName: "lon.pdf", content: big, boundary: boundary))
            #expect(posted.status == .contentTooLarge)
            #expect(posted.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(posted.text.contains("vượt giới hạn 4 KB"), "\(posted.text.prefix(300))")
            #expect(posted.text.contains("id=\"item-self-assessment\" data-status=\"missing\""))
            // The same size on another dashboard path is not let through without its CSRF check.
            let elsewhere = try await client.execute(
                uri: "/instances/\(id)/events/update_dossier", method: .post, headers: fields,
                body: Self.multipart(item: "self-assessment", fileName: "lon.pdf", content: big, boundary: boundary))
            #expect(elsewhere.status == .contentTooLarge || elsewhere.status == .forbidden)
            #expect(try Self.counts(world) == before)
        }
    }
}

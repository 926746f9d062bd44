import Foundation
import LibPQ
import TestSupport
import Testing

/// `ocop product document attach|get|remove` and `ocop product documents` on the Vũ Quang demo, run as a user would.
@Suite("ocop product document")
struct DocumentCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct World {
        let database: TestDatabase
        let folder: URL
        let runner = CommandRunner()

        func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> CommandRunner.Result {
            let environment = ["OCOP_HOME": DocumentCommandTests.repository.path, "HOME": folder.path, "XDG_DATA_HOME": ""]
            return try await runner.run(arguments + ["--database-url", database.appConninfo], environment: environment.merging(extra) { $1 })
        }

        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = folder.appendingPathComponent(name).path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            return path
        }

        /// Documents, contents, history rows.
        func counts() throws -> [Int] {
            let row = try database.connect().query(
                """
                SELECT (SELECT count(*) FROM document)::int AS d, (SELECT count(*) FROM document_content)::int AS c,
                       (SELECT count(*) FROM workflow_transition)::int AS h
                """
            ).single()
            return [try row.decode("d"), try row.decode("c"), try row.decode("h")]
        }

        func checklist(_ id: Int, as user: String) async throws -> [String: Any] {
            let result = try await run(["product", "documents", "\(id)", "--as", user, "--json"])
            #expect(result.status == 0, "\(result.errors)")
            return (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any] ?? [:]
        }
    }

    static func world() async throws -> World {
        let database = try await TestServer.shared.database()
        let folder = URL(fileURLWithPath: "/tmp/ocop-doc-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let world = World(database: database, folder: folder)
        let demo = try await world.run(["demo", "--no-report"])
        #expect(demo.status == 0, "\(demo.errors)")
        return world
    }

    static func status(_ item: String, _ checklist: [String: Any]) -> String? {
        (checklist["items"] as? [[String: Any]])?.first { $0["item"] as? String == item }?["status"] as? String
    }

    /// Thanh Mai's product, being developed.
    static func product(_ world: World) async throws -> Int {
        let result = try await world.run(["product", "list", "--as", "thanhmai", "--json"])
        let rows = (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [[String: Any]] ?? []
        return try #require(rows.first { $0["state"] as? String == "DEVELOPING" }?["id"] as? Int)
    }

    @Test("attach a PDF to the missing item, list, download the same bytes, remove; the audit stays clean")
    func attachGetRemove() async throws {
        let world = try await Self.world()
        defer { try? FileManager.default.removeItem(at: world.folder) }
        let id = try await Self.product(world)
        #expect(Self.status("self-assessment", try await world.checklist(id, as: "thanhmai")) == "missing")
        let pdf = SampleFiles.pdf("mẫu")
        let path = try world.write("mau-san-pham.pdf", pdf)
        let attach = try await world.run(["product", "document", "attach", "\(id)", "--item", "self-assessment", "--file", path, "--as", "thanhmai", "--json"])
        #expect(attach.status == 0, "\(attach.errors)")
        let document = (try? JSONSerialization.jsonObject(with: Data(attach.output.utf8))) as? [String: Any] ?? [:]
        let documentID = try #require(document["id"] as? Int)
        #expect(Self.status("self-assessment", try await world.checklist(id, as: "cb-huyen")) == "present")

        let table = try await world.run(["product", "documents", "\(id)", "--as", "thanhmai"])
        #expect(table.output.contains("mau-san-pham.pdf") && table.output.contains("✓ đã có"))

        let out = world.folder.appendingPathComponent("tai-ve.pdf").path
        let get = try await world.run(["product", "document", "get", "\(documentID)", "--output", out, "--as", "cb-huyen"])
        #expect(get.status == 0, "\(get.errors)")
        #expect(FileManager.default.contents(atPath: out).map { [UInt8]($0) } == pdf)

        let remove = try await world.run(["product", "document", "remove", "\(documentID)", "--as", "thanhmai", "--lang", "en"])
        #expect(remove.status == 0 && remove.output.contains("removed mau-san-pham.pdf"), "\(remove.output) \(remove.errors)")
        #expect(Self.status("self-assessment", try await world.checklist(id, as: "thanhmai")) == "missing")
        let history = try await world.run(["history", "\(id)", "--as", "thanhmai", "--json"])
        #expect(history.output.contains("attach_document") && history.output.contains("remove_document"))
        let audit = try await world.run(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.output) \(audit.errors)")
    }

    @Test("refused: oversize (before reading), an executable, a PNG named .pdf, an unknown item, another producer's product — clear message, exit code, nothing stored")
    func refusals() async throws {
        let world = try await Self.world()
        defer { try? FileManager.default.removeItem(at: world.folder) }
        let id = try await Self.product(world)
        let before = try world.counts()
        let big = try world.write("lon.pdf", SampleFiles.pdf(String(repeating: "x", count: 5000)))
        let exe = try world.write("setup.exe", SampleFiles.exe)
        let renamed = try world.write("anh.pdf", SampleFiles.png)
        let fine = try world.write("mau.pdf", SampleFiles.pdf())
        let cases: [(file: String, item: String, user: String, environment: [String: String], status: Int32, words: String)] = [
            (big, "self-assessment", "thanhmai", ["OCOP_DOCUMENT_MAX_BYTES": "4096"], 6, "vượt giới hạn 4 KB (OCOP_DOCUMENT_MAX_BYTES)"),
            (exe, "self-assessment", "thanhmai", [:], 6, "loại tệp .exe không được nhận"),
            (renamed, "self-assessment", "thanhmai", [:], 6, "có đuôi .pdf nhưng nội dung là PNG"),
            (fine, "giay-khen", "thanhmai", [:], 6, "mục hồ sơ \"giay-khen\""),
            (fine, "self-assessment", "hienty", [:], 3, "không có hồ sơ số \(id)"),
            (fine, "self-assessment", "thanhmai", ["OCOP_DOCUMENT_MAX_BYTES": "hai mươi"], 6, "OCOP_DOCUMENT_MAX_BYTES=\"hai mươi\""),
        ]
        for refused in cases {
            let result = try await world.run(
                ["product", "document", "attach", "\(id)", "--item", refused.item, "--file", refused.file, "--as", refused.user],
                environment: refused.environment)
            #expect(result.status == refused.status, "\(refused.file): \(result.status) \(result.errors)")
            #expect(result.errors.contains(refused.words), "\(refused.file): \(result.errors)")
        }
        #expect(try world.counts() == before)
    }
}

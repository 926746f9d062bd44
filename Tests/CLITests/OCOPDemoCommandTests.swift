import Foundation
import TestSupport
import Testing

/// `ocop demo` on a fresh embedded database, then the officers' commands on its data, run as a user would.
@Suite("ocop demo and OCOP commands")
struct OCOPDemoCommandTests {
    let runner = CommandRunner()
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the demo loads once into the embedded database; the producer sees Nước chấm Thanh Mai's stage and missing items")
    func demoAndProducerStatus() async throws {
        let home = "/tmp/ocop-demo-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let environment = ["HOME": home, "XDG_DATA_HOME": "", "OCOP_HOME": Self.repository.path]
        var storage: String?
        defer {
            runner.runBlocking(["db", "stop"], environment: environment)
            if let storage { try? FileManager.default.removeItem(atPath: storage) }
            try? FileManager.default.removeItem(atPath: home)
        }
        let status = try await runner.run(["db", "status", "--json"], environment: environment)
        storage = (try? JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any])?["storage"] as? String

        let demo = try await runner.run(["demo"], environment: environment)
        #expect(demo.status == 0, "\(demo.errors)")
        #expect(demo.output.contains("Nước chấm Thanh Mai"))
        #expect(demo.output.contains("436/QĐ-UBND"))

        let again = try await runner.run(["demo"], environment: environment)
        #expect(again.status == 0)
        #expect(again.output.contains("đã được nạp trước đó"))
        // The outbox the demo wrote (a row per state change, one per notify effect) drains: nobody in the demo has an
        // address, so the events are handled and nothing waits.
        let relay = try await runner.run(["outbox", "run", "--once", "--json"], environment: environment)
        #expect(relay.status == 0, "\(relay.errors)")
        #expect(relay.output.contains("\"failed\":0"))
        let waiting = try await runner.run(["outbox", "list", "--json"], environment: environment)
        #expect(waiting.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        let instances = try await runner.run(["list", "--as", "cb-huyen", "--workflow", "product_idea", "--json"], environment: environment)
        #expect(instances.output.components(separatedBy: "\"id\"").count - 1 == 10)

        // NTM assessments from an Excel CSV (BOM, CRLF), tallied as of a date; a bad line changes nothing.
        var lines = ["don_vi,bo_tieu_chi,tieu_chi,ngay,trang_thai"]
        for number in 1...20 {
            let status = number <= 13 ? "đạt" : number <= 15 ? "cơ bản đạt" : "chưa đạt"
            lines.append("duc-linh,ntm-commune-advanced-ha-tinh-provisional,TC\(number < 10 ? "0" : "")\(number),31/10/2022,\(status)")
        }
        let csv = NSTemporaryDirectory() + "ocop-ntm-\(UInt32.random(in: 0...UInt32.max)).csv"
        defer { try? FileManager.default.removeItem(atPath: csv) }
        try Data(("\u{FEFF}" + lines.joined(separator: "\r\n")).replacingOccurrences(of: "TC05,31/10", with: "TC05,32/10").utf8).write(to: URL(fileURLWithPath: csv))
        let bad = try await runner.run(["ntm", "import", csv, "--as", "cb-huyen"], environment: environment)
        #expect(bad.status == 6)
        #expect(bad.errors.contains("dòng 6, cột 4"))
        try Data(("\u{FEFF}" + lines.joined(separator: "\r\n")).utf8).write(to: URL(fileURLWithPath: csv))
        let imported = try await runner.run(["ntm", "import", csv, "--as", "cb-huyen"], environment: environment)
        #expect(imported.status == 0, "\(imported.errors)")
        let tally = try await runner.run(
            ["ntm", "tally", "duc-linh", "ntm-commune-advanced-ha-tinh-provisional", "--as-of", "31/10/2022", "--json"], environment: environment)
        #expect(tally.output.contains("\"dat\":13") && tally.output.contains("\"total\":20"))

        let view = try await runner.run(["producer", "status", "--as", "thanhmai", "--at", "2022-11-28"], environment: environment)
        #expect(view.status == 0, "\(view.errors)")
        #expect(view.output.contains("Nước chấm Thanh Mai"))
        #expect(view.output.contains("Đang triển khai, hoàn thiện sản phẩm"))
        #expect(view.output.contains("5 sản phẩm mẫu"))
        #expect(!view.output.contains("Giò bột"))

        let json = try await runner.run(["producer", "status", "--as", "thanhmai", "--json"], environment: environment)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(items.map { $0["state"] as? String } == ["DEVELOPING"])

        let ideas = try await runner.run(["idea", "list", "--as", "cb-huyen", "--year", "2022", "--json"], environment: environment)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(ideas.output.utf8)) as? [[String: Any]])
        #expect(rows.filter { $0["state"] as? String == "PROPOSED" }.count == 2)
        #expect(rows.count == 5)

        let certificates = try await runner.run(
            ["certificate", "list", "--as", "vpdp", "--expiring", "90d", "--at", "2025-01-01", "--lang", "en"], environment: environment)
        #expect(certificates.status == 0, "\(certificates.errors)")
        #expect(certificates.output.contains("Cam Bảo Phương"))
        #expect(certificates.output.contains("21/02/2025"))
        #expect(certificates.output.contains("province level"))

        let claims = try await runner.run(["claim", "list", "--as", "vpdp", "--json"], environment: environment)
        let claimRows = try #require(try JSONSerialization.jsonObject(with: Data(claims.output.utf8)) as? [[String: Any]])
        #expect(claimRows.count == 5)
        #expect(claimRows.allSatisfy { $0["state"] as? String == "ACCEPTED" && $0["amount"] as? String == "30000000" })

        // Another producer may not touch Thanh Mai's product; nothing changes.
        let productID = try #require(items.first?["id"] as? Int)
        let refused = try await runner.run(
            ["product", "dossier", "add", "\(productID)", "product-samples", "--document", "x", "--as", "hienty", "--at", "2022-11-28"],
            environment: environment)
        // Another producer's product does not exist for hienty: "not found", as over the API.
        #expect(refused.status == 3)
        #expect(refused.errors.contains("không có hồ sơ số \(productID)"))
        let added = try await runner.run(
            ["product", "dossier", "add", "\(productID)", "product-samples", "--document", "5 mẫu", "--as", "thanhmai", "--at", "2022-11-28"],
            environment: environment)
        #expect(added.status == 0, "\(added.errors)")
        let submitted = try await runner.run(
            ["product", "submit", "\(productID)", "--as", "thanhmai", "--at", "2022-12-01", "--lang", "en"], environment: environment)
        #expect(submitted.status == 0, "\(submitted.errors)")
        #expect(submitted.output.contains("ocop-1048"))

        // Business time only moves forward: a step dated before the submission is refused with both dates.
        let backdated = try await runner.run(["product", "dossier", "check", "\(productID)", "--as", "cb-huyen", "--at", "2022-11-28"], environment: environment)
        #expect(backdated.status == 6)
        #expect(backdated.errors.contains("28/11/2022 00:00") && backdated.errors.contains("01/12/2022 00:00"))

        // Money as officers type it: "30.000.000" is thirty million; more than the claim needs a reason; a fraction is refused.
        let claimIDs = claimRows.compactMap { $0["id"] as? Int }
        let paid = try await runner.run(
            ["claim", "pay", "\(claimIDs[0])", "--voucher", "UNC-01", "--amount", "30.000.000", "--as", "cb-huyen"], environment: environment)
        #expect(paid.status == 0, "\(paid.errors)")
        #expect(paid.output.contains("30.000.000 đ"))
        let over = try await runner.run(
            ["claim", "pay", "\(claimIDs[1])", "--voucher", "UNC-02", "--amount", "99999999999", "--as", "cb-huyen"], environment: environment)
        #expect(over.status == 4)
        #expect(over.errors.contains("99.999.999.999 đ") && over.errors.contains("30.000.000 đ"))
        let fraction = try await runner.run(
            ["claim", "pay", "\(claimIDs[1])", "--voucher", "UNC-02", "--amount", "30,5", "--as", "cb-huyen"], environment: environment)
        #expect(fraction.status == 6)
        let after = try await runner.run(["claim", "list", "--as", "vpdp", "--json"], environment: environment)
        let afterRows = try #require(try JSONSerialization.jsonObject(with: Data(after.output.utf8)) as? [[String: Any]])
        #expect(afterRows.first { $0["id"] as? Int == claimIDs[0] }?["amount_paid"] as? String == "30000000")
        #expect(afterRows.first { $0["id"] as? Int == claimIDs[1] }?["state"] as? String == "ACCEPTED")
        let table = try await runner.run(["claim", "list", "--as", "vpdp"], environment: environment)
        #expect(table.output.contains("30.000.000 đ"))

        // The demo's councils are data, and the report's figures did not move.
        let councils = try await runner.run(["council", "list", "--as", "cb-huyen"], environment: environment)
        #expect(councils.status == 0, "\(councils.errors)")
        #expect(councils.output.contains("hdh-vu-quang-2021") && councils.output.contains("hdt-ha-tinh-2021"))

        // Token lifetimes are bounded, and no value crashes the command.
        for (expires, code) in [("99999999999999d", 6), ("100000d", 6), ("366d", 6), ("0d", 6), ("-5d", 6), ("30d", 0)] {
            let token = try await runner.run(["user", "token", "create", "thanhmai", "--expires=\(expires)"], environment: environment)
            #expect(token.status == Int32(code), "--expires \(expires): \(token.errors)")
        }
    }
}

import Foundation
import LibPQ
import TestSupport
import Testing

/// `ocop audit keygen`, `ocop audit anchor`, `ocop audit verify --anchors` run as a user would.
@Suite("ocop audit anchoring")
struct AuditAnchorCommandTests {
    @Test func anchorThenCatchATruncationTheChainAloneCannotSee() async throws {
        let database = try await TestServer.shared.database()
        let cli = try CLIFixture(databaseURL: database.appConninfo)
        try await cli.addStaff()
        let first = try await cli.startReview()
        let second = try await cli.startReview()
        try await cli.ok(["fire", "\(first)", "submit", "--as", "lan"])
        try await cli.ok(["fire", "\(second)", "submit", "--as", "lan"])

        let key = cli.home.appendingPathComponent("keys/audit.key").path
        let anchors = cli.home.appendingPathComponent("anchors.jsonl").path
        let made = try await cli.ok(["audit", "keygen", "--key", key])
        #expect(made.contains("Đã tạo khóa \(key) (0600)"))
        #expect(try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int == 0o600)
        let again = try await cli.run(["audit", "keygen", "--key", key])
        #expect(again.status == 6 && again.errors.contains("không tạo được \(key)"))

        let anchored = try await cli.ok(["audit", "anchor", "--key", key, "--file", anchors])
        #expect(anchored.contains("Đã neo mốc số 1 vào \(anchors): 2 chuỗi (2 thay đổi)"))
        // The defaults come from the environment, as a cron job or the server's unit file sets them.
        let byEnvironment = try await cli.run(["audit", "anchor", "--json"], environment: ["OCOP_ANCHOR_KEY": key, "OCOP_ANCHOR_FILE": anchors])
        #expect(byEnvironment.status == 0)
        let defaults = try JSONSerialization.jsonObject(with: Data(byEnvironment.output.utf8)) as? [String: Any]
        #expect(defaults?["checkpoint"] as? Int == 2 && defaults?["changed"] as? Int == 0)
        let clean = try await cli.ok(["audit", "verify", "--anchors", anchors, "--public-key", key + ".pub"])
        #expect(clean.contains("Đã đọc 2 mốc") && clean.contains("Toàn vẹn"))

        // The insider deletes the last row of the second record and puts its state and version back.
        try database.connect().executeScript(
            """
            SET session_replication_role = replica;
            DELETE FROM workflow_transition WHERE instance_id = \(second) AND seq = 2;
            UPDATE workflow_instance SET version = 1, state = 'DRAFT' WHERE id = \(second);
            """)
        #expect(try await cli.run(["audit", "verify"]).status == 0)
        let caught = try await cli.run(["audit", "verify", "--anchors", anchors, "--public-key", key + ".pub"])
        #expect(caught.status == 8)
        #expect(caught.output.contains("lịch sử bị cắt bớt"))
        #expect(caught.output.contains("mốc số 1 neo dòng 2, nhưng lịch sử nay chỉ đến dòng 1: đã bị cắt bớt"))
        #expect(caught.errors.contains("1 sai lệch trong lịch sử"))
        let english = try await cli.run(["audit", "verify", "--anchors", anchors, "--lang", "en", "--json"])
        #expect(english.status == 8)
        let report = try JSONSerialization.jsonObject(with: Data(english.output.utf8)) as? [String: Any]
        let findings = report?["findings"] as? [[String: Any]] ?? []
        #expect(findings.count == 1)
        #expect(findings.first?["instanceId"] as? Int == second && findings.first?["kind"] as? String == "historyTruncated")
        #expect((findings.first?["detail"] as? String)?.contains("truncated") == true)

        // The next checkpoint is written, and says the chain went back.
        let next = try await cli.run(["audit", "anchor", "--key", key, "--file", anchors])
        #expect(next.status == 8 && next.output.contains("Đã neo mốc số 3"))
        #expect(next.errors.contains("1 chuỗi lịch sử đã lùi lại so với mốc trước (hồ sơ \(second))"))

        // An anchor file that cannot be read is bad input, not a finding.
        let missing = try await cli.run(["audit", "verify", "--anchors", anchors + ".nope"])
        #expect(missing.status == 6 && missing.errors.contains("không đọc được tệp mốc kiểm toán"))
    }
}

extension AuditAnchorCommandTests {
    @Test func verifySaysWhetherItsRoleCouldSwitchTheTriggersOff() async throws {
        let database = try await TestServer.shared.database()
        // The application's role (as the CLI and server connect): rows only.
        let app = try CLIFixture(databaseURL: database.appConninfo)
        let asApp = try #require(try await app.json(["audit", "verify"]) as? [String: Any])
        #expect(asApp["roleCanDisableTriggers"] as? Bool == false)
        // The owner can: the output says only anchors protect against it.
        let owner = try CLIFixture(databaseURL: database.conninfo)
        let asOwner = try await owner.run(["audit", "verify", "--lang", "en"])
        #expect(asOwner.status == 0)
        #expect(asOwner.output.contains("can switch the history's triggers off"))
    }
}

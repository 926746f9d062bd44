import Foundation
import TestSupport
import Testing

/// `ocop start | fire | status | history | list` run as a user would.
@Suite("ocop start, fire, status, history")
struct InstanceCommandTests {
    @Test func startFireStatusHistory() async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        let started = try await cli.ok(["start", "review", "--as", "lan", "--role", "HUYEN", "--subject", "cs-01", "--unit", "760", "--at", "2025-02-28"])
        #expect(started.contains("Đã tạo hồ sơ 1."))
        #expect(started.contains("DRAFT — Bản nháp"))
        let fired = try await cli.ok(["fire", "1", "submit", "--as", "binh", "--comment", "nộp hồ sơ", "--at", "2025-03-01 09:30"])
        #expect(fired.contains("DRAFT (Bản nháp) → SUBMITTED (Đã nộp), phiên bản 2"))

        let approved = try #require(
            try await cli.json([
                "fire", "1", "approve", "--as", "lan", "--role", "VPDPT", "--input", "score=72.50", "--input", "decision_ref=QĐ-12/2025",
                "--legal-ref", "QĐ 12/QĐ-UBND ngày 02/03/2025", "--expect-version", "2",
            ]) as? [String: Any])
        #expect(approved["to"] as? String == "APPROVED")
        #expect(approved["version"] as? Int == 3)

        let status = try await cli.ok(["status", "1", "--as", "lan"])
        #expect(status.contains("APPROVED — Được chấp thuận"))
        // A field without a label in workflows/labels/fields.yaml shows its key.
        #expect(status.split(separator: "\n").contains { $0.hasPrefix("score ") && $0.hasSuffix(" 72.5") })
        #expect(status.contains("✓ reopen"))
        #expect(status.contains("✗ submit"))
        let english = try await cli.ok(["status", "1", "--as", "binh", "--lang", "en"])
        #expect(english.contains("APPROVED — Approved"))
        #expect(english.contains("Events available for binh:\n  none"))
        let statusJSON = try #require(try await cli.json(["status", "1", "--as", "lan"]) as? [String: Any])
        #expect((statusJSON["data"] as? [String: Any])?["score"] as? Double == 72.5)
        #expect(statusJSON["subjectId"] as? String == "cs-01")

        let history = try await cli.ok(["history", "1", "--as", "lan"])
        let lines = history.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[2].contains("Tạo hồ sơ"), "events are named by their labels")
        #expect(lines[3].contains("01/03/2025 09:30"))
        #expect(lines[3].contains("DRAFT → SUBMITTED"))
        #expect(lines[3].contains("binh (CT)"))
        #expect(lines[3].contains("nộp hồ sơ"))
        #expect(lines[4].contains("QĐ 12/QĐ-UBND ngày 02/03/2025"))
        let rows = try await cli.history(1)
        #expect(rows.map { $0["event"] as? String } == ["create", "submit", "approve"])
        #expect(rows[1]["at"] as? String == "2025-03-01T09:30:00+07:00")

        let list = try await cli.ok(["list", "--as", "lan", "--workflow", "review", "--state", "APPROVED"])
        #expect(list.contains("cs-01"))
        let empty = try await cli.ok(["list", "--as", "lan", "--state", "DRAFT", "--lang", "en"])
        #expect(empty.contains("No instances."))
    }

    @Test func aRejectedFireExplainsItselfInBothLanguagesAndChangesNothing() async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        let id = try await cli.startReview()
        try await cli.ok(["fire", "\(id)", "submit", "--as", "lan"])
        let vietnamese = try await cli.run(["fire", "\(id)", "approve", "--as", "binh", "--input", "score=65"])
        #expect(vietnamese.status == 4)
        #expect(vietnamese.errors.contains("Không thể approve"))
        #expect(vietnamese.errors.contains("  - vai trò [CT] không được phép"))
        #expect(vietnamese.errors.contains("  - điểm 65 < 70"))
        #expect(vietnamese.errors.contains("  - chưa nhập decision_ref"))
        let english = try await cli.run(["fire", "\(id)", "approve", "--as", "binh", "--input", "score=65", "--lang", "en"])
        #expect(english.status == 4)
        #expect(english.errors.contains("Cannot approve"))
        #expect(english.errors.contains("  - score 65 < 70"))
        #expect(!english.errors.contains("điểm"))
        let rows = try await cli.history(id)
        #expect(rows.count == 2)
        let status = try #require(try await cli.json(["status", "\(id)", "--as", "lan"]) as? [String: Any])
        #expect(status["version"] as? Int == 2)
        #expect(status["state"] as? String == "SUBMITTED")
    }

    @Test func staleVersionConflictsAndIdempotencyKeysReplay() async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        let id = try await cli.startReview()
        let stale = try await cli.run(["fire", "\(id)", "submit", "--as", "lan", "--expect-version", "7"])
        #expect(stale.status == 5)
        #expect(stale.errors.contains("phiên bản 1 (bạn thấy phiên bản 7)"))
        let first = try await cli.run(["fire", "\(id)", "submit", "--as", "lan", "--idempotency-key", "req-1"])
        #expect(first.status == 0)
        let second = try await cli.run(["fire", "\(id)", "submit", "--as", "lan", "--idempotency-key", "req-1"])
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.output.contains("đã được thực hiện trước đó"))
        #expect(try await cli.history(id).count == 2)
    }

    @Test func badInputNamesWhatAndWhereWithDistinctExitCodes() async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        let id = try await cli.startReview()
        let cases: [([String], Int32, String)] = [
            (["fire", "99", "submit", "--as", "lan"], 3, "không có hồ sơ số 99"),
            (["fire", "\(id)", "submit", "--as", "ghost"], 3, "không có người dùng \"ghost\""),
            (["fire", "\(id)", "submit", "--as", "lan", "--role", "TW"], 4, "không giữ vai trò TW"),
            (["fire", "\(id)", "submit", "--as", "lan", "--input", "score"], 6, "--input \"score\": thiếu dấu ="),
            (["fire", "\(id)", "submit", "--as", "lan", "--input", "x:={oops"], 6, "không phải JSON hợp lệ"),
            (["fire", "\(id)", "submit", "--as", "lan", "--at", "31/02/2025"], 6, "--at \"31/02/2025\""),
            (["start", "nope", "--as", "lan"], 3, "không có quy trình \"nope\""),
            (["status", "4242", "--as", "lan"], 3, "không có hồ sơ số 4242"),
            (["workflow", "diff", "1", "zzzzzzzz"], 6, "không có phiên bản quy trình \"zzzzzzzz\""),
        ]
        for (arguments, status, message) in cases {
            let result = try await cli.run(arguments)
            #expect(result.status == status, "\(arguments): \(result.errors)")
            #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
        }
        #expect(try await cli.history(id).count == 1)
    }
}

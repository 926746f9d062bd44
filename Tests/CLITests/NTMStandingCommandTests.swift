import Foundation
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// `ocop ntm tally`, `ocop ntm list` and `ocop report` on the demo say the same for a unit (issue #12, item 5), and
/// figures dated after the business day (`--at` or the clock) are refused with exit 6, naming both dates, changing nothing.
@Suite("ntm tally, list and report agree; future figures are refused")
struct NTMStandingCommandTests {
    func session() async throws -> (VuQuangReportTests.Session, URL) {
        try await VuQuangReportTests().session()
    }

    @Test("Đức Lĩnh as of 31/10/2022: ntm tally says 13/20 as the report does, not 0/20")
    func tallyAgreesWithTheReport() async throws {
        let (session, home) = try await session()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try await session.ok(["demo", "--no-report"])
        let (report, _) = try await session.report("2022-10-31")
        let shown = try #require(report.communeGroups.flatMap(\.units).first { $0.unit.code == "duc-linh" }?.criteria)
        #expect(shown.metOrBasicallyMet == 13 && shown.total == 20)
        let set = "ntm-commune-advanced-ha-tinh-provisional"
        let json = try await session.ok(["ntm", "tally", "duc-linh", set, "--as-of", "31/10/2022", "--json"])
        let tally = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(tally["metOrBasicallyMet"] as? Int == 13 && tally["total"] as? Int == 20, "\(json)")
        #expect(tally["source"] as? String == "reported-count")
        let text = try await session.ok(["ntm", "tally", "duc-linh", set, "--as-of", "31/10/2022"])
        #expect(text.contains("cơ bản đạt 13/20"), "\(text)")
        #expect(!text.contains(" 0/20"), "\(text)")
        // Before the figures: nothing, in both doors.
        let before = try await session.ok(["ntm", "tally", "duc-linh", set, "--as-of", "30/10/2022", "--lang", "en"])
        #expect(before.contains("no figures yet"), "\(before)")
        // The list as of the day shows the same count and the state of that day.
        let listed = try await session.ok(["ntm", "list", "--unit", "duc-linh", "--year", "2022", "--as-of", "31/10/2022", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
        #expect(rows.count == 1 && rows[0]["metOrBasicallyMet"] as? Int == 13 && rows[0]["state"] as? String == "IMPLEMENTING", "\(listed)")
    }

    @Test("assessments, progress, results and CSV rows dated after the business day: exit 6, both dates, every line, nothing changed")
    func futureFiguresAreRefused() async throws {
        let (session, home) = try await session()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try await session.ok(["demo", "--no-report"])
        let set = "ntm-commune-advanced-ha-tinh-provisional"
        let (_, before) = try await session.report("2022-12-31")

        let assess = try await session.run(["ntm", "assess", "duc-linh", set, "TC01", "--as-of", "31/12/2099", "--status", "đạt", "--as", "cb-huyen"])
        #expect(assess.status == 6, "\(assess.errors)")
        #expect(assess.errors.contains("31/12/2099") && assess.errors.contains("sau ngày nghiệp vụ"), "\(assess.errors)")
        let late = try await session.run([
            "ntm", "assess", "duc-linh", set, "TC01", "--as-of", "16/11/2022", "--status", "đạt", "--as", "cb-huyen", "--at", "2022-11-15", "--lang", "en",
        ])
        #expect(late.status == 6 && late.errors.contains("16/11/2022") && late.errors.contains("after the business day 15/11/2022"), "\(late.errors)")

        let progress = try await session.run([
            "ntm", "progress", "duc-giang", "--scope", "commune-advanced", "--as-of", "31/12/2099", "--met-or-basically", "12", "--as", "cb-xa",
        ])
        #expect(progress.status == 6 && progress.errors.contains("31/12/2099"), "\(progress.errors)")

        let csv = NSTemporaryDirectory() + "ocop-ntm-future-\(UInt32.random(in: 0...UInt32.max)).csv"
        defer { try? FileManager.default.removeItem(atPath: csv) }
        let lines = [
            "don_vi,bo_tieu_chi,tieu_chi,ngay,trang_thai", "duc-linh,\(set),TC01,01/01/2099,đạt", "duc-linh,\(set),TC02,31/10/2022,đạt",
            "duc-linh,\(set),TC03,01/01/2099,đạt",
        ]
        try Data(("\u{FEFF}" + lines.joined(separator: "\r\n")).utf8).write(to: URL(fileURLWithPath: csv))
        let imported = try await session.run(["ntm", "import", csv, "--as", "cb-huyen"])
        #expect(imported.status == 6, "\(imported.errors)")
        #expect(imported.errors.contains("dòng 2, cột 4") && imported.errors.contains("dòng 4, cột 4") && imported.errors.contains("01/01/2099"), "\(imported.errors)")

        let (_, after) = try await session.report("2022-12-31")
        #expect(after == before)
        let tally = try await session.ok(["ntm", "tally", "duc-linh", set, "--as-of", "31/12/2099", "--json"])
        #expect(tally.contains("\"source\":\"reported-count\""), "\(tally)")
    }
}

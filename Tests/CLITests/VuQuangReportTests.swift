import Foundation
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// The acceptance test of the NTM issue: `ocop demo` then `ocop report --as-of 2022-10-31` gives every figure of
/// DOMAIN.md §5.2–§5.5, and later entries leave that report unchanged.
@Suite("the Vũ Quang report as of 31/10/2022")
struct VuQuangReportTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let runner = CommandRunner()

    struct Session {
        let runner: CommandRunner
        let database: String
        let environment: [String: String]

        func run(_ arguments: [String]) async throws -> CommandRunner.Result {
            try await runner.run(arguments + ["--database-url", database], environment: environment)
        }

        func ok(_ arguments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> String {
            let result = try await run(arguments)
            #expect(result.status == 0, "ocop \(arguments.joined(separator: " ")) → \(result.status): \(result.errors)", sourceLocation: sourceLocation)
            return result.output
        }

        func report(_ day: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> (DistrictReport, String) {
            let json = try await ok(["report", "--as-of", day, "--format", "json"], sourceLocation: sourceLocation)
            return (try JSONDecoder().decode(DistrictReport.self, from: Data(json.utf8)), json)
        }
    }

    func session() async throws -> (Session, URL) {
        let database = try await TestServer.shared.database()
        let home = URL(fileURLWithPath: "/tmp/ocop-report-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let environment = ["OCOP_HOME": Self.repository.path, "HOME": home.path, "XDG_DATA_HOME": ""]
        return (Session(runner: runner, database: database.conninfo, environment: environment), home)
    }

    @Test("every figure of DOMAIN §5.2–5.5 is in the report, and later data leaves it unchanged")
    func everyFigure() async throws {
        let (session, home) = try await session()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try await session.ok(["demo", "--no-report"])
        let (report, json) = try await session.report("2022-10-31")
        #expect(report.district.name == "Vũ Quang")
        #expect(report.asOf == LocalDate(iso: "2022-10-31"))

        // §5.2 The district's advanced-NTM criteria: six at 85–95 %, three at 65–70 %.
        let criteria = try #require(report.districtCriteria).criteria
        func range(_ name: String) -> (Decimal, Decimal)? {
            criteria.first { $0.name.vi == name }?.progress.map { ($0.min, $0.max) }
        }
        for name in ["Quy hoạch", "Thủy lợi – PCTT", "Điện", "Giao thông", "Kinh tế", "ANTT – Hành chính công"] {
            #expect(range(name)! == (85, 95), "\(name)")
        }
        for name in ["Môi trường sống", "Y tế – Văn hóa – Giáo dục", "Môi trường"] {
            #expect(range(name)! == (65, 70), "\(name)")
        }
        #expect(criteria.count == 9)
        // §5.2 Key results.
        func result(_ code: String) -> DistrictReport.KeyResult? { report.results.first { $0.code == code } }
        #expect(result("cot-moc-quy-hoach")?.quantity == 521 && result("cot-moc-quy-hoach")?.detail == "trên 6 tuyến đường huyện")
        #expect(result("bien-quy-hoach")?.quantity == 7)
        #expect(result("duong-be-tong")?.quantity == 10 && result("duong-be-tong")?.measure == "km")
        #expect(result("cay-xanh")?.quantity == 630)
        #expect(result("mo-rong-le-duong")?.quantity == 7)
        #expect(result("duy-tu-duong-huyen")?.quantity == 50 && result("duy-tu-duong-huyen")?.detail == "6 tuyến đường huyện")
        #expect(result("duy-tu-duong-xa")?.quantity == 229 && result("duy-tu-duong-xa")?.detail == "161 tuyến đường xã")
        #expect(result("bien-bao-giao-thong")?.quantity == 234)
        #expect(result("dap-cay-tram")?.unit.name == "Đức Liên")
        #expect(result("tram-bom")?.unit.name == "Ân Phú")
        #expect(result("tram-bien-ap")?.quantity == 4)
        #expect(result("mo-hinh-huu-co")?.detail == "lúa, cam và nuôi lợn")
        #expect(result("mac-ca")?.quantity == 25 && result("mac-ca")?.measure == "ha")
        for code in ["giao-uoc-thi-dua", "cuoc-thi-cong-so", "nghi-quyet-co-che"] { #expect(result(code) != nil, "\(code)") }

        // §5.3 Communes, by group.
        func group(_ kind: DistrictReport.GroupKind) -> DistrictReport.UnitGroup? { report.communeGroups.first { $0.kind == kind } }
        func unit(_ name: String) -> DistrictReport.UnitProgress? { report.communeGroups.flatMap(\.units).first { $0.unit.name == name } }
        let model = try #require(group(.model))
        #expect(Set(model.units.map { $0.unit.name }) == Set(["Đức Lĩnh", "Ân Phú"]))
        #expect(model.progress.map { [$0.min, $0.max] } == [80, 85])
        #expect(unit("Đức Lĩnh")?.criteria?.metOrBasicallyMet == 13 && unit("Đức Lĩnh")?.criteria?.total == 20)
        #expect(unit("Đức Lĩnh")?.modelConditionsMet == 3 && unit("Đức Lĩnh")?.modelConditionsTotal == 4)
        #expect(unit("Ân Phú")?.criteria?.metOrBasicallyMet == 13 && unit("Ân Phú")?.modelConditionsMet == 2)
        #expect(unit("Ân Phú")?.criteria?.remaining == 7)
        let advanced = try #require(group(.advanced))
        #expect(Set(advanced.units.map { $0.unit.name }) == Set(["Thọ Điền", "Đức Bồng"]))
        #expect(advanced.progress.map { [$0.min, $0.max] } == [80, 80] && advanced.progress?.kind == .estimate)
        #expect(unit("Thọ Điền")?.criteria?.metOrBasicallyMet == 12)
        #expect(unit("Đức Bồng")?.criteria?.metOrBasicallyMet == 11)
        #expect(unit("Đức Bồng")?.blockers.contains { $0.vi.contains("chưa ban hành bộ tiêu chí") && $0.vi.contains("hồ sơ đánh giá") } == true)
        let remaining = try #require(group(.remaining))
        #expect(Set(remaining.units.map { $0.unit.name }) == Set(["Đức Giang", "Đức Liên"]))
        #expect(remaining.progress.map { [$0.min, $0.max] } == [65, 70] && remaining.progress?.kind == .estimate)
        #expect(unit("Đức Giang")?.criteria?.metOrBasicallyMet == 11 && unit("Đức Liên")?.criteria?.metOrBasicallyMet == 11)
        let maintaining = try #require(group(.maintaining))
        #expect(Set(maintaining.units.map { $0.unit.name }) == Set(["Hương Minh", "Quang Thọ", "Đức Hương"]))
        #expect(maintaining.units.allSatisfy { $0.progress.map { [$0.min, $0.max] } == [70, 75] && $0.progress?.kind == .estimate })
        #expect(maintaining.units.allSatisfy { $0.state == "MAINTAINING" })

        // §5.4 Town, villages, residential groups, clusters, garden-houses.
        let town = try #require(report.towns.first)
        #expect(town.criteria?.met == 12 && town.criteria?.total == 18)
        func scope(_ code: String) -> DistrictReport.ScopeSummary? { report.residential.first { $0.scope == code } }
        #expect(scope("village-model")?.registered == 5 && scope("tdp-civilised")?.registered == 2)
        for code in ["village-model", "tdp-civilised"] {
            #expect(scope(code)?.progress.map { [$0.min, $0.max] } == [60, 80], "\(code)")
        }
        #expect(scope("eco-cluster")?.byState.first { $0.state == "IMPLEMENTING" }?.count == 7)
        #expect(scope("eco-cluster")?.forecast.map { [$0.min, $0.max] } == [5, 5])
        #expect(scope("tdp-civilised")?.forecast.map { [$0.min, $0.max] } == [1, 1])
        #expect(scope("eco-garden-house")?.forecast.map { [$0.min, $0.max] } == [15, 20])
        #expect(scope("eco-cluster")?.forecast?.byDate == LocalDate(iso: "2022-12-31"))

        // §5.5 OCOP.
        #expect(report.ocop.ideasProposed == 5)
        #expect(report.ocop.ideasApproved.map { "\($0.name) – \($0.unit.name)" }.sorted() == [
            "Bánh gai gia truyền Thanh Thủy – Đức Hương", "Giò bột Hiên Tý – Thị trấn Vũ Quang", "Nước chấm Thanh Mai – Quang Thọ",
        ])
        #expect(report.ocop.ideasAwaitingDecision == 2 && report.ocop.ideasRejected == 0)
        #expect(report.ocop.productsInDevelopment.map(\.name) == ["Nước chấm Thanh Mai"])
        #expect(report.ocop.claimsAccepted.count == 5)
        #expect(report.ocop.certificatesByStars == [3: 5])

        // The printed report says the same.
        let text = try await session.ok(["report", "--as-of", "31/10/2022"])
        for phrase in ["13/20", "3/4", "2/4", "12/20", "11/20", "12/18", "80–85%", "65–70%", "70–75%", "60–80%", "15–20", "521", "Đập Cây Trâm"] {
            #expect(text.contains(phrase), "\(phrase)")
        }

        // Later entries — a progress report, a CSV import, a result — do not change the report as of 31/10/2022.
        _ = try await session.ok([
            "ntm", "progress", "duc-linh", "--scope", "commune-model", "--as-of", "2022-11-30", "--met-or-basically", "15", "--model", "3",
            "--plan", "90", "--kind", "estimate", "--as", "cb-xa",
        ])
        var lines = ["don_vi,bo_tieu_chi,tieu_chi,ngay,trang_thai"]
        for number in 1...20 {
            lines.append("duc-bong,ntm-commune-advanced-ha-tinh-provisional,TC\(number < 10 ? "0" : "")\(number),15/11/2022,\(number <= 14 ? "đạt" : "chưa đạt")")
        }
        let csv = home.appendingPathComponent("duc-bong.csv")
        try Data(("\u{FEFF}" + lines.joined(separator: "\r\n")).utf8).write(to: csv)
        _ = try await session.ok(["ntm", "import", csv.path, "--as", "cb-huyen"])
        _ = try await session.ok([
            "ntm", "result", "vu-quang", "duong-be-tong", "--label", "Làm mới đường bê tông", "--quantity", "12", "--measure", "km",
            "--as-of", "2022-11-30", "--as", "cb-huyen",
        ])
        let (_, again) = try await session.report("2022-10-31")
        #expect(again == json)
        let (later, _) = try await session.report("2022-11-30")
        let laterUnits = later.communeGroups.flatMap(\.units)
        #expect(laterUnits.first { $0.unit.name == "Đức Lĩnh" }?.criteria?.metOrBasicallyMet == 15)
        let ducBong = laterUnits.first { $0.unit.name == "Đức Bồng" }?.criteria
        #expect(ducBong?.source == .perCriterion && ducBong?.met == 14 && ducBong?.notYetMet == 6)
        #expect(later.results.first { $0.code == "duong-be-tong" }?.quantity == 12)

        // In the next year, counts carry over but % KH (a share of one year's plan) and key results start afresh.
        let (nextYear, _) = try await session.report("2023-01-15")
        let units2023 = nextYear.communeGroups.flatMap(\.units)
        #expect(units2023.first { $0.unit.name == "Hương Minh" }.map { $0.progress == nil } == true)
        #expect(units2023.first { $0.unit.name == "Đức Giang" }?.criteria?.metOrBasicallyMet == 11)
        #expect(nextYear.districtCriteria?.criteria.allSatisfy { $0.progress == nil } == true)
        #expect(nextYear.results.isEmpty)
    }

    @Test("bad progress reports are refused with what is wrong, and change nothing")
    func refusals() async throws {
        let (session, home) = try await session()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try await session.ok(["demo", "--no-report"])
        let before = try await session.report("2022-11-30").1
        let tooMany = try await session.run([
            "ntm", "progress", "duc-linh", "--scope", "commune-model", "--as-of", "2022-11-30", "--met-or-basically", "21", "--as", "cb-xa",
        ])
        #expect(tooMany.status != 0 && tooMany.errors.contains("vượt quá 20 tiêu chí"))
        let backwards = try await session.run([
            "ntm", "progress", "duc-linh", "--scope", "commune-model", "--as-of", "2022-11-30", "--plan", "90-80", "--as", "cb-xa",
        ])
        #expect(backwards.status != 0 && backwards.errors.contains("lớn hơn cao nhất"))
        let wrongKind = try await session.run(["ntm", "register", "tt-vu-quang", "--scope", "commune-advanced", "--year", "2023", "--as", "cb-xa"])
        #expect(wrongKind.status != 0 && wrongKind.errors.contains("không thể đăng ký commune-advanced"))
        let twice = try await session.run(["ntm", "register", "duc-linh", "--scope", "commune-model", "--year", "2022", "--as", "cb-xa"])
        #expect(twice.status != 0 && twice.errors.contains("đã đăng ký commune-model năm 2022"))
        let notYet = try await session.run(["ntm", "register", "duc-giang", "--scope", "commune-advanced", "--year", "2023", "--as", "cb-xa"])
        #expect(notYet.status != 0 && notYet.errors.contains("chưa được công nhận xã đạt chuẩn NTM (commune-ntm)"))
        let ducBong = try await registrationID(session, unit: "duc-bong")
        let blocked = try await session.run(["ntm", "self-assess", "\(ducBong)", "--as", "cb-xa"])
        #expect(blocked.status != 0 && blocked.errors.contains("chưa được ban hành"))
        // A plain fire of a step the NTM service keeps records for is refused, naming the commands to use.
        let plain = try await session.run([
            "fire", "\(ducBong)", "report_progress", "--as", "cb-xa", "--input", "as_of=2022-11-30", "--input", "criteria_met_or_basically_met=15",
        ])
        #expect(plain.status == 4 && plain.errors.contains("chỉ thực hiện qua các lệnh ocop ntm"), "\(plain.errors)")
        let after = try await session.report("2022-11-30").1
        #expect(after == before)
    }

    @Test("a returned idea may be resubmitted only after its window; the refusal says until when, in dd/mm/yyyy")
    func ideaReturnAndResubmit() async throws {
        let (session, home) = try await session()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try await session.ok(["demo", "--no-report"])
        let output = try await session.ok(["idea", "list", "--as", "vpdp", "--year", "2022", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        let id = try #require(rows.first { $0["state"] as? String == "PROPOSED" }?["id"] as? Int)
        _ = try await session.ok(["idea", "return", "\(id)", "--reason", "Bổ sung thuyết minh", "--as", "vpdp", "--at", "2022-06-20"])
        let early = try await session.run(["idea", "resubmit", "\(id)", "--as", "cb-xa", "--at", "2022-06-24"])
        #expect(early.status == 4 && early.errors.contains("chưa đến ngày được nộp lại (27/06/2022)"), "\(early.errors)")
        _ = try await session.ok(["idea", "resubmit", "\(id)", "--as", "cb-xa", "--at", "2022-06-28"])
        let status = try await session.ok(["status", "\(id)", "--as", "cb-xa", "--json"])
        #expect(status.contains("\"SUBMITTED\""))
    }

    func registrationID(_ session: Session, unit: String) async throws -> Int {
        let output = try await session.ok(["ntm", "list", "--unit", unit, "--year", "2022", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        return try #require(rows.first?["id"] as? Int)
    }
}

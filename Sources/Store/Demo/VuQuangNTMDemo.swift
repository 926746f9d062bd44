import Foundation
import LibPQ
import OCOP
import Workflow

/// The NTM part of the Vũ Quang demo (DOMAIN §5.1–§5.4), entered through the registration workflow and the NTM
/// commands with their dates, so that `ocop report --as-of 2022-10-31` gives the seed's figures.
///
/// From the seed: the groups (model: Đức Lĩnh, Ân Phú; advanced 2022: Thọ Điền, Đức Bồng; remaining: Đức Giang,
/// Đức Liên; advanced in 2021, maintaining: Hương Minh, Quang Thọ, Đức Hương), their counts and % KH, the town's 12/18,
/// 5 villages and 2 TDP at 60–80 %, 7 clusters under construction, the year-end forecasts, the district's criteria
/// ranges and key results. From DOMAIN: 283/QĐ-UBND of 26/01/2022 (advanced for 2021).
/// Assumptions, marked as such: every date not in the seed; the communes' standard-NTM recognitions (required before
/// registering advanced or model; decision unknown, written "0/CHƯA-XÁC-ĐỊNH" dated 31/12/2020); plan decisions'
/// numbers; the villages', TDP's and clusters' names (not in the seed) and which commune each village belongs to.
/// The seed's "cơ bản đạt x/20" is entered as the merged figure (đạt and cơ bản đạt), the split being unknown; the
/// town's "đạt 12/18" as đạt.
public struct VuQuangNTMDemo {
    public struct Summary: Sendable {
        public var registrations = 0, progressReports = 0, results = 0, forecasts = 0, assessments = 0
    }

    let ntm: NTMService
    static let district = VuQuangOCOPDemo.districtCode
    static let reportDay = LocalDate(iso: "2022-10-31")!
    static let unknown = VuQuangOCOPDemo.unknownNumber

    static func at(_ iso: String) -> Date { VuQuangOCOPDemo.at(iso) }
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    func load(on c: Connection) throws -> Summary {
        var summary = Summary()
        try people(on: c)
        try units(on: c)
        try priorRecognitions(&summary, on: c)
        try communes2022(&summary, on: c)
        try townAndResidential(&summary, on: c)
        try district2022(&summary, on: c)
        return summary
    }

    private func people(on c: Connection) throws {
        let users = UserStore()
        try users.add(id: "bcd-huyen", name: "Ban Chỉ đạo NTM huyện Vũ Quang (thường trực)", on: c)
        for role in ["BCD", "TCT"] { try users.grant(.init(role: role, unitCode: Self.district), to: "bcd-huyen", by: "admin", on: c) }
    }

    /// Villages, residential groups and clusters: the seed gives their number, not their names.
    private func units(on c: Connection) throws {
        let units = ReferenceStore()
        let since = Self.day("2020-01-01")
        for n in 1...5 {
            try units.add(
                .init(code: "thon-km-\(n)", name: "Thôn đăng ký KDC NTM kiểu mẫu \(n) (chưa rõ tên)", kind: "village", parentCode: Self.district,
                    validFrom: since), on: c)
        }
        for n in 1...2 {
            try units.add(
                .init(code: "tdp-vm-\(n)", name: "TDP đăng ký văn minh \(n) (chưa rõ tên)", kind: "residential_group", parentCode: "tt-vu-quang",
                    validFrom: since), on: c)
        }
        for n in 1...7 {
            try units.add(
                .init(code: "cum-st-\(n)", name: "Cụm dân cư sinh thái văn hóa \(n) (chưa rõ tên)", kind: "cluster", parentCode: Self.district,
                    validFrom: since), on: c)
        }
    }

    /// Recognitions made before 2022: standard NTM of the communes that register higher levels (assumed), and the
    /// three communes recognised advanced for 2021 by 283/QĐ-UBND of 26/01/2022.
    private func priorRecognitions(_ summary: inout Summary, on c: Connection) throws {
        for unit in ["duc-linh", "an-phu", "tho-dien", "duc-bong"] {
            _ = try ntm.recordPriorRecognition(
                .init(unitCode: unit, scope: .communeStandard, year: 2020), decision: Decision(number: Self.unknown, date: Self.day("2020-12-31")),
                by: "vpdp", now: Self.at("2022-01-05"), on: c)
            summary.registrations += 1
        }
        for unit in ["huong-minh", "quang-tho", "duc-huong"] {
            _ = try ntm.recordPriorRecognition(
                .init(unitCode: unit, scope: .communeAdvanced, year: 2021), decision: Decision(number: "283/QĐ-UBND", date: Self.day("2022-01-26")),
                by: "vpdp", now: Self.at("2022-01-26"), on: c)
            summary.registrations += 1
        }
    }

    /// Registers a unit for 2022 and has its plan approved.
    private func register(_ unit: String, _ scope: CriteriaSet.Scope, by user: String, _ summary: inout Summary, on c: Connection) throws {
        let id = try ntm.register(.init(unitCode: unit, scope: scope, year: 2022), by: user, now: Self.at("2022-01-14"), on: c)
        try ntm.approvePlan(
            id, decision: Decision(number: Self.unknown, date: Self.day("2022-02-25")), by: "bcd-huyen", now: Self.at("2022-02-25"), on: c)
        summary.registrations += 1
    }

    private func report(_ report: NTMService.ProgressReport, _ summary: inout Summary, on c: Connection) throws {
        // Entered on the day the figures are as of, so states and figures agree in the report of that day.
        try ntm.reportProgress(report, by: "cb-xa", now: Self.at(report.asOf.iso), on: c)
        summary.progressReports += 1
    }

    private func communes2022(_ summary: inout Summary, on c: Connection) throws {
        let day = Self.reportDay
        // Model NTM group: "khối lượng đạt được 10 tháng đầu năm khoảng 80 - 85%KH".
        for (unit, model) in [("duc-linh", 3), ("an-phu", 2)] {
            try register(unit, .communeModel, by: "cb-xa", &summary, on: c)
            try report(
                .init(
                    unitCode: unit, scope: .communeModel, asOf: day, metOrBasicallyMet: 13, modelConditionsMet: model,
                    progress: PlanProgress(min: 80, max: 85, kind: .achieved)), &summary, on: c)
        }
        // Advanced NTM 2022: "ước đạt khoảng 80% KH"; Thọ Điền 12/20, Đức Bồng 11/20.
        for (unit, count) in [("tho-dien", 12), ("duc-bong", 11)] {
            try register(unit, .communeAdvanced, by: "cb-xa", &summary, on: c)
            try report(
                .init(unitCode: unit, scope: .communeAdvanced, asOf: day, metOrBasicallyMet: count, progress: PlanProgress(min: 80, max: 80, kind: .estimate)),
                &summary, on: c)
        }
        // The remaining communes: "ước đạt 65-70%KH cả năm, đến nay cơ bản đạt 11/20 tiêu chí" (each, §9.21).
        for unit in ["duc-giang", "duc-lien"] {
            try report(
                .init(unitCode: unit, scope: .communeAdvanced, asOf: day, metOrBasicallyMet: 11, progress: PlanProgress(min: 65, max: 70, kind: .estimate)),
                &summary, on: c)
        }
        // Advanced in 2021, maintaining: "ước đạt 70-75% khối lượng theo kế hoạch".
        for unit in ["huong-minh", "quang-tho", "duc-huong"] {
            try report(
                .init(unitCode: unit, scope: .communeAdvanced, asOf: day, progress: PlanProgress(min: 70, max: 75, kind: .estimate)), &summary, on: c)
        }
    }

    private func townAndResidential(_ summary: inout Summary, on c: Connection) throws {
        let day = Self.reportDay
        try register("tt-vu-quang", .urbanCivilised, by: "cb-xa", &summary, on: c)
        try report(.init(unitCode: "tt-vu-quang", scope: .urbanCivilised, asOf: day, met: 12), &summary, on: c)
        // "Năm 2022 đăng ký 5 thôn, 2 TDP đạt chuẩn đến nay tiến độ đạt từ 60-80% khối lượng".
        for (prefix, count, scope) in [("thon-km-", 5, CriteriaSet.Scope.villageModel), ("tdp-vm-", 2, .residentialGroupCivilised)] {
            for n in 1...count {
                try register("\(prefix)\(n)", scope, by: "cb-xa", &summary, on: c)
                try report(.init(unitCode: "\(prefix)\(n)", scope: scope, asOf: day, progress: PlanProgress(min: 60, max: 80, kind: .achieved)), &summary, on: c)
            }
        }
        // "Hiện nay đang triển khai xây dựng 7 Cụm".
        for n in 1...7 { try register("cum-st-\(n)", .ecoCluster, by: "cb-xa", &summary, on: c) }
        // "Dự kiến cuối năm đạt chuẩn 5 Cụm dân cư sinh thái, 1 Tổ dân phố văn minh, 15-20 Nhà vườn sinh thái".
        for (scope, count) in [(CriteriaSet.Scope.ecoCluster, 5...5), (.residentialGroupCivilised, 1...1), (.ecoGardenHouse, 15...20)] {
            try ntm.recordForecast(
                unitCode: Self.district, scope: scope, count: count, by: Self.day("2022-12-31"), asOf: day, recordedBy: "cb-huyen", now: Self.at(day.iso),
                on: c)
            summary.forecasts += 1
        }
    }

    private func district2022(_ summary: inout Summary, on c: Connection) throws {
        let day = Self.reportDay
        try register(Self.district, .districtAdvanced, by: "cb-huyen", &summary, on: c)
        // "Các tiêu chí Quy hoạch, Thủy lợi – PCTT, Điện; Giao thông, Kinh tế, ANTT - Hành chính công đạt trên từ 85 đến 95%;
        // các tiêu chí Môi trường sống; Y tế - Văn hóa - Giáo dục, Môi trường đạt từ 65 đến 70%."
        let set = "ntm-district-advanced-320"
        var rows: [NTMAssessmentStore.Row] = []
        for code in ["H01", "H03", "H04", "H02", "H06", "H09"] {
            rows.append(.init(unitCode: Self.district, criteriaSet: set, criterion: code, asOf: day, status: nil, progress: PlanProgress(min: 85, max: 95, kind: .achieved)))
        }
        for code in ["H08", "H05", "H07"] {
            rows.append(.init(unitCode: Self.district, criteriaSet: set, criterion: code, asOf: day, status: nil, progress: PlanProgress(min: 65, max: 70, kind: .achieved)))
        }
        summary.assessments += try ntm.assessments.record(rows, by: "cb-huyen", on: c)
        let results: [(String, String, String, String, Decimal?, String?, String?, String?)] = [
            ("vu-quang", "cot-moc-quy-hoach", "Cắm cột mốc quản lý quy hoạch", "Planning boundary markers installed", 521, "cột mốc", "trên 6 tuyến đường huyện", "H01"),
            ("vu-quang", "bien-quy-hoach", "Lắp đặt biển quy hoạch", "Planning signboards installed", 7, "điểm", "tại các điểm trung tâm huyện, xã", "H01"),
            ("vu-quang", "duong-be-tong", "Làm mới đường bê tông", "New concrete road", 10, "km", nil, "H02"),
            ("vu-quang", "cay-xanh", "Trồng mới và thay thế cây xanh bóng mát", "Shade trees planted or replaced", 630, "cây", nil, "H08"),
            ("vu-quang", "mo-rong-le-duong", "Mở rộng lề đường", "Road shoulders widened", 7, "km", nil, "H02"),
            ("vu-quang", "duy-tu-duong-huyen", "Duy tu, bảo dưỡng đường huyện", "District roads maintained", 50, "km", "6 tuyến đường huyện", "H02"),
            ("vu-quang", "duy-tu-duong-xa", "Duy tu, bảo dưỡng đường xã", "Commune roads maintained", 229, "km", "161 tuyến đường xã", "H02"),
            ("vu-quang", "bien-bao-giao-thong", "Lắp biển báo giao thông trên các trục đường", "Traffic signs installed", 234, "biển báo", nil, "H02"),
            ("duc-lien", "dap-cay-tram", "Hoàn thành công trình Đập Cây Trâm", "Cây Trâm dam completed", nil, nil, "hoàn thành", nil),
            ("an-phu", "tram-bom", "Trạm bơm xã Ân Phú bàn giao và đưa vào sử dụng", "Ân Phú pump station handed over and in use", nil, nil, "hoàn thành, đưa vào sử dụng", nil),
            ("vu-quang", "tram-bien-ap", "Xây dựng mới trạm biến áp tại các xã", "New transformer stations in the communes", 4, "trạm", nil, "H04"),
            ("vu-quang", "mo-hinh-huu-co", "Mô hình kinh tế hữu cơ", "Organic farming models", 3, "mô hình", "lúa, cam và nuôi lợn", "H06"),
            ("vu-quang", "mac-ca", "Trồng mới cây mắc ca", "Macadamia planted", 25, "ha", nil, "H06"),
            ("vu-quang", "giao-uoc-thi-dua", "Phát động phong trào, ký kết giao ước thi đua xây dựng NTM, đô thị văn minh năm 2022",
                "Emulation pact for NTM and civilised urban areas signed (2022)", nil, nil, nil, nil),
            ("vu-quang", "cuoc-thi-cong-so", "Triển khai cuộc thi xây dựng cơ quan công sở sinh thái, văn minh",
                "Eco and civilised office contest launched", nil, nil, nil, nil),
            ("vu-quang", "nghi-quyet-co-che", "Ban hành các Nghị quyết về cơ chế chính sách xây dựng NTM, đô thị văn minh, phát triển kinh tế, thu gom, phân loại, xử lý rác thải sinh hoạt",
                "District resolutions on NTM, civilised-urban, economic and household-waste policies", nil, nil, nil, nil),
        ]
        for (unit, code, vi, en, quantity, measure, detail, criterion) in results {
            try ntm.recordResult(
                .init(
                    unitCode: unit, code: code, asOf: day, label: Bilingual(vi: vi, en: en), quantity: quantity, measure: measure, detail: detail,
                    criteriaSet: criterion == nil ? nil : set, criterion: criterion), by: "cb-huyen", now: Self.at(day.iso), on: c)
            summary.results += 1
        }
    }
}

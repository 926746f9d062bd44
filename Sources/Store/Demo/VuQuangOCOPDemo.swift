import Foundation
import LibPQ
import OCOP
import Workflow

/// The OCOP part of the Vũ Quang demo (DOMAIN §5.1, §5.5, §3), driven through the real workflows with their dates.
///
/// Facts from the seed and DOMAIN: the units; 5 ideas proposed in 2022, 3 approved (Giò bột Hiên Tý – Thị trấn, Bánh gai
/// gia truyền Thanh Thủy – Đức Hương, Nước chấm Thanh Mai – Quang Thọ), the other 2 left PROPOSED; Nước chấm Thanh Mai
/// being completed for the December 2022 rating; the district's earlier 3★ products (Mật ong Ân Phú, Dầu lạc Tuyết Châu,
/// Cam Bảo Phương, Cam Hoài Luân, Cam Thân Thành), rated in 2021 under 1048, certified by 436/QĐ-UBND of 21/02/2022,
/// funded by 901/QĐ-UBND of 29/04/2022 (30 M VND per 3★) and accepted (nghiệm thu) in 2022.
/// Assumptions, marked as such: every date not in the seed, the council scores, the subjects' names and kinds, and
/// document numbers not known, written "0/CHƯA-XÁC-ĐỊNH" (a number the legal-reference guard accepts, and no one
/// would mistake for a real one).
public struct VuQuangOCOPDemo {
    /// What was loaded.
    public struct Summary: Sendable {
        public var units = 0, subjects = 0, users = 0, ideas = 0, approvedIdeas = 0, certificates = 0, acceptedClaims = 0
        public var thanhMaiProduct: Int64 = 0
    }

    public static let districtCode = "vu-quang"
    static let unknownNumber = "0/CHƯA-XÁC-ĐỊNH"

    let service: OCOPService

    init(service: OCOPService) {
        self.service = service  // the 2021 reward (901/QĐ-UBND) is workflows/policies/ha-tinh-2021.yaml, as for everyone
    }

    /// 09:00 in Vietnam on an ISO day.
    static func at(_ iso: String) -> Date { VietnamTime.startOfDay(LocalDate(iso: iso)!).addingTimeInterval(9 * 3600) }
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// Loads everything on one connection, in the caller's transaction.
    func load(on c: Connection) throws -> Summary {
        var summary = Summary()
        try reference(&summary, on: c)
        try products2021(&summary, on: c)
        try ideas2022(&summary, on: c)
        return summary
    }

    private func reference(_ summary: inout Summary, on c: Connection) throws {
        let units = ReferenceStore()
        let since = Self.day("2020-01-01")  // assumption: after the 2019–2020 mergers (§4.9)
        try units.add(.init(code: "ha-tinh", name: "Hà Tĩnh", kind: "province", parentCode: nil, validFrom: Self.day("1991-10-01")), on: c)
        try units.add(
            .init(code: Self.districtCode, name: "Vũ Quang", kind: "district", parentCode: "ha-tinh", validFrom: Self.day("2000-10-01")), on: c)
        try units.add(.init(code: "tt-vu-quang", name: "Thị trấn Vũ Quang", kind: "town", parentCode: Self.districtCode, validFrom: since), on: c)
        let communes = [
            ("duc-linh", "Đức Lĩnh"), ("an-phu", "Ân Phú"), ("tho-dien", "Thọ Điền"), ("duc-bong", "Đức Bồng"), ("duc-giang", "Đức Giang"),
            ("duc-lien", "Đức Liên"), ("huong-minh", "Hương Minh"), ("quang-tho", "Quang Thọ"), ("duc-huong", "Đức Hương"),
        ]
        for (code, name) in communes {
            try units.add(.init(code: code, name: name, kind: "commune", parentCode: Self.districtCode, validFrom: since), on: c)
        }
        summary.units = 3 + communes.count
        let subjects: [(String, String, String, String)] = [
            ("hien-ty", "Cơ sở Giò bột Hiên Tý", "household_business", "tt-vu-quang"),
            ("thanh-thuy", "Cơ sở Bánh gai gia truyền Thanh Thủy", "household_business", "duc-huong"),
            ("thanh-mai", "Cơ sở Nước chấm Thanh Mai", "household_business", "quang-tho"),
            ("chu-the-4", "Chủ thể ý tưởng 4 (chưa công bố tên)", "household_business", Self.districtCode),
            ("chu-the-5", "Chủ thể ý tưởng 5 (chưa công bố tên)", "household_business", Self.districtCode),
            ("mat-ong-an-phu", "Chủ thể Mật ong Ân Phú", "cooperative", "an-phu"),
            ("dau-lac-tuyet-chau", "Cơ sở Dầu lạc Tuyết Châu", "household_business", Self.districtCode),
            ("cam-bao-phuong", "Cơ sở Cam Bảo Phương", "household_business", Self.districtCode),
            ("cam-hoai-luan", "Cơ sở Cam Hoài Luân", "household_business", Self.districtCode),
            ("cam-than-thanh", "Cơ sở Cam Thân Thành", "household_business", Self.districtCode),
        ]
        for (id, name, kind, unit) in subjects { try units.add(ReferenceStore.Subject(id: id, name: name, kind: kind, unitCode: unit), on: c) }
        summary.subjects = subjects.count
        let users = UserStore()
        var people: [(String, String, [UserStore.Grant])] = [
            ("admin", "Quản trị hệ thống", [.init(role: "ADMIN")]),
            ("cb-huyen", "Cán bộ Phòng NN&PTNT huyện Vũ Quang", ["HUYEN", "UBH", "TGV"].map { .init(role: $0, unitCode: Self.districtCode) }),
            ("vpdp", "Chuyên viên VPĐP NTM tỉnh Hà Tĩnh", ["VPDPT", "UBT", "DLN"].map { .init(role: $0) }),
            // Commune NTM–OCOP staff, who enter the producers' steps on their behalf (the history says so).
            ("cb-xa", "Cán bộ NTM–OCOP cấp xã, huyện Vũ Quang", [.init(role: "XA", unitCode: Self.districtCode)]),
        ]
        people += (1...3).map { ("hdh-\($0)", "Thành viên Hội đồng OCOP huyện \($0)", [.init(role: "HDH", unitCode: Self.districtCode)]) }
        people += (1...3).map { ("hdt-\($0)", "Thành viên Hội đồng OCOP tỉnh \($0)", [.init(role: "HDT")]) }
        people += [
            ("thanhmai", "Chủ cơ sở Nước chấm Thanh Mai", [.init(role: "CT", subjectID: "thanh-mai")]),
            ("hienty", "Chủ cơ sở Giò bột Hiên Tý", [.init(role: "CT", subjectID: "hien-ty")]),
            ("thanhthuy", "Chủ cơ sở Bánh gai Thanh Thủy", [.init(role: "CT", subjectID: "thanh-thuy")]),
        ]
        for (id, name, grants) in people {
            try users.add(id: id, name: name, on: c)
            for grant in grants { try users.grant(grant, to: id, by: "admin", on: c) }
        }
        summary.users = people.count
        try councils(on: c)
    }

    /// The district and provincial rating councils of 2021, set up by decisions whose numbers are not known (assumption).
    private func councils(on c: Connection) throws {
        let councils: [(String, String, CouncilLevel, String, String, String)] = [
            ("hdh-vu-quang-2021", "Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Vũ Quang", .district, Self.districtCode, "2021-06-01", "hdh"),
            ("hdt-ha-tinh-2021", "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh", .province, "ha-tinh", "2021-06-01", "hdt"),
        ]
        for (code, name, level, unit, date, prefix) in councils {
            let members = (1...3).map { number in
                CouncilMember(
                    memberID: "\(prefix)-\(number)", name: "Thành viên Hội đồng \(level.name.vi) \(number)", role: number == 1 ? .chair : .member,
                    userID: "\(prefix)-\(number)")
            }
            try service.createCouncil(
                CouncilForm(
                    code: code, name: name, level: level, unitCode: unit, decision: Decision(number: Self.unknownNumber, date: Self.day(date)),
                    members: members),
                by: level == .district ? "cb-huyen" : "vpdp", now: Self.at(date), on: c)
        }
    }

    /// The 2021-rated 3★ products: idea 2020 → development → district and provincial councils in 2021 → certificate
    /// 21/02/2022 → claim allocated 29/04/2022 → dossier → nghiệm thu in 2022.
    private func products2021(_ summary: inout Summary, on c: Connection) throws {
        let products: [(String, String, [Decimal])] = [
            ("mat-ong-an-phu", "Mật ong Ân Phú", [22, 17, 25]), ("dau-lac-tuyet-chau", "Dầu lạc Tuyết Châu", [21, 16, 24]),
            ("cam-bao-phuong", "Cam Bảo Phương", [23, 16, 26]), ("cam-hoai-luan", "Cam Hoài Luân", [22, 15, 25]),
            ("cam-than-thanh", "Cam Thân Thành", [21, 16, 25]),
        ]
        let s = service
        for (subject, name, parts) in products {
            let idea = try s.registerIdea(
                IdeaForm(subjectID: subject, name: name, form: "02", productGroup: "thuc-pham", cycleEndsOn: Self.day("2020-12-31")),
                by: "cb-xa", now: Self.at("2020-04-15"), on: c)
            try s.surveyIdea(idea, surveyRef: "Biên bản khảo sát (số chưa xác định)", by: "cb-huyen", now: Self.at("2020-05-12"), on: c)
            try s.proposeIdea(idea, proposalRef: "Tờ trình (số chưa xác định)", by: "cb-huyen", now: Self.at("2020-05-25"), on: c)
            try s.approveIdea(
                idea, decision: Decision(number: Self.unknownNumber, date: Self.day("2020-06-30")), by: "vpdp", now: Self.at("2020-06-30"), on: c)
            let id = try s.startProduct(fromIdea: idea, by: "cb-xa", now: Self.at("2020-07-10"), on: c)
            try s.submitPlan(id, businessPlan: "Phương án SXKD (biểu 03)", by: "cb-xa", now: Self.at("2020-08-03"), on: c)
            try s.approvePlan(id, by: "cb-huyen", now: Self.at("2020-08-20"), on: c)
            for item in ["organisation-introduction", "business-registration", "product-samples"] {
                try s.addDossierItem(id, code: item, document: "Có trong hồ sơ", by: "cb-xa", now: Self.at("2021-07-20"), on: c)
            }
            try s.submitForRating(id, round: "đợt 2021", by: "cb-xa", now: Self.at("2021-08-16"), on: c)
            try s.checkDossier(id, by: "cb-huyen", now: Self.at("2021-08-23"), on: c)
            try s.fieldCheck(id, reportRef: "Biên bản kiểm tra thực tế", by: "cb-huyen", now: Self.at("2021-08-30"), on: c)
            try council(id, members: ["hdh-1", "hdh-2", "hdh-3"], parts: parts, on: "2021-09-09", c)
            _ = try s.rate(
                id, dossierSentOn: Self.day("2021-09-06"), mandatory: .allMet, minutesRef: "Biên bản Hội đồng huyện",
                letterRef: "Tờ trình đề nghị tỉnh (số chưa xác định)", by: "hdh-1", now: Self.at("2021-09-09"), on: c)
            try s.route(id, letterRef: "Tờ trình đề nghị tỉnh (số chưa xác định)", by: "cb-huyen", now: Self.at("2021-09-15"), on: c)
            try council(id, members: ["hdt-1", "hdt-2", "hdt-3"], parts: parts, on: "2021-11-18", c)
            _ = try s.rate(
                id, dossierSentOn: Self.day("2021-11-12"), mandatory: .allMet, minutesRef: "Biên bản Hội đồng tỉnh", by: "hdt-1",
                now: Self.at("2021-11-18"), on: c)
            let outcome = try s.certify(
                id, decision: Decision(number: "436/QĐ-UBND", date: Self.day("2022-02-21")), by: "vpdp", now: Self.at("2022-02-21"), on: c)
            summary.certificates += 1
            for claim in outcome.claims {
                try s.allocateClaim(
                    claim.claimID, decision: Decision(number: "901/QĐ-UBND", date: Self.day("2022-04-29")), by: "vpdp",
                    now: Self.at("2022-04-29"), on: c)
                try s.submitClaim(
                    claim.claimID, dossierRef: "Hồ sơ theo khoản 3 Điều 18 QĐ 868/QĐ-UBND", by: "cb-xa", now: Self.at("2022-06-15"), on: c)
                try s.acceptClaim(
                    claim.claimID, minutesRef: "Biên bản nghiệm thu của Đoàn liên ngành tỉnh", by: "vpdp", now: Self.at("2022-09-20"), on: c)
                summary.acceptedClaims += 1
            }
        }
    }

    /// Three members' sheets around the given parts (±0.5 on C), entered by each member.
    private func council(_ id: Int64, members: [String], parts: [Decimal], on iso: String, _ c: Connection) throws {
        for (index, member) in members.enumerated() {
            let sheet = ScoreSheet(memberID: member, a: parts[0], b: parts[1], c: parts[2] + Decimal(index - 1) / 2)
            try service.addScoreSheets([ScoreEntry(productID: id, sheet: sheet)], by: member, now: Self.at(iso), on: c)
        }
    }

    /// The 2022 cycle: 5 ideas surveyed and proposed, 3 approved, Nước chấm Thanh Mai developed for the December rating.
    private func ideas2022(_ summary: inout Summary, on c: Connection) throws {
        let s = service
        let ideas: [(String, String, String, Bool)] = [
            ("hien-ty", "hienty", "Giò bột Hiên Tý", true), ("thanh-thuy", "thanhthuy", "Bánh gai gia truyền Thanh Thủy", true),
            ("thanh-mai", "thanhmai", "Nước chấm Thanh Mai", true), ("chu-the-4", "cb-xa", "Ý tưởng 4 (chưa công bố tên)", false),
            ("chu-the-5", "cb-xa", "Ý tưởng 5 (chưa công bố tên)", false),
        ]
        for (subject, user, name, approved) in ideas {
            let idea = try s.registerIdea(
                IdeaForm(subjectID: subject, name: name, form: "01", productGroup: "thuc-pham"), by: user, now: Self.at("2022-04-12"), on: c)
            try s.surveyIdea(idea, surveyRef: "Biên bản khảo sát (số chưa xác định)", by: "cb-huyen", now: Self.at("2022-05-17"), on: c)
            try s.proposeIdea(idea, proposalRef: "Tờ trình đề xuất tỉnh thẩm định", by: "cb-huyen", now: Self.at("2022-06-08"), on: c)
            summary.ideas += 1
            guard approved else { continue }
            try s.approveIdea(
                idea, decision: Decision(number: Self.unknownNumber, date: Self.day("2022-07-15")), by: "vpdp", now: Self.at("2022-07-15"), on: c)
            summary.approvedIdeas += 1
            guard subject == "thanh-mai" else { continue }
            let id = try s.startProduct(fromIdea: idea, by: user, now: Self.at("2022-08-01"), on: c)
            try s.submitPlan(id, businessPlan: "Phương án SXKD nước chấm (biểu 03)", by: user, now: Self.at("2022-08-10"), on: c)
            try s.approvePlan(id, by: "cb-huyen", now: Self.at("2022-08-24"), on: c)
            try s.addDossierItem(id, code: "organisation-introduction", document: "Biểu 04", by: user, now: Self.at("2022-10-05"), on: c)
            try s.addDossierItem(
                id, code: "business-registration", document: "Giấy đăng ký hộ kinh doanh", by: user, now: Self.at("2022-10-05"), on: c)
            summary.thanhMaiProduct = id
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import OCOP
import Store
import Workflow

/// The dashboard's A4 pages, as officers print and file them (Ctrl+P, or "Save as PDF"):
///
/// - `/print/certificate/:id`: an OCOP certificate (product, producer, stars, level, validity, decision).
/// - `/print/rating/:id`: the councils' result sheets of a product (each member's sheet, the average, the star, the
///   mandatory criteria), one page per council and round.
/// - any page with `?print=1` (the report: `/report?asOf=…&print=1`): the same page in the print layout.
///
/// The print layout has no navigation; every page carries `@media print` rules (`@page { size: A4 }`, no header,
/// forms or buttons, no card split across pages), so printing the ordinary page also gives clean A4 sheets.
/// The reads go through the services, with the same scope as every other door.
struct PrintPages {
    let dependencies: ServerDependencies

    func register(on router: Router<AdminRequestContext>) {
        router.get("/print/certificate/:id") { request, context in try await certificate(request, context) }
        router.get("/print/rating/:id") { request, context in try await rating(request, context) }
    }

    func certificate(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (service, user) = try self.service(context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw Problem.notFound(Bilingual(vi: "không có hồ sơ", en: "no such record")) }
        let today = LocalDate(vietnamDayOf: dependencies.now())
        let sheet = try await service.certificateSheet(id, today: today, as: Caller(user.id))
        let vi = context.language == .vi
        let pick = { (text: Bilingual) in vi ? text.vi : text.en }
        let view: [String: Any] = [
            "p": Self.words(context.language), "id": sheet.id, "product": sheet.productName, "productID": sheet.productID,
            "subject": sheet.subjectName, "unit": sheet.unitName, "stars": String(repeating: "★", count: sheet.star), "star": sheet.star,
            "level": sheet.level.map { pick($0.name) } ?? "", "ruleSet": sheet.ruleSet, "issued": sheet.issuedOn.displayString,
            "expires": sheet.expiresOn.displayString, "decision": sheet.decisionRef, "state": pick(sheet.stateLabel),
        ]
        let title = (vi ? "Giấy chứng nhận OCOP số " : "OCOP certificate ") + "\(sheet.id)"
        return WebRoutes(dependencies: dependencies).page("printCertificate", title: title, body: view, request: request, context: context, printable: true)
    }

    func rating(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (service, user) = try self.service(context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw Problem.notFound(Bilingual(vi: "không có hồ sơ", en: "no such record")) }
        let sheets = try await service.ratingSheets(product: id, as: Caller(user.id))
        let vi = context.language == .vi
        let words = Self.words(context.language)
        let number = { (value: Decimal) in Self.number(value, vi: vi) }
        let views = sheets.map { sheet -> [String: Any] in
            [
                "level": sheet.level.map { vi ? $0.name.vi : $0.name.en } ?? "", "round": sheet.round, "ruleSet": sheet.ruleSet,
                "members": sheet.members.map { member -> [String: Any] in
                    [
                        "member": member.memberID, "a": number(member.partA), "b": number(member.partB), "c": number(member.partC),
                        "bonus": member.bonus.map(number) ?? "—", "total": number(member.total), "scored": member.scoredOn.displayString,
                    ]
                },
                "hasMembers": !sheet.members.isEmpty, "rated": sheet.average != nil, "average": sheet.average.map(number) ?? "",
                "stars": sheet.bandStar.map { String(repeating: "★", count: $0) } ?? "", "star": sheet.bandStar ?? 0,
                "mandatory": sheet.mandatory.keys.sorted().map { star in
                    ["star": "\(star)★", "met": (sheet.mandatory[star] ?? false) ? words["met"] ?? "" : words["notMet"] ?? ""]
                },
                "decision": sheet.outcome.map { vi ? $0.vi : $0.en } ?? "", "ratedOn": sheet.ratedOn?.displayString ?? "",
            ]
        }
        let first = sheets.first
        let view: [String: Any] = [
            "p": words, "productID": id, "product": first?.productName ?? "", "subject": first?.subjectName ?? "", "unit": first?.unitName ?? "",
            "sheets": views, "none": sheets.isEmpty,
        ]
        let title = (vi ? "Kết quả đánh giá sản phẩm " : "Rating results, product ") + "\(id)"
        return WebRoutes(dependencies: dependencies).page("printRating", title: title, body: view, request: request, context: context, printable: true)
    }

    private func service(_ context: AdminRequestContext) throws -> (OCOPService, UserStore.User) {
        guard let session = context.session else { throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first")) }
        guard let service = dependencies.services.ocop else {
            throw Problem.notFound(Bilingual(vi: "máy chủ chưa bật OCOP", en: "OCOP is not enabled on this server"))
        }
        return (service, session.holder.user)
    }

    /// "72,5" in Vietnamese, "72.5" in English; no trailing zeros.
    static func number(_ value: Decimal, vi: Bool) -> String {
        var text = NSDecimalNumber(decimal: value).stringValue
        if vi { text = text.replacingOccurrences(of: ".", with: ",") }
        return text
    }

    /// The links to the printable pages of a record (on its dashboard page): a certificate's A4 sheet, a product's
    /// result sheets.
    static func links(workflow: String, id: Int64, language: ServerLanguage) -> [[String: String]] {
        let words = Self.words(language)
        switch workflow {
        case "ocop_certificate": return [["href": "/print/certificate/\(id)", "text": words["printCertificate"] ?? ""]]
        case "ocop_product": return [["href": "/print/rating/\(id)", "text": words["printRating"] ?? ""]]
        default: return []
        }
    }

    /// The printed pages' own words.
    static func words(_ language: ServerLanguage) -> [String: String] {
        language == .vi ? vi : en
    }

    static let vi: [String: String] = [
        "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "motto": "Độc lập - Tự do - Hạnh phúc",
        "certificateTitle": "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP", "certificateNumber": "Số", "product": "Tên sản phẩm", "subject": "Chủ thể",
        "unit": "Địa chỉ (đơn vị)", "star": "Hạng sao", "starWord": "sao", "level": "Cấp đánh giá", "ruleSet": "Bộ tiêu chí",
        "issued": "Ngày cấp", "expires": "Hết hiệu lực từ ngày", "decision": "Theo quyết định", "state": "Tình trạng",
        "ratingTitle": "BIÊN BẢN KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP", "council": "Hội đồng", "round": "lần",
        "member": "Thành viên", "partA": "Phần A", "partB": "Phần B", "partC": "Phần C", "bonus": "Điểm thưởng", "total": "Tổng điểm",
        "scored": "Ngày chấm", "average": "Điểm trung bình", "result": "Hạng sao theo điểm", "mandatory": "Tiêu chí bắt buộc",
        "met": "đạt", "notMet": "chưa đạt", "ratedOn": "Ngày đánh giá", "noSheets": "Sản phẩm chưa có phiếu chấm điểm nào.",
        "notRated": "Hội đồng chưa tổng hợp kết quả.", "printHint": "Bản in khổ A4: dùng lệnh In của trình duyệt (Ctrl+P).",
        "back": "Quay lại hồ sơ", "printCertificate": "In giấy chứng nhận (A4)", "printRating": "In kết quả đánh giá (A4)", "print": "In (A4)",
        "signature": "ĐẠI DIỆN CƠ QUAN CẤP", "outcome": "Kết luận của hội đồng",
    ]

    static let en: [String: String] = [
        "nation": "SOCIALIST REPUBLIC OF VIETNAM", "motto": "Independence - Freedom - Happiness",
        "certificateTitle": "OCOP PRODUCT CERTIFICATE", "certificateNumber": "No.", "product": "Product", "subject": "Producer",
        "unit": "Address (unit)", "star": "Stars", "starWord": "stars", "level": "Rated at", "ruleSet": "Criteria set",
        "issued": "Issued on", "expires": "Expires on", "decision": "By decision", "state": "Status",
        "ratingTitle": "OCOP PRODUCT RATING RESULTS", "council": "Council", "round": "round",
        "member": "Member", "partA": "Part A", "partB": "Part B", "partC": "Part C", "bonus": "Bonus", "total": "Total",
        "scored": "Scored on", "average": "Average", "result": "Star by score", "mandatory": "Mandatory criteria",
        "met": "met", "notMet": "not met", "ratedOn": "Rated on", "noSheets": "No score sheet for this product yet.",
        "notRated": "The council has not summed up yet.", "printHint": "A4 print: use the browser's Print (Ctrl+P).",
        "back": "Back to the record", "printCertificate": "Print certificate (A4)", "printRating": "Print rating results (A4)", "print": "Print (A4)",
        "signature": "FOR THE ISSUING AUTHORITY", "outcome": "The council's conclusion",
    ]
}

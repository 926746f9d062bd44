import Foundation
import OCOP
import Workflow

/// A column of an OCOP list beyond id, name, producer and stage: its title and the ``OCOPListRow/fields`` key.
public struct OCOPListColumn: Sendable, Hashable {
    public var title: Bilingual
    public var key: String
    /// Whole đồng (shown as money on screen and `#,##0` in Excel).
    public var money: Bool

    public init(_ vi: String, _ en: String, key: String, money: Bool = false) {
        self.title = Bilingual(vi: vi, en: en)
        self.key = key
        self.money = money
    }
}

extension OCOPList {
    /// The list's own columns, the same at every door (the CLI's table, the API's and the CLI's `.xlsx`).
    public var columns: [OCOPListColumn] {
        switch self {
        case .ideas: [.init("Biểu", "Form", key: "form"), .init("Năm", "Year", key: "year")]
        case .products:
            [
                .init("Bộ tiêu chí", "Rule set", key: "rule_set"), .init("Điểm", "Score", key: "average"), .init("Sao", "Star", key: "star"),
                .init("Hết hiệu lực từ", "Certified until", key: "certified_until"),
            ]
        case .certificates:
            [
                .init("Sản phẩm", "Product", key: "product"), .init("Sao", "Star", key: "star"), .init("Cấp", "Level", key: "level"),
                .init("Ngày cấp", "Issued", key: "issued_on"), .init("Hết hiệu lực từ", "Expires on", key: "expires_on"),
                .init("Quyết định", "Decision", key: "decision_ref"),
            ]
        case .claims:
            [
                .init("Sản phẩm", "Product", key: "product"), .init("Chính sách", "Policy", key: "policy"), .init("Sao", "Star", key: "star"),
                .init("Mức hỗ trợ", "Amount", key: "amount", money: true), .init("Đã chi", "Paid", key: "amount_paid", money: true),
            ]
        }
    }

    /// The list's sheet name ("Ý tưởng", "Sản phẩm", …).
    public var title: Bilingual {
        switch self {
        case .ideas: Bilingual(vi: "Ý tưởng", en: "Ideas")
        case .products: Bilingual(vi: "Sản phẩm", en: "Products")
        case .certificates: Bilingual(vi: "Giấy chứng nhận", en: "Certificates")
        case .claims: Bilingual(vi: "Hồ sơ hỗ trợ", en: "Claims")
        }
    }

    /// The rows as one typed sheet: id and numbers as numbers, days as dates, money `#,##0`, the council level by
    /// its name, the stage by its label.
    public func sheet(_ rows: [OCOPListRow], language: ReportLanguage = .vi) -> Spreadsheet {
        let vi = language == .vi
        let pick = { (text: Bilingual) in vi ? text.vi : text.en }
        let fixed: [Spreadsheet.Column] = [
            .init(vi ? "Số" : "Id"), .init(vi ? "Tên" : "Name"), .init(vi ? "Mã chủ thể" : "Subject id"), .init(vi ? "Chủ thể" : "Subject"),
            .init(vi ? "Giai đoạn" : "Stage"),
        ]
        let columns = self.columns
        let body = rows.map { row -> [Spreadsheet.Cell] in
            let own = columns.map { column -> Spreadsheet.Cell in
                let value = row.fields[column.key]
                if column.key == "level", let level = value.flatMap(CouncilLevel.init(rawValue:)) { return .text(pick(level.name)) }
                if column.key == "decision_ref" || column.key == "form" { return .optionalText(value) }
                return .field(value, money: column.money)
            }
            return [.integer(row.id), .optionalText(row.name), .optionalText(row.subjectID), .optionalText(row.subjectName), .text(pick(row.stateLabel))] + own
        }
        return Spreadsheet(name: pick(title), columns: fixed + columns.map { .init(pick($0.title)) }, rows: body)
    }
}

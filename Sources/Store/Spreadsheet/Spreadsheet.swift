import Foundation
import Workflow

/// One sheet of typed cells, written as an Excel file by ``XLSXWriter``: the district report and every list
/// (ideas, products, certificates, claims, NTM progress) become one of these, in Store, so every door exports
/// the same columns.
///
/// ```swift
/// var sheet = Spreadsheet(name: "Sản phẩm", columns: [.init("Số"), .init("Tên", width: 40)])
/// sheet.rows.append([.integer(12), .text("Nước chấm Thanh Mai")])
/// let data = try XLSXWriter.data(sheet)
/// ```
public struct Spreadsheet: Sendable, Hashable {
    /// The sheet's tab name (Excel keeps 31 characters and refuses `[]:*?/\`; ``XLSXWriter`` cleans it).
    public var name: String
    /// The header row.
    public var columns: [Column]
    /// The data rows; a short row is padded with empty cells.
    public var rows: [[Cell]]

    public init(name: String, columns: [Column], rows: [[Cell]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// A column: its title and, when set, its width in characters (else measured from the content).
    public struct Column: Sendable, Hashable {
        public var title: String
        public var width: Int?
        public init(_ title: String, width: Int? = nil) {
            self.title = title
            self.width = width
        }
    }

    /// A typed cell: numbers stay numbers, days become Excel dates shown dd/mm/yyyy, money a number with thousands.
    public enum Cell: Sendable, Hashable {
        case empty
        case text(String)
        case integer(Int64)
        case number(Decimal)
        /// Whole đồng, shown `#,##0`.
        case money(Int64)
        /// A calendar day, stored as Excel's day number and shown dd/mm/yyyy.
        case date(LocalDate)

        /// Text, or empty when the text is empty.
        public static func optionalText(_ text: String?) -> Cell {
            guard let text, !text.isEmpty else { return .empty }
            return .text(text)
        }

        /// A field as the lists keep it (text): an ISO day becomes a date, a whole or decimal number a number,
        /// anything else stays text. `money` makes a whole number a money cell.
        public static func field(_ value: String?, money: Bool = false) -> Cell {
            guard let value, !value.isEmpty else { return .empty }
            if let day = LocalDate(iso: value) { return .date(day) }
            if let whole = Int64(value) { return money ? .money(whole) : .integer(whole) }
            if value.range(of: #"^-?[0-9]+\.[0-9]+$"#, options: .regularExpression) != nil, let decimal = Decimal(string: value) {
                return .number(decimal)
            }
            return .text(value)
        }
    }
}

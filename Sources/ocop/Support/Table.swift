import Foundation

/// A plain-text table with aligned columns, for screen output.
///
/// ```swift
/// var table = Table(["Số", "Trạng thái"], rightAligned: [0])
/// table.add(["12", "SUBMITTED"])
/// print(table.render())
/// ```
struct Table {
    /// The column titles.
    var headers: [String]
    /// The rows; shorter rows are padded with empty cells.
    var rows: [[String]] = []
    /// Columns aligned to the right (numbers).
    var rightAligned: Set<Int>

    /// Creates an empty table.
    init(_ headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    /// Appends a row.
    mutating func add(_ row: [String]) { rows.append(row) }

    /// True when there are no rows.
    var isEmpty: Bool { rows.isEmpty }

    /// The header, a rule and the rows, columns two spaces apart; no trailing spaces.
    ///
    /// Widths count characters (grapheme clusters), so Vietnamese letters with two diacritics count as one.
    func render() -> String {
        let columns = max(headers.count, rows.map(\.count).max() ?? 0)
        let cells = ([headers] + rows).map { row in (0..<columns).map { $0 < row.count ? Self.flatten(row[$0]) : "" } }
        let widths = (0..<columns).map { column in cells.map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            let padded = row.enumerated().map { column, text in
                let gap = String(repeating: " ", count: widths[column] - text.count)
                return rightAligned.contains(column) ? gap + text : text + gap
            }
            return Self.trimTrailing(padded.joined(separator: "  "))
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(cells[0]), rule] + cells.dropFirst().map(line)).joined(separator: "\n")
    }

    /// A cell stays on one line.
    private static func flatten(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    private static func trimTrailing(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// Label–value lines with the values aligned, for one record (`ocop status 12`).
struct Fields {
    private var lines: [(String, String)] = []

    /// Appends a line.
    mutating func add(_ label: String, _ value: String) { lines.append((label, value)) }

    /// `Nhãn      giá trị` lines.
    func render() -> String {
        let width = lines.map { $0.0.count }.max() ?? 0
        return lines.map { label, value in label + String(repeating: " ", count: width - label.count + 2) + value }.joined(separator: "\n")
    }
}

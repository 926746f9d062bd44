import Foundation
import Workflow
import ZIPFoundation

/// Writes a ``Spreadsheet`` as an Office Open XML workbook (`.xlsx`): SpreadsheetML parts written by hand, packed
/// by ZIPFoundation.
///
/// Text goes to the shared-string table (UTF-8, Vietnamese kept as typed); numbers are numbers; days are Excel day
/// numbers styled dd/mm/yyyy; money is a number styled `#,##0`; the header row is bold and frozen, and columns are
/// as wide as their content (within 8–60 characters) unless the sheet says otherwise.
public enum XLSXWriter {
    /// The media type of an `.xlsx` file.
    public static let mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The workbook's bytes.
    public static func data(_ sheet: Spreadsheet) throws -> Data {
        let parts = self.parts(sheet)
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: fixedDate, compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// A fixed time for the entries, so the same sheet always gives the same bytes.
    private static let fixedDate = Date(timeIntervalSince1970: 1_577_836_800)

    /// Style indexes in `styles.xml`'s cellXfs.
    private enum Style: Int {
        case plain = 0, header = 1, date = 2, money = 3
    }

    /// The parts of the package, path and XML, in the order Excel writes them.
    static func parts(_ sheet: Spreadsheet) -> [(String, String)] {
        var strings = SharedStrings()
        let body = sheetXML(sheet, strings: &strings)
        return [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook(sheetName: sheetName(sheet.name))),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles),
            ("xl/sharedStrings.xml", strings.xml),
            ("xl/worksheets/sheet1.xml", body),
        ]
    }

    // MARK: - The sheet

    private static func sheetXML(_ sheet: Spreadsheet, strings: inout SharedStrings) -> String {
        let columnCount = max(sheet.columns.count, sheet.rows.map(\.count).max() ?? 0)
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
        xml += #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        xml += #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        if columnCount > 0 {
            xml += "<cols>"
            for column in 0..<columnCount {
                let width = self.width(of: column, in: sheet)
                xml += #"<col min="\#(column + 1)" max="\#(column + 1)" width="\#(width)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        let header = sheet.columns.map { Spreadsheet.Cell.text($0.title) }
        for (index, row) in ([header] + sheet.rows).enumerated() {
            let number = index + 1
            xml += #"<row r="\#(number)">"#
            for (column, cell) in row.enumerated() {
                xml += cellXML(cell, reference: reference(column: column, row: number), header: index == 0, strings: &strings)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        xml += #"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        xml += #"<pageSetup paperSize="9" orientation="landscape"/>"#
        xml += "</worksheet>"
        return xml
    }

    private static func cellXML(_ cell: Spreadsheet.Cell, reference: String, header: Bool, strings: inout SharedStrings) -> String {
        switch cell {
        case .empty:
            return ""
        case .text(let text):
            let style = header ? Style.header : .plain
            return #"<c r="\#(reference)" s="\#(style.rawValue)" t="s"><v>\#(strings.index(of: text))</v></c>"#
        case .integer(let value):
            return #"<c r="\#(reference)"><v>\#(value)</v></c>"#
        case .number(let value):
            return #"<c r="\#(reference)"><v>\#(NSDecimalNumber(decimal: value).stringValue)</v></c>"#
        case .money(let value):
            return #"<c r="\#(reference)" s="\#(Style.money.rawValue)"><v>\#(value)</v></c>"#
        case .date(let day):
            return #"<c r="\#(reference)" s="\#(Style.date.rawValue)"><v>\#(excelDay(day))</v></c>"#
        }
    }

    /// Excel's day number (the 1900 system): days since 30/12/1899.
    public static func excelDay(_ day: LocalDate) -> Int {
        day.dayNumber - LocalDate.dayNumber(year: 1899, month: 12, day: 30)
    }

    /// "A1", "AB12": the column letters (bijective base 26) and the row number.
    static func reference(column: Int, row: Int) -> String {
        var letters = ""
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
            rest = (rest - 1) / 26
        }
        return letters + String(row)
    }

    /// The column's width: as set, else the longest cell's characters plus a margin, within 8–60.
    private static func width(of column: Int, in sheet: Spreadsheet) -> Int {
        if column < sheet.columns.count, let width = sheet.columns[column].width { return width }
        var longest = column < sheet.columns.count ? sheet.columns[column].title.count : 0
        for row in sheet.rows where column < row.count {
            let length: Int
            switch row[column] {
            case .empty: length = 0
            case .text(let text): length = text.split(whereSeparator: \.isNewline).map(\.count).max() ?? 0
            case .integer(let value): length = String(value).count
            case .number(let value): length = NSDecimalNumber(decimal: value).stringValue.count
            case .money(let value): length = String(value).count + String(value).count / 3
            case .date: length = 10
            }
            longest = max(longest, length)
        }
        return min(60, max(8, longest + 2))
    }

    /// A tab name Excel accepts: no `[]:*?/\`, at most 31 characters, not empty.
    static func sheetName(_ name: String) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? " " : $0 }.prefix(31)).trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    /// Text safe inside an XML element or attribute; characters XML 1.0 cannot hold are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The shared-string table: each distinct text once, referred to by index.
    struct SharedStrings {
        private var indexes: [String: Int] = [:]
        private var ordered: [String] = []
        private var uses = 0

        mutating func index(of text: String) -> Int {
            uses += 1
            if let index = indexes[text] { return index }
            indexes[text] = ordered.count
            ordered.append(text)
            return ordered.count - 1
        }

        var xml: String {
            var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            xml += #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(uses)" uniqueCount="\#(ordered.count)">"#
            for text in ordered {
                let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.contains("\n")
                xml += preserve ? #"<si><t xml:space="preserve">"# : "<si><t>"
                xml += escape(text) + "</t></si>"
            }
            return xml + "</sst>"
        }
    }

    // MARK: - The fixed parts

    private static let contentTypes = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
        """#

    private static let rootRelationships = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """#

    private static let workbookRelationships = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
        """#

    private static func workbook(sheetName: String) -> String {
        #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name="\#(escape(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """#
    }

    /// Four cell styles: plain, bold header, a dd/mm/yyyy date and `#,##0` money.
    private static let styles = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """#
}

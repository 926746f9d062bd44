import Foundation
import Workflow

/// How large a file an import takes (NTM assessments, council score sheets): one rule for every door, checked before a
/// file is read or parsed, so a 50 MB upload is refused at once instead of held in memory for minutes.
public enum ImportLimits {
    /// The largest import in bytes: `OCOP_IMPORT_MAX_BYTES`, default 10 MB (a province's year of assessments is far less).
    public static var maximumBytes: Int {
        ProcessInfo.processInfo.environment["OCOP_IMPORT_MAX_BYTES"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 10 * 1024 * 1024
    }

    /// The refusal for an import of `bytes`, or nil when it fits.
    public static func problem(bytes: Int, name: String) -> ServiceError? {
        guard bytes > maximumBytes else { return nil }
        func megabytes(_ value: Int) -> String { String(format: "%.1f", Double(value) / 1_048_576) }
        return ServiceError(
            .badInput, code: "import-too-large",
            message: Bilingual(
                vi: "\(name): tệp \(megabytes(bytes)) MB vượt giới hạn \(megabytes(maximumBytes)) MB (OCOP_IMPORT_MAX_BYTES); hãy chia nhỏ tệp",
                en: "\(name): the file is \(megabytes(bytes)) MB, above the \(megabytes(maximumBytes)) MB limit (OCOP_IMPORT_MAX_BYTES); split it"))
    }

    /// The most data rows an import takes: `OCOP_IMPORT_MAX_ROWS`, default 100,000 (a district's year of assessments is
    /// a few thousand; a council's sheets, tens).
    public static var maximumRows: Int {
        ProcessInfo.processInfo.environment["OCOP_IMPORT_MAX_ROWS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 100_000
    }

    /// Refuses a text above the byte limit, or with more data rows than the row limit — both before it is parsed.
    public static func check(_ text: String, name: String) throws(ServiceError) {
        if let problem = problem(bytes: text.utf8.count, name: name) { throw problem }
        let rows = dataRows(text, stoppingAfter: maximumRows)
        if rows > maximumRows {
            throw ServiceError(
                .badInput, code: "import-too-many-rows",
                message: Bilingual(
                    vi: "\(name): tệp có hơn \(maximumRows) dòng dữ liệu, vượt giới hạn (OCOP_IMPORT_MAX_ROWS); hãy chia nhỏ tệp",
                    en: "\(name): the file has more than \(maximumRows) data rows, above the limit (OCOP_IMPORT_MAX_ROWS); split it"))
        }
    }

    /// The CSV records after the header that hold anything, counted on the bytes (a line break inside quotes does not
    /// end a record), stopping once past `limit`.
    static func dataRows(_ text: String, stoppingAfter limit: Int) -> Int {
        var records = 0
        var quoted = false
        var filled = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): quoted.toggle(); filled = true
            case UInt8(ascii: "\n") where !quoted:
                if filled { records += 1 }
                filled = false
                if records > limit + 1 { return records - 1 }
            case UInt8(ascii: "\r"), UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "\t"): break
            default: filled = true
            }
        }
        if filled { records += 1 }
        return max(0, records - 1)
    }
}

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

    /// Refuses a text above the limit.
    public static func check(_ text: String, name: String) throws(ServiceError) {
        if let problem = problem(bytes: text.utf8.count, name: name) { throw problem }
    }
}

import Foundation
import Hummingbird
import Workflow

/// The bounds of the API's query values and path ids — the same ones `/openapi.yaml` documents, so that a value the
/// contract accepts is accepted and one it refuses is a 400 naming the parameter.
///
/// - `limit`: 1…500 (default 50).
/// - `cursor`: an id, 1 to 18 ASCII digits (`^[0-9]{1,18}$`; always within Int64).
/// - path ids: 1…9223372036854775807 (Int64).
/// - any other query value: at most ``maxQueryValueLength`` characters.
enum QueryBounds {
    /// The longest query value taken (a filter, a code); longer is a 400.
    static let maxQueryValueLength = 200
    /// The cursor's pattern in the spec.
    static let cursorPattern = "^[0-9]{1,18}$"

    /// `cursor`: absent → nil; 1–18 digits → the id; anything else (empty included) → 400.
    static func cursor(_ text: Substring?) throws -> Int64? {
        guard let text else { return nil }
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int64(text) else {
            throw bad("cursor", vi: "cursor phải là mã số (1 đến 18 chữ số), như nextCursor của trang trước", en: "cursor must be an id (1 to 18 digits), as the previous page's nextCursor")
        }
        return value
    }

    /// An integer parameter within `range`: absent → nil; anything else → 400 naming it and its bounds.
    static func integer(_ text: Substring?, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(String(text)), range.contains(value) else {
            throw bad(name, vi: "\(name) phải là số nguyên từ \(range.lowerBound) đến \(range.upperBound)", en: "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A text filter: absent → nil; longer than ``maxQueryValueLength`` → 400.
    static func text(_ value: Substring?, _ name: String) throws -> String? {
        guard let value else { return nil }
        guard value.count <= maxQueryValueLength else {
            throw bad(name, vi: "\(name) dài quá \(maxQueryValueLength) ký tự", en: "\(name) is longer than \(maxQueryValueLength) characters")
        }
        return String(value)
    }

    /// A path id: a positive Int64, else 400.
    static func id(_ context: AdminRequestContext, _ name: String = "id") throws -> Int64 {
        guard let id = context.parameters.get(name, as: Int64.self), id > 0 else {
            throw bad(name, vi: "mã hồ sơ phải là số nguyên dương (1 đến 9223372036854775807)", en: "the instance id must be a positive integer (1 to 9223372036854775807)")
        }
        return id
    }

    static func bad(_ parameter: String, vi: String, en: String) -> Problem {
        var problem = Problem.badRequest(Bilingual(vi: vi, en: en))
        problem.extra["parameter"] = parameter
        return problem
    }
}

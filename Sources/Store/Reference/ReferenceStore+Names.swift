import Foundation
import LibPQ
import Workflow

extension ReferenceStore {
    /// The code of the unit `text` names: the code itself, or a name with or without diacritics and in any case
    /// ("Vũ Quang", "vu quang" → `vu-quang`), among units of `kinds` (all kinds when empty). A name that several units
    /// bear is refused listing them; text that names nothing is returned as it is, so the caller's own "no such unit"
    /// answer names what was typed.
    public func unitCode(_ text: String, kinds: [String] = [], on connection: Connection) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return text }
        // No unit's code or name holds a NUL (the database could not store one): such a text names nothing.
        guard !trimmed.unicodeScalars.contains("\u{0}") else {
            throw ServiceError(.notFound, vi: "không có đơn vị \"\(trimmed.debugDescription)\"", en: "no unit \"\(trimmed.debugDescription)\"")
        }
        let exact = try connection.query(
            "SELECT code FROM admin_unit WHERE code = \(trimmed) AND (cardinality(\(kinds)::text[]) = 0 OR kind = ANY(\(kinds)::text[]))")
        if !exact.isEmpty { return trimmed }
        let named = try connection.query(
            """
            SELECT a.code, a.name, a.kind, p.name AS parent FROM admin_unit a LEFT JOIN admin_unit p ON p.code = a.parent_code
            WHERE ocop_fold(a.name) = ocop_fold(\(trimmed)::text) AND (cardinality(\(kinds)::text[]) = 0 OR a.kind = ANY(\(kinds)::text[]))
            ORDER BY a.valid_to IS NOT NULL, a.code
            """)
        guard named.count > 1 else { return try named.first?.decode("code") ?? text }
        let candidates = try named.map { row -> String in
            let parent: String? = try row.decode("parent")
            return "\(try row.decode("code", as: String.self)) (\(try row.decode("name", as: String.self))\(parent.map { ", \($0)" } ?? ""))"
        }
        var error = ServiceError.badInput(
            vi: "có \(candidates.count) đơn vị tên \"\(trimmed)\": \(candidates.joined(separator: "; ")) — ghi mã đơn vị",
            en: "\(candidates.count) units are named \"\(trimmed)\": \(candidates.joined(separator: "; ")) — give the unit's code")
        error.parameter = kinds == ["district"] ? "district" : "unit"
        throw error
    }
}

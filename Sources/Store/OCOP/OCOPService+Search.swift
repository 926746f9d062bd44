import Foundation
import LibPQ
import OCOP
import Workflow

/// One thing found by ``OCOPService/search(_:limit:as:)``.
public struct SearchHit: Sendable, Hashable, Codable {
    /// What was found.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case product, idea, subject, unit

        /// "Sản phẩm", "Ý tưởng", "Chủ thể", "Đơn vị".
        public var label: Bilingual {
            switch self {
            case .product: Bilingual(vi: "Sản phẩm", en: "Product")
            case .idea: Bilingual(vi: "Ý tưởng", en: "Idea")
            case .subject: Bilingual(vi: "Chủ thể", en: "Producer")
            case .unit: Bilingual(vi: "Đơn vị", en: "Unit")
            }
        }
    }

    public var kind: Kind
    /// The record's id (an instance number for products and ideas), the subject's id or the unit's code.
    public var id: String
    public var name: String
    /// The producer of a product or idea, the unit of a producer, the parent of a unit.
    public var detail: String?
    /// The stage of a product or idea.
    public var state: String?
    public var stateLabel: Bilingual?
    /// How well the name matches, 0–1 (trigram word similarity of the folded texts); 1 when it holds the words as typed.
    public var score: Double
}

extension OCOPService {
    /// The longest query text, in characters.
    public static let searchTextLimit = 100
    /// The most hits one search returns.
    public static let searchLimitRange = 1...100

    /// Products, ideas, producers and units whose names hold `text` or nearly match it, with or without diacritics and
    /// in any case (`ocop_fold`, sql/0018), best first — only those the caller may see: products, ideas and producers
    /// through their grants (the same `user_sees` as every list), units for staff only.
    public func search(_ text: String, limit: Int = 20, as caller: Caller) async throws(ServiceError) -> [SearchHit] {
        let query = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Counted in code points, as the API's schema counts (minLength 2): "é" typed as e + accent is two.
        guard query.unicodeScalars.count >= 2 else {
            throw ServiceError.badInput(vi: "nội dung tìm kiếm cần ít nhất 2 ký tự", en: "the search text needs at least 2 characters")
        }
        guard query.count <= Self.searchTextLimit else {
            throw ServiceError.badInput(
                vi: "nội dung tìm kiếm dài quá \(Self.searchTextLimit) ký tự", en: "the search text is longer than \(Self.searchTextLimit) characters")
        }
        guard Self.searchLimitRange.contains(limit) else {
            throw ServiceError.badInput(
                vi: "số kết quả phải từ \(Self.searchLimitRange.lowerBound) đến \(Self.searchLimitRange.upperBound)",
                en: "the limit must be \(Self.searchLimitRange.lowerBound) to \(Self.searchLimitRange.upperBound)")
        }
        return try await inSnapshot { connection in
            let user = try self.users.user(caller.userID, on: connection)
            guard user.active else { throw UserStoreError(.inactive, user: caller.userID) }
            return try self.search(query, limit: limit, for: caller.userID, on: connection)
        }
    }

    /// The search itself, on a connection (see ``search(_:limit:as:)``).
    func search(_ text: String, limit: Int, for userID: String, on connection: Connection) throws -> [SearchHit] {
        let rows = try connection.query(
            """
            WITH q AS (
                SELECT ocop_fold(\(text)::text) AS f,
                       '%' || replace(replace(replace(ocop_fold(\(text)::text), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AS pattern
            ), staff AS (
                SELECT EXISTS (SELECT 1 FROM user_role r JOIN app_user u ON u.id = r.user_id AND u.active
                               WHERE r.user_id = \(userID)::text AND r.role <> 'CT') AS yes
            )
            SELECT kind, id, name, detail, state, definition_id, score FROM (
                SELECT 'product' AS kind, p.instance_id::text AS id, p.name, s.name AS detail, w.state, w.definition_id,
                       ocop_fold(p.name) LIKE q.pattern AS holds, word_similarity(q.f, ocop_fold(p.name)) AS score
                FROM q, ocop_product p JOIN ocop_subject s ON s.id = p.subject_id JOIN workflow_instance w ON w.id = p.instance_id
                WHERE (ocop_fold(p.name) LIKE q.pattern OR q.f <% ocop_fold(p.name)) AND \(access.visible("w", to: userID))
                UNION ALL
                SELECT 'idea', i.instance_id::text, i.name, s.name, w.state, w.definition_id,
                       ocop_fold(i.name) LIKE q.pattern, word_similarity(q.f, ocop_fold(i.name))
                FROM q, ocop_idea i JOIN ocop_subject s ON s.id = i.subject_id JOIN workflow_instance w ON w.id = i.instance_id
                WHERE (ocop_fold(i.name) LIKE q.pattern OR q.f <% ocop_fold(i.name)) AND \(access.visible("w", to: userID))
                UNION ALL
                SELECT 'subject', s.id, s.name, a.name, NULL, NULL,
                       ocop_fold(s.name) LIKE q.pattern, word_similarity(q.f, ocop_fold(s.name))
                FROM q, ocop_subject s JOIN admin_unit a ON a.code = s.unit_code
                WHERE (ocop_fold(s.name) LIKE q.pattern OR q.f <% ocop_fold(s.name)) AND user_sees(\(userID)::text, s.id, s.unit_code)
                UNION ALL
                SELECT 'unit', a.code, a.name, parent.name, NULL, NULL,
                       ocop_fold(a.name) LIKE q.pattern, word_similarity(q.f, ocop_fold(a.name))
                FROM q, staff, admin_unit a LEFT JOIN admin_unit parent ON parent.code = a.parent_code
                WHERE staff.yes AND (ocop_fold(a.name) LIKE q.pattern OR q.f <% ocop_fold(a.name))
            ) hits
            ORDER BY holds DESC, score DESC, name, kind, id
            LIMIT \(limit)
            """)
        var definitions: [Int64: WorkflowDefinition] = [:]
        return try rows.map { row in
            let state = try row.decode("state", as: String?.self)
            var label: Bilingual?
            if let state, let definitionID = try row.decode("definition_id", as: Int64?.self) {
                if definitions[definitionID] == nil { definitions[definitionID] = try workflows.engine(definitionID: definitionID, on: connection).definition }
                label = definitions[definitionID]?.state(state)?.label ?? Bilingual(vi: state, en: state)
            }
            let kindText: String = try row.decode("kind")
            let score = try row.decode("score", as: Double.self)
            return SearchHit(
                kind: SearchHit.Kind(rawValue: kindText) ?? .product, id: try row.decode("id"), name: try row.decode("name"),
                detail: try row.decode("detail", as: String?.self), state: state, stateLabel: label, score: min(1, score))
        }
    }
}

extension OCOPService {
    /// The producer's ideas and products whose names are the same as `name` once folded (case, diacritics) or nearly
    /// so (trigram similarity ≥ 0.7) with the same digits ("Chè xanh 2021" and "Chè xanh 2022" are two products): what
    /// registering `name` again would probably duplicate. Withdrawn ideas are left out.
    public func nearMatches(_ name: String, subjectID: String, on connection: Connection) throws -> [SearchHit] {
        var definitions: [Int64: WorkflowDefinition] = [:]
        return try connection.query(
            """
            WITH q AS (SELECT ocop_fold(\(name)::text) AS f)
            SELECT kind, id, name, state, definition_id, score FROM (
                SELECT 'idea' AS kind, i.instance_id AS id, i.name, w.state, w.definition_id, similarity(q.f, ocop_fold(i.name)) AS score,
                       regexp_replace(ocop_fold(i.name), '[^0-9]', '', 'g') AS digits
                FROM q, ocop_idea i JOIN workflow_instance w ON w.id = i.instance_id
                WHERE i.subject_id = \(subjectID) AND w.state <> 'WITHDRAWN' AND (ocop_fold(i.name) = q.f OR q.f % ocop_fold(i.name))
                UNION ALL
                SELECT 'product', p.instance_id, p.name, w.state, w.definition_id, similarity(q.f, ocop_fold(p.name)),
                       regexp_replace(ocop_fold(p.name), '[^0-9]', '', 'g')
                FROM q, ocop_product p JOIN workflow_instance w ON w.id = p.instance_id
                WHERE p.subject_id = \(subjectID) AND (ocop_fold(p.name) = q.f OR q.f % ocop_fold(p.name))
            ) near, q
            WHERE score >= 0.7 AND digits = regexp_replace(q.f, '[^0-9]', '', 'g')
            ORDER BY score DESC, id
            """
        ).map { row in
            let state: String = try row.decode("state")
            let definitionID: Int64 = try row.decode("definition_id")
            if definitions[definitionID] == nil { definitions[definitionID] = try workflows.engine(definitionID: definitionID, on: connection).definition }
            let id: Int64 = try row.decode("id")
            return SearchHit(
                kind: SearchHit.Kind(rawValue: try row.decode("kind")) ?? .idea, id: String(id), name: try row.decode("name"), detail: nil,
                state: state, stateLabel: definitions[definitionID]?.state(state)?.label, score: try row.decode("score", as: Double.self))
        }
    }
}

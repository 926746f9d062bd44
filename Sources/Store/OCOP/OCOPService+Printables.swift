import Foundation
import LibPQ
import OCOP
import Workflow

/// An OCOP certificate as it is printed and filed (the dashboard's A4 page).
public struct CertificateSheet: Sendable, Hashable {
    public var id: Int64
    public var productID: Int64
    public var productName: String
    public var subjectName: String
    public var unitName: String
    public var star: Int
    public var level: CouncilLevel?
    public var ruleSet: String
    public var issuedOn: LocalDate
    public var expiresOn: LocalDate
    public var decisionRef: String
    /// The certificate's stage on the day asked (in force, expired, revoked).
    public var stateLabel: Bilingual
}

/// A council's result sheet for one product (level and round): every member's score sheet, the average, the band's
/// star and the mandatory criteria, as printed for the minutes.
public struct RatingSheet: Sendable, Hashable {
    /// One member's sheet.
    public struct Member: Sendable, Hashable {
        public var memberID: String
        public var partA: Decimal
        public var partB: Decimal
        public var partC: Decimal
        public var bonus: Decimal?
        public var total: Decimal
        public var scoredOn: LocalDate
    }

    public var productID: Int64
    public var productName: String
    public var subjectName: String
    public var unitName: String
    public var level: CouncilLevel?
    public var round: Int
    public var ruleSet: String
    /// The members' sheets; empty when no sheet was entered for this round.
    public var members: [Member]
    /// The council's result, once rated.
    public var average: Decimal?
    public var bandStar: Int?
    public var mandatory: [Int: Bool]
    public var decision: String?
    public var ratedOn: LocalDate?

    /// The council's conclusion in words ("chuyển hội đồng cấp tỉnh", "công nhận 3★, cấp huyện"), from the compact
    /// routing decision stored with the result (``RoutingDecision/description``); the stored text when unknown.
    public var outcome: Bilingual? {
        guard let decision else { return nil }
        let inside = decision.firstIndex(of: "(").map { String(decision[decision.index(after: $0)...].dropLast()) } ?? ""
        let parts = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let level = { (text: String) -> Bilingual in CouncilLevel(rawValue: text)?.name ?? Bilingual(vi: text, en: text) }
        switch decision.prefix(while: { $0 != "(" }) {
        case "forward":
            let to = level(parts.first ?? "")
            return Bilingual(vi: "chuyển hội đồng \(to.vi)", en: "forwarded to the \(to.en) council")
        case "certify":
            let at = level(parts.count > 1 ? parts[1] : "")
            return Bilingual(vi: "công nhận \(parts.first ?? ""), \(at.vi)", en: "certified \(parts.first ?? ""), \(at.en)")
        case "return":
            let at = level(parts.count > 1 ? parts[1] : "")
            return Bilingual(vi: "trả về để cấp giấy chứng nhận \(parts.first ?? ""), \(at.vi)", en: "returned for a \(parts.first ?? "") certificate, \(at.en)")
        case "notRecognised": return Bilingual(vi: "không công nhận", en: "not recognised")
        case "existingCertificateStands": return Bilingual(vi: "giữ giấy chứng nhận đang có", en: "the existing certificate stands")
        case "holdForManualRouting": return Bilingual(vi: "chờ định tuyến thủ công", en: "held for manual routing")
        default: return Bilingual(vi: decision, en: decision)
        }
    }
}

extension OCOPService {
    /// The certificate `id` for printing, if the caller may see it (else "not found", as everywhere).
    public func certificateSheet(_ id: Int64, today: LocalDate, as caller: Caller) async throws(ServiceError) -> CertificateSheet {
        try await inSnapshot { connection in
            let user = try self.users.user(caller.userID, on: connection)
            guard user.active else { throw UserStoreError(.inactive, user: caller.userID) }
            guard
                let row = try connection.query(
                    """
                    SELECT c.instance_id, c.product_instance_id, p.name AS product_name, s.name AS subject_name, a.name AS unit_name,
                           c.star::int AS star, c.level, c.rule_set, c.issued_on::text AS issued_on, c.expires_on::text AS expires_on,
                           c.decision_ref, w.definition_id,
                           coalesce(ocop_certificate_state(c.instance_id, c.issued_on, c.expires_on, \(today.iso)::date), w.state) AS state
                    FROM ocop_certificate c JOIN ocop_product p ON p.instance_id = c.product_instance_id
                    JOIN ocop_subject s ON s.id = p.subject_id JOIN admin_unit a ON a.code = s.unit_code
                    JOIN workflow_instance w ON w.id = c.instance_id
                    WHERE c.instance_id = \(id) AND \(self.access.visible("w", to: caller.userID))
                    """
                ).first
            else { throw OCOPError(.notFound, vi: "không có giấy chứng nhận số \(id)", en: "no certificate \(id)") }
            let state: String = try row.decode("state")
            let definition = try self.workflows.engine(definitionID: try row.decode("definition_id"), on: connection).definition
            return CertificateSheet(
                id: try row.decode("instance_id"), productID: try row.decode("product_instance_id"), productName: try row.decode("product_name"),
                subjectName: try row.decode("subject_name"), unitName: try row.decode("unit_name"), star: try row.decode("star"),
                level: CouncilLevel(rawValue: try row.decode("level")), ruleSet: try row.decode("rule_set"),
                issuedOn: try Self.printedDay(row, "issued_on"), expiresOn: try Self.printedDay(row, "expires_on"), decisionRef: try row.decode("decision_ref"),
                stateLabel: definition.state(state)?.label ?? Bilingual(vi: state, en: state))
        }
    }

    /// The product's result sheets, one per council level and round that scored or rated it, in order — if the caller
    /// may see the product (else "not found").
    public func ratingSheets(product id: Int64, as caller: Caller) async throws(ServiceError) -> [RatingSheet] {
        try await inSnapshot { connection in
            let user = try self.users.user(caller.userID, on: connection)
            guard user.active else { throw UserStoreError(.inactive, user: caller.userID) }
            guard
                let product = try connection.query(
                    """
                    SELECT p.name, s.name AS subject_name, a.name AS unit_name
                    FROM ocop_product p JOIN ocop_subject s ON s.id = p.subject_id JOIN admin_unit a ON a.code = s.unit_code
                    JOIN workflow_instance w ON w.id = p.instance_id
                    WHERE p.instance_id = \(id) AND \(self.access.visible("w", to: caller.userID))
                    """
                ).first
            else { throw OCOPError(.notFound, vi: "không có sản phẩm số \(id)", en: "no product \(id)") }
            let name: String = try product.decode("name")
            let subject: String = try product.decode("subject_name")
            let unit: String = try product.decode("unit_name")
            var sheets: [String: RatingSheet] = [:]
            var order: [String] = []
            func key(_ level: String, _ round: Int) -> String { "\(CouncilLevel(rawValue: level)?.rank ?? 0)-\(round)-\(level)" }
            for row in try connection.query(
                """
                SELECT level, round, rule_set, member_id, part_a, part_b, part_c, bonus, total, scored_on::text AS scored_on
                FROM ocop_score_sheet WHERE product_instance_id = \(id) ORDER BY level, round, member_id
                """)
            {
                let level: String = try row.decode("level")
                let round: Int = try row.decode("round")
                let k = key(level, round)
                if sheets[k] == nil {
                    order.append(k)
                    sheets[k] = RatingSheet(
                        productID: id, productName: name, subjectName: subject, unitName: unit, level: CouncilLevel(rawValue: level), round: round,
                        ruleSet: try row.decode("rule_set"), members: [], average: nil, bandStar: nil, mandatory: [:], decision: nil, ratedOn: nil)
                }
                sheets[k]?.members.append(
                    RatingSheet.Member(
                        memberID: try row.decode("member_id"), partA: try row.decode("part_a"), partB: try row.decode("part_b"),
                        partC: try row.decode("part_c"), bonus: try row.decode("bonus"), total: try row.decode("total"),
                        scoredOn: try Self.printedDay(row, "scored_on")))
            }
            for row in try connection.query(
                """
                SELECT level, round, rule_set, average, band_star::int AS band_star, mandatory_3, mandatory_4, mandatory_5, decision,
                       rated_on::text AS rated_on
                FROM ocop_council_result WHERE product_instance_id = \(id)
                """)
            {
                let level: String = try row.decode("level")
                let round: Int = try row.decode("round")
                let k = key(level, round)
                if sheets[k] == nil {
                    order.append(k)
                    sheets[k] = RatingSheet(
                        productID: id, productName: name, subjectName: subject, unitName: unit, level: CouncilLevel(rawValue: level), round: round,
                        ruleSet: try row.decode("rule_set"), members: [], average: nil, bandStar: nil, mandatory: [:], decision: nil, ratedOn: nil)
                }
                let average = try row.decode("average", as: Decimal.self)
                let bandStar = try row.decode("band_star", as: Int.self)
                let three = try row.decode("mandatory_3", as: Bool.self)
                let four = try row.decode("mandatory_4", as: Bool.self)
                let five = try row.decode("mandatory_5", as: Bool.self)
                let decision = try row.decode("decision", as: String.self)
                sheets[k]?.average = average
                sheets[k]?.bandStar = bandStar
                sheets[k]?.mandatory = [3: three, 4: four, 5: five]
                sheets[k]?.decision = decision
                sheets[k]?.ratedOn = try Self.printedDay(row, "rated_on")
            }
            return order.sorted().compactMap { sheets[$0] }
        }
    }

    /// A `date::text` column as a day.
    static func printedDay(_ row: Row, _ column: String) throws -> LocalDate {
        let text: String = try row.decode(column)
        guard let day = LocalDate(iso: text) else { throw OCOPError(.badInput, vi: "ngày không hợp lệ ở cột \(column)", en: "bad date in column \(column)") }
        return day
    }
}

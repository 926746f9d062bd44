import Foundation
import LibPQ
import OCOP
import Workflow

/// Lists and the producer's view; each shows only the records the user's grants cover.
extension OCOPService {
    /// Ideas of a cycle year (all years when nil).
    public func ideas(year: Int? = nil, for userID: String, on connection: Connection) throws -> [OCOPListRow] {
        try rows(
            """
            SELECT i.instance_id AS id, i.name, i.subject_id, s.name AS subject_name, w.state, w.definition_id, w.unit_code,
                   i.form, i.cycle_year::text AS year, i.unit_code AS unit
            FROM ocop_idea i JOIN ocop_subject s ON s.id = i.subject_id JOIN workflow_instance w ON w.id = i.instance_id
            WHERE (\(year)::int IS NULL OR i.cycle_year = \(year)) AND \(access.visible("w", to: userID))
            ORDER BY i.instance_id
            """, fields: ["form", "year", "unit"], for: userID, on: connection)
    }

    /// Products, with their rule set, average, and the star of their certificate in force on `today` with its end — by
    /// date, so a certificate past its expiry day gives no star even before the timer records the expiry.
    public func products(today: LocalDate, for userID: String, on connection: Connection) throws -> [OCOPListRow] {
        try rows(
            """
            SELECT p.instance_id AS id, p.name, p.subject_id, s.name AS subject_name,
                   -- CERTIFIED with no certificate in force that day is what the expiry reaction will record: back in development.
                   CASE WHEN w.state = 'CERTIFIED' AND c.star IS NULL THEN 'DEVELOPING' ELSE w.state END AS state,
                   w.definition_id, w.unit_code, p.rule_set, p.idea_instance_id::text AS idea, w.data->>'average' AS average,
                   c.star::text AS star, c.expires_on::text AS certified_until
            FROM ocop_product p JOIN ocop_subject s ON s.id = p.subject_id JOIN workflow_instance w ON w.id = p.instance_id
            LEFT JOIN LATERAL (
                SELECT k.star, k.expires_on FROM ocop_certificate k
                WHERE k.product_instance_id = p.instance_id
                  AND ocop_certificate_in_force(k.instance_id, k.issued_on, k.expires_on, \(today.iso)::date)
                ORDER BY k.issued_on DESC, k.instance_id DESC LIMIT 1
            ) c ON true
            WHERE \(access.visible("w", to: userID))
            ORDER BY p.instance_id
            """, fields: ["rule_set", "idea", "average", "star", "certified_until"], for: userID, on: connection)
    }

    /// Certificates with their state as of `today` (date-derived: one past its expiry day is EXPIRED whether or not the
    /// timer has run); with `expiringWithin`, only those in force that expire within that many days after `today`.
    public func certificates(
        expiringWithin days: Int? = nil, today: LocalDate, for userID: String, on connection: Connection
    ) throws -> [OCOPListRow] {
        let until = days.map { today.adding(days: $0).iso }
        return try rows(
            """
            SELECT c.instance_id AS id, p.name, p.subject_id, s.name AS subject_name,
                   coalesce(ocop_certificate_state(c.instance_id, c.issued_on, c.expires_on, \(today.iso)::date), w.state) AS state,
                   w.definition_id, w.unit_code,
                   c.product_instance_id::text AS product, c.star::text AS star, c.level, c.rule_set, c.issued_on::text AS issued_on,
                   c.expires_on::text AS expires_on, c.decision_ref
            FROM ocop_certificate c JOIN ocop_product p ON p.instance_id = c.product_instance_id
            JOIN ocop_subject s ON s.id = p.subject_id JOIN workflow_instance w ON w.id = c.instance_id
            WHERE \(access.visible("w", to: userID)) AND (\(until)::date IS NULL
               OR (ocop_certificate_in_force(c.instance_id, c.issued_on, c.expires_on, \(today.iso)::date)
                   AND c.expires_on > \(today.iso)::date AND c.expires_on <= \(until)::date))
            ORDER BY c.expires_on, c.instance_id
            """, fields: ["product", "star", "level", "rule_set", "issued_on", "expires_on", "decision_ref"], for: userID, on: connection)
    }

    /// Support claims.
    public func claims(for userID: String, on connection: Connection) throws -> [OCOPListRow] {
        try rows(
            """
            SELECT c.instance_id AS id, p.name, p.subject_id, s.name AS subject_name, w.state, w.definition_id, w.unit_code,
                   c.product_instance_id::text AS product, c.certificate_instance_id::text AS certificate, c.policy_id AS policy,
                   c.star::text AS star, c.amount::text AS amount, w.data->>'amount_paid' AS amount_paid
            FROM ocop_claim c JOIN ocop_product p ON p.instance_id = c.product_instance_id
            JOIN ocop_subject s ON s.id = p.subject_id JOIN workflow_instance w ON w.id = c.instance_id
            WHERE \(access.visible("w", to: userID))
            ORDER BY c.instance_id
            """, fields: ["product", "certificate", "policy", "star", "amount", "amount_paid"], for: userID, on: connection)
    }

    /// The producer's view: every idea and product of the subjects the user's grants cover, with its stage, the dossier
    /// items still missing, and the next deadline (the earliest pending timer of the record or of its certificates).
    public func producerStatus(for userID: String, today: LocalDate, on connection: Connection) throws -> [ProducerItem] {
        var items: [ProducerItem] = []
        let inForce = try? ruleSets.ruleSet(forSubmissionDate: today)
        for row in try ideas(for: userID, on: connection) where row.state != "PRODUCT_STARTED" {
            items.append(ProducerItem(kind: "idea", row: row, missing: [], deadlines: try timers([row.id], on: connection), relatedIDs: [row.id]))
        }
        for row in try products(today: today, for: userID, on: connection) {
            let record = try workflows.instance(row.id, on: connection)
            var missing: [Bilingual] = []
            if ["PLANNING", "PLAN_SUBMITTED", "DEVELOPING", "DOSSIER_INCOMPLETE", "NOT_RECOGNISED", "NOT_ELIGIBLE"].contains(row.state),
                let ruleSet = (record.snapshot.state == "DOSSIER_INCOMPLETE" ? try? self.ruleSet(of: record) : nil) ?? inForce
            {
                missing = Self.missingDossierItems(in: record.snapshot.data, ruleSet: ruleSet).map(\.name)
            }
            let related = try connection.query(
                """
                SELECT instance_id FROM ocop_certificate WHERE product_instance_id = \(row.id)
                UNION SELECT instance_id FROM ocop_claim WHERE product_instance_id = \(row.id)
                """
            ).map { try $0.decode("instance_id", as: Int64.self) }
            items.append(
                ProducerItem(
                    kind: "product", row: row, missing: missing, deadlines: try timers([row.id] + related, on: connection),
                    relatedIDs: [row.id] + related))
        }
        for index in items.indices {
            items[index].details = try details(of: items[index], today: today, on: connection)
        }
        return items
    }

    /// A `date` column read as text (`yyyy-mm-dd`).
    static func isoDay(_ row: Row, _ column: String) throws -> LocalDate {
        let text: String = try row.decode(column)
        guard let day = LocalDate(iso: text) else { throw OCOPError(.badInput, vi: "ngày không hợp lệ trong \(column): \(text)", en: "not a date in \(column): \(text)") }
        return day
    }

    /// Steps whose reason the producer must see: returns, refusals, revocations, withdrawals.
    static let reasonEvents: [String] = ["return", "reject", "not_", "revoke", "check_incomplete", "withdraw", "rework"]

    /// The scores, certificates (state as of `today`), claims and payments of a producer's item, and the reasons for
    /// every return or refusal of it and its linked records, oldest first.
    func details(of item: ProducerItem, today: LocalDate, on connection: Connection) throws -> ProducerDetails {
        var details = ProducerDetails()
        if item.kind == "product" {
            details.scores = try connection.query(
                """
                SELECT level, round, sheets, average, band_star::int AS band_star, rated_on::text AS rated_on FROM ocop_council_result
                WHERE product_instance_id = \(item.row.id) ORDER BY rated_on, round
                """
            ).map { row in
                ProducerDetails.Score(
                    level: try row.decode("level"), round: try row.decode("round"), sheets: try row.decode("sheets"), average: try row.decode("average"),
                    bandStar: try row.decode("band_star"), ratedOn: try Self.isoDay(row, "rated_on"))
            }
            var labels: [Int64: WorkflowDefinition] = [:]
            func label(_ state: String, definition: Int64) throws -> Bilingual {
                if labels[definition] == nil { labels[definition] = try workflows.engine(definitionID: definition, on: connection).definition }
                return labels[definition]?.state(state)?.label ?? Bilingual(vi: state, en: state)
            }
            details.certificates = try connection.query(
                """
                SELECT c.instance_id, c.star::int AS star, c.level, c.issued_on::text AS issued_on, c.expires_on::text AS expires_on, c.decision_ref, w.definition_id,
                       coalesce(ocop_certificate_state(c.instance_id, c.issued_on, c.expires_on, \(today.iso)::date), w.state) AS state
                FROM ocop_certificate c JOIN workflow_instance w ON w.id = c.instance_id
                WHERE c.product_instance_id = \(item.row.id) ORDER BY c.issued_on, c.instance_id
                """
            ).map { row in
                let state: String = try row.decode("state")
                return ProducerDetails.Certificate(
                    id: try row.decode("instance_id"), star: try row.decode("star"), level: try row.decode("level"),
                    issuedOn: try Self.isoDay(row, "issued_on"), expiresOn: try Self.isoDay(row, "expires_on"), decisionRef: try row.decode("decision_ref"),
                    state: state, stateLabel: try label(state, definition: try row.decode("definition_id")))
            }
            details.claims = try connection.query(
                """
                SELECT c.instance_id, c.policy_id, c.star::int AS star, c.amount::bigint AS amount, w.state, w.definition_id,
                       (w.data->>'amount_paid')::bigint AS paid, w.data->>'paid_on' AS paid_on
                FROM ocop_claim c JOIN workflow_instance w ON w.id = c.instance_id
                WHERE c.product_instance_id = \(item.row.id) ORDER BY c.instance_id
                """
            ).map { row in
                let state: String = try row.decode("state")
                return ProducerDetails.Claim(
                    id: try row.decode("instance_id"), policy: try row.decode("policy_id"), star: try row.decode("star"),
                    amount: VND(try row.decode("amount")), paid: try row.decode("paid", as: Int64?.self).map { VND($0) },
                    paidOn: try row.decode("paid_on", as: String?.self).flatMap { LocalDate(iso: $0) }, state: state,
                    stateLabel: try label(state, definition: try row.decode("definition_id")))
            }
        }
        // The item, its idea (for a product), certificates and claims: every return or refusal with its reason.
        var ids = item.relatedIDs
        if item.kind == "product" {
            ids += try connection.query("SELECT idea_instance_id FROM ocop_product WHERE instance_id = \(item.row.id) AND idea_instance_id IS NOT NULL")
                .map { try $0.decode("idea_instance_id", as: Int64.self) }
        }
        for id in ids {
            let definition = try workflows.engine(definitionID: try workflows.instance(id, on: connection).definitionID, on: connection).definition
            for entry in try workflows.history(id, on: connection) where Self.reasonEvents.contains(where: { entry.event.hasPrefix($0) }) {
                details.reasons.append(
                    ProducerDetails.Reason(
                        recordID: id, at: entry.at, event: entry.event,
                        eventLabel: definition.events(named: entry.event).first?.label ?? Bilingual(vi: entry.event, en: entry.event),
                        reason: entry.note ?? "", legalRef: entry.legalRef))
            }
        }
        details.reasons.sort { $0.at < $1.at }
        return details
    }

    /// The pending timers of some instances, soonest first, labelled with their events' names.
    private func timers(_ ids: [Int64], limit: Int = 5, on connection: Connection) throws -> [(label: Bilingual, at: Date)] {
        try connection.query(
            """
            SELECT t.event, t.fire_at, i.definition_id FROM workflow_timer t JOIN workflow_instance i ON i.id = t.instance_id
            WHERE t.status = 'pending' AND t.instance_id = ANY(\(ids.map { String($0) })::bigint[]) ORDER BY t.fire_at, t.id LIMIT \(limit)
            """
        ).map { row in
            let event: String = try row.decode("event")
            let definition = try workflows.engine(definitionID: try row.decode("definition_id"), on: connection).definition
            return (definition.events(named: event).first?.label ?? Bilingual(vi: event, en: event), try row.decode("fire_at"))
        }
    }

    /// Runs a list query (filtered in SQL to the rows the user may see) and labels its states.
    private func rows(_ query: Query, fields: [String], for userID: String, on connection: Connection) throws -> [OCOPListRow] {
        var labels: [Int64: WorkflowDefinition] = [:]
        var result: [OCOPListRow] = []
        for row in try connection.query(query) {
            let subjectID: String = try row.decode("subject_id")
            let definitionID: Int64 = try row.decode("definition_id")
            if labels[definitionID] == nil { labels[definitionID] = try workflows.engine(definitionID: definitionID, on: connection).definition }
            let state: String = try row.decode("state")
            var values: [String: String] = [:]
            for field in fields { values[field] = try row.decode(field, as: String?.self) }
            result.append(
                OCOPListRow(
                    id: try row.decode("id"), name: try row.decode("name"), subjectID: subjectID, subjectName: try row.decode("subject_name"),
                    state: state, stateLabel: labels[definitionID]?.state(state)?.label ?? Bilingual(vi: state, en: state), fields: values))
        }
        return result
    }
}

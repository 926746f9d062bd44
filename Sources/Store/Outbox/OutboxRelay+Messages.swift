import Foundation
import LibPQ
import Workflow

extension OutboxRelay {
    /// Turns an event row into message rows, one per person and channel, in the caller's transaction.
    ///
    /// - `notify` (a workflow's `notify: [ROLES]` effect) and `reminder` (a deadline ahead): the people are the active
    ///   users holding one of the roles through a grant that covers the record (`grant_covers`, the one scope rule, so
    ///   a producer (CT) hears only of their own subjects' records, an officer of their unit's), each reached on every
    ///   channel they gave an address for and did not opt out of, in their own language.
    /// - `transition`: no one subscribes to plain state changes (they are announced by NOTIFY for live views); the row
    ///   is simply marked delivered.
    ///
    /// A message is unique per (event row, person, channel), so an event expanded twice sends nothing twice.
    func expand(_ row: Row, id: Int64, kind: String, now: Date = Date(), on connection: Connection) throws {
        guard kind == "notify" || kind == "reminder" else { return }
        let payload = try row.decode("payload", as: JSONB<[String: JSONValue]>.self).value
        let instanceID = try row.decode("instance_id", as: Int64.self)
        let seq = try row.decode("seq", as: Int.self)
        var roles: [String] = []
        if case .array(let items) = payload["roles"] { roles = items.compactMap(\.stringValue) }
        let messageName = payload["message"]?.stringValue ?? "default"
        guard
            let instance = try connection.query(
                """
                SELECT i.definition_id, i.workflow, i.state, i.data, i.subject_id, t.at, t.event, t.to_state
                FROM workflow_instance i LEFT JOIN workflow_transition t ON t.instance_id = i.id AND t.seq = \(seq)
                WHERE i.id = \(instanceID)
                """
            ).first
        else { return }
        let definition = try store.catalog.engine(for: try instance.decode("definition_id", as: Int64.self), on: connection).definition
        let data = try instance.decode("data", as: JSONB<[String: JSONValue]>.self).value
        let state = try instance.decode("to_state", as: String?.self) ?? (try instance.decode("state", as: String.self))
        let event = try instance.decode("event", as: String?.self)
        let at = try instance.decode("at", as: Date?.self) ?? (try row.decode("created_at", as: Date.self))
        let people = try connection.query(
            """
            SELECT DISTINCT u.id, u.name, u.language, c.email, c.webhook_url, c.opt_out, c.digest
            FROM workflow_instance i
            JOIN user_role r ON r.role = ANY(\(roles)) AND grant_covers(r.role, r.unit_code, r.subject_id, i.subject_id, i.unit_code)
            JOIN app_user u ON u.id = r.user_id AND u.active
            JOIN user_contact c ON c.user_id = u.id
            WHERE i.id = \(instanceID)
            ORDER BY u.id
            """)
        guard !people.isEmpty else { return }
        let template = templates.template(for: messageName)
        for person in people {
            let language = try person.decode("language", as: String.self)
            let vi = language != "en"
            var values: [String: String] = [
                "record": "\(instanceID)",
                "product": data["product_name"]?.stringValue ?? (vi ? "hồ sơ số \(instanceID)" : "record \(instanceID)"),
                "subject": try data["subject_name"]?.stringValue ?? instance.decode("subject_id", as: String?.self) ?? "—",
                "workflow": definition.title.map { vi ? $0.vi : $0.en } ?? definition.name,
                "state": definition.state(state).map { vi ? $0.label.vi : $0.label.en } ?? state,
                "event": event.flatMap { name in definition.events.first { $0.name == name }?.label }.map { vi ? $0.vi : $0.en } ?? event ?? "—",
                "date": VietnamTime.date(of: at).displayString,
                "deadline": payload["deadline"]?.stringValue.flatMap(LocalDate.init(iso:))?.displayString ?? "—",
                "user": try person.decode("name", as: String.self),
            ]
            for (key, value) in data {
                let text: String
                switch value {
                case .string(let string): text = LocalDate(iso: string)?.displayString ?? string
                case .null: text = "—"
                default: text = value.displayText
                }
                values["data.\(key)"] = text
            }
            let subject = NotificationCatalog.fill(vi ? template.subject.vi : template.subject.en, values: values)
            let body = NotificationCatalog.fill(vi ? template.body.vi : template.body.en, values: values)
            let optOut = try person.decode("opt_out", as: [String].self)
            let addresses: [(String, String?)] = [("email", try person.decode("email", as: String?.self)), ("webhook", try person.decode("webhook_url", as: String?.self))]
            for (channel, address) in addresses where address != nil && !optOut.contains(channel) {
                let message: [String: JSONValue] = [
                    "template": .string(template.name == "default" ? messageName : template.name), "subject": .string(subject),
                    "body": .string(body), "language": .string(language), "message": .string(messageName),
                ]
                if channel == "email", try person.decode("digest", as: Bool.self) {
                    // Kept for the person's daily digest, sent at the next digest hour with the day's others.
                    try connection.execute(
                        """
                        INSERT INTO workflow_outbox (instance_id, seq, kind, payload, recipient, channel, source_id, next_attempt_at)
                        VALUES (\(instanceID), \(seq), 'digest_item', \(JSONB(message)), \(try person.decode("id", as: String.self)), \(channel), \(id),
                            \(configuration.nextDigest(after: now)))
                        ON CONFLICT (source_id, recipient, channel) WHERE kind = 'digest_item' DO NOTHING
                        """)
                    continue
                }
                try connection.execute(
                    """
                    INSERT INTO workflow_outbox (instance_id, seq, kind, payload, recipient, channel, source_id)
                    VALUES (\(instanceID), \(seq), 'message', \(JSONB(message)), \(try person.decode("id", as: String.self)), \(channel), \(id))
                    ON CONFLICT (source_id, recipient, channel) WHERE kind = 'message' DO NOTHING
                    """)
            }
        }
    }

    /// A person's digest: every due item of theirs on `channel` becomes one message (subject "tóm tắt ngày …", each
    /// notification's subject and text in turn), delivered like any other message; the items are marked delivered in
    /// the same transaction, so none is sent twice nor lost.
    func composeDigest(recipient: String, channel: String, now: @Sendable () -> Date, on connection: Connection) throws -> Int {
        let items = try connection.query(
            """
            SELECT id, instance_id, seq, payload FROM workflow_outbox
            WHERE kind = 'digest_item' AND recipient = \(recipient) AND channel = \(channel) AND delivered_at IS NULL AND parked_at IS NULL
              AND next_attempt_at <= \(now())
            ORDER BY id
            FOR UPDATE SKIP LOCKED
            """)
        guard let first = items.first else { return 0 }
        var parts: [(subject: String, body: String)] = []
        var language = "vi"
        for item in items {
            let payload = try item.decode("payload", as: JSONB<[String: JSONValue]>.self).value
            language = payload["language"]?.stringValue ?? language
            parts.append((payload["subject"]?.stringValue ?? "", payload["body"]?.stringValue ?? ""))
        }
        let vi = language != "en"
        let day = VietnamTime.date(of: now()).displayString
        let subject = vi ? "[OCOP] Tóm tắt ngày \(day): \(parts.count) thông báo" : "[OCOP] Digest of \(day): \(parts.count) notification(s)"
        let body = parts.enumerated().map { index, part in "\(index + 1). \(part.subject)\n\n\(part.body)" }.joined(separator: "\n———\n\n")
        let message: [String: JSONValue] = [
            "template": "digest", "subject": .string(subject), "body": .string(body), "language": .string(language), "message": "digest",
            "items": .int(Int64(parts.count)),
        ]
        let sourceID: Int64 = try first.decode("id")
        try connection.execute(
            """
            INSERT INTO workflow_outbox (instance_id, seq, kind, payload, recipient, channel, source_id)
            VALUES (\(try first.decode("instance_id", as: Int64.self)), \(try first.decode("seq", as: Int.self)), 'message', \(JSONB(message)),
                \(recipient), \(channel), \(sourceID))
            ON CONFLICT (source_id, recipient, channel) WHERE kind = 'message' DO NOTHING
            """)
        let ids = try items.map { String(try $0.decode("id", as: Int64.self)) }
        try connection.execute(
            "UPDATE workflow_outbox SET delivered_at = \(now()), processed_at = \(now()) WHERE id = ANY(\(ids)::bigint[])")
        return items.count
    }
}

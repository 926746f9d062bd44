import Foundation
import LibPQ
import Workflow

extension WorkflowStore {
    /// Creates an instance at version 1 with its creation row (seq 1) and its initial timers.
    public func start(
        workflow: String, actor: WorkflowActor, data: [String: JSONValue] = [:], subjectID: String? = nil, unitCode: String? = nil,
        comment: String? = nil, now: Date, on connection: Connection
    ) throws -> InstanceRecord {
        try Self.refuseControlCharacters(["data": .object(data), "comment": comment.map(JSONValue.string) ?? .null])
        let definitionID = try catalog.currentID(of: workflow, on: connection)
        let engine = try catalog.engine(for: definitionID, on: connection)
        let creation: Creation
        do {
            creation = try engine.start(data: data, now: now)
        } catch {
            throw WorkflowStoreError(.rejected, rejection: error, message: error.message)
        }
        let snapshot = creation.snapshot
        let id = try connection.query(
            """
            INSERT INTO workflow_instance (definition_id, workflow, state, data, version, subject_id, unit_code, created_at, updated_at)
            VALUES (\(definitionID), \(workflow), \(snapshot.state), \(JSONB(snapshot.data)), \(snapshot.version), \(subjectID), \(unitCode), \(now), \(now))
            RETURNING id
            """
        ).single().decode("id", as: Int64.self)
        // The creation is recorded in the first of the workflow's roles the actor holds (the definition lists them in
        // the order of the process), not an arbitrary one of a many-role official's grants.
        let role = engine.definition.roles.first(where: actor.roles.contains) ?? actor.roles.sorted().first ?? WorkflowActor.systemRole
        try appendHistory(
            instanceID: id, seq: snapshot.version, event: "create", from: nil, to: snapshot.state, actor: actor, role: role,
            input: data, comment: comment, legalRef: nil, batchID: nil, idempotencyKey: nil, at: now, on: connection)
        try apply(creation.effects, instanceID: id, seq: snapshot.version, now: now, on: connection)
        try announce(instanceID: id, seq: snapshot.version, workflow: workflow, event: "create", to: snapshot.state, on: connection)
        return InstanceRecord(
            id: id, workflow: workflow, definitionID: definitionID, definitionHash: engine.definition.contentHash, snapshot: snapshot,
            subjectID: subjectID, unitCode: unitCode, createdAt: now, updatedAt: now)
    }

    /// Fires an event inside the caller's transaction: locks the instance row, checks the expected version and
    /// the idempotency key, runs the pure engine, and writes state, history, timers and outbox.
    ///
    /// Throws ``WorkflowStoreError`` (not found, rejected with every reason, conflict); the caller's transaction
    /// should then roll back, and nothing will have changed.
    ///
    /// The writes after the row lock (instance, history, outbox, NOTIFY) go to the server together, in one round trip
    /// (``Connection/executeDeferred(_:)``). With `flush: false` they are left queued for the caller's next statement —
    /// at best its COMMIT, so they and the COMMIT share a round trip; a database error of theirs (rare: the chain trigger's
    /// missing step) is then thrown by that statement instead of by `fire`. Only a caller that commits right after should
    /// pass false.
    public func fire(_ request: FireRequest, on connection: Connection, flush: Bool = true) throws -> FireResult {
        let result = try fire(request, depth: 0, on: connection)
        if flush { try connection.flushDeferred() }
        return result
    }

    /// `fire`, `depth` reactions deep (a reaction's step may cause reactions of its own, up to ``maximumReactionDepth``).
    func fire(_ request: FireRequest, depth: Int, on connection: Connection) throws -> FireResult {
        try Self.refuseControlCharacters([
            "input": .object(request.input), "comment": request.comment.map(JSONValue.string) ?? .null,
            "legalRef": request.legalRef.map(JSONValue.string) ?? .null, "idempotencyKey": request.idempotencyKey.map(JSONValue.string) ?? .null,
            "onBehalfOf": request.actor.onBehalfOf.map(JSONValue.string) ?? .null,
        ])
        // The row lock first: requests on one instance queue here, so a retried request sees the first one's row.
        guard
            let row = try connection.query(
                """
                SELECT i.definition_id, i.workflow, i.state, i.data, i.version,
                    (SELECT max(t.at) FROM workflow_transition t WHERE t.instance_id = i.id) AS last_at
                FROM workflow_instance i WHERE i.id = \(request.instanceID) FOR UPDATE OF i
                """
            ).first
        else { throw WorkflowStoreError.notFound(request.instanceID) }

        let workflow = try row.decode("workflow", as: String.self)
        if let key = request.idempotencyKey, let earlier = try earlierResult(key: key, request: request, workflow: workflow, on: connection) {
            return earlier
        }
        let state = try row.decode("state", as: String.self)
        let version = try row.decode("version", as: Int.self)
        if let expected = request.expectedVersion, expected != version {
            throw WorkflowStoreError.conflict(request.instanceID, state: state, version: version, expected: expected)
        }
        let engine = try catalog.engine(for: try row.decode("definition_id", as: Int64.self), on: connection)
        let snapshot = Snapshot(state: state, data: try row.decode("data", as: JSONObjectColumn.self).object, version: version)
        let declared = engine.definition.events.first(where: { $0.name == request.event && $0.from.contains(state) })
        if let owner = declared?.service, owner != request.service {
            throw WorkflowStoreError.serviceOnly(request.instanceID, event: request.event, service: owner)
        }
        // The event's own `late_entry` (a field step) before the workflow's.
        let lateEntry = declared?.lateEntry ?? engine.definition.lateEntry
        let now = try Self.businessTime(of: request, last: try row.decode("last_at", as: Date?.self), lateEntry: lateEntry)
        let outcome: Outcome
        do {
            outcome = try engine.transition(snapshot, event: request.event, actor: request.actor, input: request.input, now: now)
        } catch {
            throw WorkflowStoreError.rejected(request.instanceID, error)
        }
        let next = outcome.snapshot
        try connection.executeDeferred(
            """
            UPDATE workflow_instance SET state = \(next.state), data = \(JSONObjectColumn(next.data)), version = \(next.version),
                updated_at = greatest(updated_at, \(now))
            WHERE id = \(request.instanceID)
            """)
        do {
            try appendHistory(
                instanceID: request.instanceID, seq: next.version, event: request.event, from: outcome.from, to: outcome.to,
                actor: request.actor, role: outcome.actingRole, input: outcome.input, comment: request.comment, legalRef: request.legalRef,
                batchID: request.batchID, idempotencyKey: request.idempotencyKey, at: now, cause: request.cause,
                deferring: request.idempotencyKey == nil, on: connection)
        } catch let error as DatabaseError where error.sqlState == .uniqueViolation && error.constraint == "workflow_transition_actor_idempotency_key" {
            // The same key, at the same moment, on another instance.
            throw WorkflowStoreError(
                .idempotencyKeyReused, instanceID: request.instanceID,
                message: Bilingual(
                    vi: "khóa chống lặp \"\(request.idempotencyKey ?? "")\" đã được bạn dùng cho một yêu cầu khác",
                    en: "you already used idempotency key \"\(request.idempotencyKey ?? "")\" for another request"))
        }
        if let key = request.idempotencyKey {
            try connection.execute(
                """
                INSERT INTO workflow_request (actor, idempotency_key, fingerprint, instance_id, seq)
                VALUES (\(request.actor.id), \(key), \(Self.fingerprint(request)), \(request.instanceID), \(next.version))
                """)
        }
        try apply(outcome.effects, instanceID: request.instanceID, seq: next.version, now: now, deferring: true, on: connection)
        try announce(
            instanceID: request.instanceID, seq: next.version, workflow: workflow, event: request.event, to: outcome.to, deferring: true, on: connection)
        if outcome.from != outcome.to {
            try react(
                to: Cause(instanceID: request.instanceID, seq: next.version), workflow: workflow, entered: outcome.to, data: next.data, now: now,
                depth: depth, on: connection)
        }
        return FireResult(
            instanceID: request.instanceID, workflow: workflow, event: request.event, fromState: outcome.from, toState: outcome.to, version: next.version,
            replayed: false, effects: outcome.effects)
    }

    /// Refuses NUL and other control characters anywhere in a request's text (keys included), naming the field.
    static func refuseControlCharacters(_ fields: [String: JSONValue]) throws {
        func check(_ value: JSONValue, _ path: String) throws {
            switch value {
            case .string(let text):
                if let problem = ControlCharacters.problem(in: text, field: path) { throw WorkflowStoreError(.badInput, message: problem) }
            case .array(let items):
                for (index, item) in items.enumerated() { try check(item, "\(path)[\(index)]") }
            case .object(let object):
                for key in object.keys.sorted() {
                    if let problem = ControlCharacters.problem(in: key, field: "\(path).\(ControlCharacters.visible(key))") {
                        throw WorkflowStoreError(.badInput, message: problem)
                    }
                    try check(object[key]!, "\(path).\(key)")
                }
            default:
                break
            }
        }
        for key in fields.keys.sorted() { try check(fields[key]!, key) }
    }

    /// The business time a step is recorded at: each record's time only moves forward.
    ///
    /// - A person's step dated on an earlier day than the record's last step is refused with both times, unless the
    ///   workflow says `late_entry: allow` (then it keeps its real date; `recorded_at` shows when it was entered).
    /// - A step dated earlier on the same day as the last one (a date typed without a time, 00:00) is placed right
    ///   after it: the day is what the officer meant, and the history keeps its order.
    /// - A timer's step that fell due before the record's last step is recorded at that step's time: it is still due,
    ///   and the record cannot have moved before it.
    static func businessTime(of request: FireRequest, last: Date?, lateEntry: LateEntryPolicy) throws -> Date {
        guard let last, request.now < last else { return request.now }
        if request.actor.id == WorkflowActor.system.id || VietnamTime.date(of: request.now) == VietnamTime.date(of: last) {
            return last
        }
        guard lateEntry == .allow else { throw WorkflowStoreError.backdated(request.instanceID, at: request.now, last: last) }
        return request.now
    }

    /// The result of the caller's earlier request with the same idempotency key, or nil if the key is new to them.
    /// Keys belong to the actor who sent them; the same key with a different request is refused (nothing of the
    /// earlier request is revealed beyond that it differs).
    private func earlierResult(key: String, request: FireRequest, workflow: String, on connection: Connection) throws -> FireResult? {
        guard
            let row = try connection.query(
                """
                SELECT r.fingerprint, t.instance_id, t.seq, t.event, t.from_state, t.to_state
                FROM workflow_request r JOIN workflow_transition t ON t.instance_id = r.instance_id AND t.seq = r.seq
                WHERE r.actor = \(request.actor.id) AND r.idempotency_key = \(key)
                """
            ).first
        else { return nil }
        guard try row.decode("fingerprint", as: String.self) == Self.fingerprint(request) else {
            throw WorkflowStoreError(
                .idempotencyKeyReused, instanceID: request.instanceID,
                message: Bilingual(
                    vi: "khóa chống lặp \"\(key)\" đã được bạn dùng cho một yêu cầu khác; hãy dùng khóa mới cho yêu cầu mới",
                    en: "you already used idempotency key \"\(key)\" for a different request; use a new key for a new request"))
        }
        return FireResult(
            instanceID: try row.decode("instance_id"), workflow: workflow, event: try row.decode("event"),
            fromState: try row.decode("from_state", as: String?.self) ?? "", toState: try row.decode("to_state", as: String.self),
            version: try row.decode("seq", as: Int.self), replayed: true, effects: [])
    }

    /// What a keyed request asked for: the instance, event, acting-for subject, input, comment and legal reference.
    static func fingerprint(_ request: FireRequest) -> String {
        let input = request.input.keys.sorted().map { "\($0)=\(request.input[$0].map { "\($0)" } ?? "")" }.joined(separator: "\u{1f}")
        let parts = [
            "\(request.instanceID)", request.event, request.actor.onBehalfOf ?? "", input, request.comment ?? "", request.legalRef ?? "",
        ]
        return ContentHash.hex(Array(parts.joined(separator: "\u{1e}").utf8))
    }

    // MARK: - Writing

    func appendHistory(
        instanceID: Int64, seq: Int, event: String, from: String?, to: String, actor: WorkflowActor, role: String,
        input: [String: JSONValue], comment: String?, legalRef: String?, batchID: UUID?, idempotencyKey: String?, at: Date,
        cause: Cause? = nil, deferring: Bool = false, on connection: Connection
    ) throws {
        // prev_hash and hash are filled in by the database's chain trigger. Deferred (sent with the next statement) only
        // where no caller waits for its unique-key error (the idempotency key's).
        try write(deferring: deferring, on: connection,
            """
            INSERT INTO workflow_transition (instance_id, seq, event, from_state, to_state, actor, acting_role, on_behalf_of, input,
                comment, legal_ref, batch_id, idempotency_key, at, prev_hash, hash, caused_by_instance, caused_by_seq)
            VALUES (\(instanceID), \(seq), \(event), \(from), \(to), \(actor.id), \(role), \(actor.onBehalfOf), \(JSONObjectColumn(input)),
                \(comment), \(legalRef), \(batchID), \(idempotencyKey), \(at), '', '', \(cause?.instanceID), \(cause?.seq))
            """)
    }

    /// Persists timer effects, and notifications as outbox rows (kind `notify`) that the relay delivers after commit.
    func apply(_ effects: [Effect], instanceID: Int64, seq: Int, now: Date, deferring: Bool = false, on connection: Connection) throws {
        var scheduled = false
        for effect in effects {
            switch effect {
            case .scheduleTimer(let name, let event, let fireAt):
                try cancelTimer(name, instanceID: instanceID, now: now, deferring: deferring, on: connection)
                try write(deferring: deferring, on: connection,
                    """
                    INSERT INTO workflow_timer (instance_id, name, event, fire_at, scheduled_seq)
                    VALUES (\(instanceID), \(name), \(event), \(fireAt), \(seq))
                    """)
                scheduled = true
            case .cancelTimer(let name):
                try cancelTimer(name, instanceID: instanceID, now: now, deferring: deferring, on: connection)
            case .notify(let roles, let message):
                // Delivered after commit by the outbox relay (`OutboxRelay`), which finds the people and their channels.
                try write(deferring: deferring, on: connection,
                    """
                    INSERT INTO workflow_outbox (instance_id, seq, kind, payload)
                    VALUES (\(instanceID), \(seq), 'notify', jsonb_build_object('roles', to_jsonb(\(roles)::text[]), 'message', \(message)::text))
                    """)
            }
        }
        if scheduled { try connection.notify(Self.timerChannel, payload: "\(instanceID)") }
    }

    private func cancelTimer(_ name: String, instanceID: Int64, now: Date, deferring: Bool, on connection: Connection) throws {
        try write(deferring: deferring, on: connection,
            """
            UPDATE workflow_timer SET status = 'cancelled', closed_at = \(now)
            WHERE instance_id = \(instanceID) AND name = \(name) AND status = 'pending'
            """)
    }

    /// The outbox row and the NOTIFY (delivered by PostgreSQL only if the transaction commits).
    func announce(
        instanceID: Int64, seq: Int, workflow: String, event: String, to: String, deferring: Bool = false, on connection: Connection
    ) throws {
        try write(deferring: deferring, on: connection,
            """
            WITH row AS (
                INSERT INTO workflow_outbox (instance_id, seq, kind, payload)
                VALUES (\(instanceID), \(seq), 'transition', jsonb_build_object('workflow', \(workflow)::text, 'event', \(event)::text, 'to', \(to)::text))
            )
            SELECT pg_notify(\(Self.transitionChannel), \("\(instanceID):\(seq)"))
            """)
    }

    /// Runs a write now, or queues it for the next statement's round trip.
    private func write(deferring: Bool, on connection: Connection, _ query: Query) throws {
        if deferring { try connection.executeDeferred(query) } else { try connection.execute(query) }
    }
}

import Foundation
import Workflow

/// An instance as stored: its definition version, state, data and version counter.
public struct InstanceRecord: Sendable, Hashable {
    /// The instance id (`ocop status 42`).
    public var id: Int64
    /// The workflow's name.
    public var workflow: String
    /// The definition version it runs on.
    public var definitionID: Int64
    /// The definition's content hash.
    public var definitionHash: String
    /// State, data and version.
    public var snapshot: Snapshot
    /// The producer it belongs to, if any.
    public var subjectID: String?
    /// The administrative unit it belongs to, if any.
    public var unitCode: String?
    /// When it was created (business time).
    public var createdAt: Date
    /// When it last changed (business time).
    public var updatedAt: Date
}

/// One row of an instance's history.
public struct HistoryEntry: Sendable, Hashable {
    public var instanceID: Int64
    /// 1 for the creation, then one more per accepted event; equals the instance's version after it.
    public var seq: Int
    public var event: String
    public var fromState: String?
    public var toState: String
    public var actor: String
    public var actingRole: String
    public var onBehalfOf: String?
    public var input: [String: JSONValue]
    public var comment: String?
    public var legalRef: String?
    public var batchID: UUID?
    public var idempotencyKey: String?
    /// Business time of the event.
    public var at: Date
    /// When the row was written.
    public var recordedAt: Date
    public var hash: String
    /// The history row of another record whose change fired this one (a reaction), if any.
    public var causedBy: Cause? = nil

    /// The note people read beside the step: the reason it was taken (a return's, a refusal's, a revocation's — the
    /// step's `reason` input) and the comment, when given.
    public var note: String? {
        let reason = input["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let parts = [reason, comment.flatMap { $0.isEmpty || $0 == reason ? nil : $0 }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " — ")
    }
}

/// The history row (record and sequence number) whose change caused a reaction.
public struct Cause: Sendable, Hashable, Codable {
    public var instanceID: Int64
    public var seq: Int
    public init(instanceID: Int64, seq: Int) {
        self.instanceID = instanceID
        self.seq = seq
    }
}

/// What a caller asks of ``WorkflowStore/fire(_:)``.
public struct FireRequest: Sendable {
    public var instanceID: Int64
    public var event: String
    public var actor: WorkflowActor
    public var input: [String: JSONValue]
    public var comment: String?
    /// A decision number and date, for events that are decisions.
    public var legalRef: String?
    /// The version the caller saw; a different current version is a conflict.
    public var expectedVersion: Int?
    /// A retried request with the same key returns the first result without firing again.
    public var idempotencyKey: String?
    /// Groups the rows of one bulk operation.
    public var batchID: UUID?
    /// Business time of the event.
    public var now: Date
    /// The service taking the step, for events only a service may take (`service:` in the workflow file).
    public var service: String?
    /// The change of another record this step reacts to (set by the store for reactions).
    public var cause: Cause?

    /// Creates a request.
    public init(
        instanceID: Int64, event: String, actor: WorkflowActor, input: [String: JSONValue] = [:], comment: String? = nil,
        legalRef: String? = nil, expectedVersion: Int? = nil, idempotencyKey: String? = nil, batchID: UUID? = nil, now: Date,
        service: String? = nil
    ) {
        self.service = service
        self.instanceID = instanceID
        self.event = event
        self.actor = actor
        self.input = input
        self.comment = comment
        self.legalRef = legalRef
        self.expectedVersion = expectedVersion
        self.idempotencyKey = idempotencyKey
        self.batchID = batchID
        self.now = now
    }
}

/// What a fire did.
public struct FireResult: Sendable, Hashable {
    public var instanceID: Int64
    /// The workflow's name.
    public var workflow: String
    public var event: String
    public var fromState: String
    public var toState: String
    /// The instance's version after the event (also the history row's seq).
    public var version: Int
    /// True when an idempotency key matched an earlier request and nothing was fired now.
    public var replayed: Bool
    /// The effects the transition produced (timers are already persisted; notifications are for the caller).
    public var effects: [Effect]
}

import Foundation
import Store
import Workflow

/// JSON shapes of the API (stable keys, camelCase; dates ISO 8601).
enum API {
    struct Label: Codable, Sendable {
        var vi: String
        var en: String
        init(_ bilingual: Bilingual) {
            vi = bilingual.vi
            en = bilingual.en
        }
    }

    struct State: Codable, Sendable {
        var code: String
        var label: Label?
        var final: Bool
    }

    struct Reason: Codable, Sendable {
        var code: String
        var subject: String?
        var message: String
    }

    struct Event: Codable, Sendable {
        var event: String
        var label: Label?
        var to: String?
        var available: Bool
        var reasons: [Reason]
    }

    struct Instance: Codable, Sendable {
        var id: Int64
        var workflow: String
        var definition: String
        var state: State
        var version: Int
        var data: [String: JSONValue]
        var subject: String?
        var unit: String?
        var createdAt: Date
        var updatedAt: Date
        var events: [Event]?
        /// The state by date when timers have fallen due but are not recorded yet (the worker will record it).
        var due: Due? = nil
    }

    struct Due: Codable, Sendable {
        var state: State
        var since: Date
    }

    struct Page<Item: Codable & Sendable>: Codable, Sendable {
        var items: [Item]
        var nextCursor: String?
    }

    struct HistoryRow: Codable, Sendable {
        var seq: Int
        var event: String
        var from: String?
        var to: String
        var actor: String
        var role: String
        var onBehalfOf: String?
        var input: [String: JSONValue]
        var comment: String?
        var legalRef: String?
        var at: Date
        var hash: String
        /// The other record's history row that caused this one (a reaction between workflows).
        var causedBy: CausedBy?
    }

    struct CausedBy: Codable, Sendable {
        var instance: Int64
        var seq: Int
    }

    struct Fired: Codable, Sendable {
        var id: Int64
        var event: String
        var from: String
        var to: String
        var version: Int
    }

    /// The body of `POST …/events/{event}`; unknown members are refused.
    struct FireBody: Sendable {
        var input: [String: JSONValue] = [:]
        var comment: String?
        var legalRef: String?
        var onBehalfOf: String?
    }
}

extension API.Instance {
    init(_ record: InstanceRecord, definition: WorkflowDefinition?, events: [API.Event]?, due: DueState?) {
        self.init(record, definition: definition, events: events)
        self.due = due.map { due in
            let state = definition?.state(due.state)
            return API.Due(
                state: API.State(code: due.state, label: state.map { API.Label($0.label) }, final: state?.isFinal ?? false), since: due.since)
        }
    }

    init(_ record: InstanceRecord, definition: WorkflowDefinition?, events: [API.Event]?) {
        let state = definition?.state(record.snapshot.state)
        self.init(
            id: record.id, workflow: record.workflow, definition: record.definitionHash,
            state: API.State(code: record.snapshot.state, label: state.map { API.Label($0.label) }, final: state?.isFinal ?? false),
            version: record.snapshot.version, data: record.snapshot.data, subject: record.subjectID, unit: record.unitCode,
            createdAt: record.createdAt, updatedAt: record.updatedAt, events: events)
    }
}

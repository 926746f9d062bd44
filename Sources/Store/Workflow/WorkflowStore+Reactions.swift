import Foundation
import LibPQ
import Workflow

/// Reactions between workflows (`reactions:` in a workflow file): when a record enters a state another workflow
/// watches, the linked records of that workflow get their event in the same transaction — so the step and its
/// consequences happen together or not at all, exactly once — fired by SYSTEM, with each history row naming its cause.
extension WorkflowStore {
    /// How deep reactions may cascade (a reaction's step may cause others); deeper means a loop in the files.
    static let maximumReactionDepth = 4

    /// Fires the reactions of every current workflow to `cause`'s record entering `state`.
    func react(
        to cause: Cause, workflow: String, entered state: String, data: [String: JSONValue], now: Date, depth: Int, on connection: Connection
    ) throws {
        let reactions = try catalog.reactions(to: workflow, on: connection).filter { $0.reaction.enters.contains(state) }
        guard !reactions.isEmpty else { return }
        guard depth < Self.maximumReactionDepth else {
            throw WorkflowStoreError(
                .badInput, instanceID: cause.instanceID,
                message: Bilingual(
                    vi: "các phản ứng giữa quy trình lồng nhau quá \(Self.maximumReactionDepth) tầng (vòng lặp trong tệp quy trình?)",
                    en: "reactions between workflows nest more than \(Self.maximumReactionDepth) deep (a loop in the workflow files?)"))
        }
        for (targetWorkflow, reaction) in reactions {
            for target in try targets(of: reaction, workflow: targetWorkflow, source: cause.instanceID, data: data, on: connection) {
                if try otherSourceHolds(reaction, workflow: workflow, source: cause.instanceID, target: target, on: connection) { continue }
                // No comment: the doors say "because record N …" from `causedBy`, in the reader's language.
                var caused = FireRequest(instanceID: target, event: reaction.event, actor: .system, input: reaction.input(entering: state), now: now)
                caused.cause = cause
                do {
                    _ = try fire(caused, depth: depth + 1, on: connection)
                } catch let error as WorkflowStoreError where error.code == .rejected && Self.movedOn(error.rejection) {
                    // The target has already left the states the event leaves from (e.g. a claim already paid): nothing to do.
                    continue
                }
            }
        }
    }

    /// A rejection only because the target is no longer in a state the event leaves from.
    static func movedOn(_ rejection: Rejection?) -> Bool {
        guard let rejection, !rejection.reasons.isEmpty else { return false }
        return rejection.reasons.allSatisfy { $0.code == .wrongState || $0.code == .unknownEvent }
    }

    /// The records a reaction fires on.
    private func targets(
        of reaction: ReactionDefinition, workflow: String, source: Int64, data: [String: JSONValue], on connection: Connection
    ) throws -> [Int64] {
        switch reaction.target {
        case .field(let field):
            let id: Int64?
            switch data[field] {
            case .int(let number)?: id = number
            case let value?: id = value.stringValue.flatMap { Int64($0) }
            case nil: id = nil
            }
            guard let id else { return [] }
            let rows = try connection.query("SELECT id FROM workflow_instance WHERE id = \(id) AND workflow = \(workflow)")
            return try rows.map { try $0.decode("id") }
        case .linkedBy(let field):
            return try connection.query(
                """
                SELECT id FROM workflow_instance WHERE workflow = \(workflow) AND data->>\(field) = \(String(source)) ORDER BY id
                """
            ).map { try $0.decode("id") }
        }
    }

    /// Whether another record of the source workflow, linked to the same target, is in one of `unless_other_in`.
    private func otherSourceHolds(
        _ reaction: ReactionDefinition, workflow: String, source: Int64, target: Int64, on connection: Connection
    ) throws -> Bool {
        guard !reaction.unlessOtherIn.isEmpty, case .field(let field) = reaction.target else { return false }
        return try !connection.query(
            """
            SELECT 1 FROM workflow_instance
            WHERE workflow = \(workflow) AND id <> \(source) AND data->>\(field) = \(String(target)) AND state = ANY(\(reaction.unlessOtherIn))
            LIMIT 1
            """
        ).isEmpty
    }
}

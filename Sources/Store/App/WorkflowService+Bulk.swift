import Foundation
import LibPQ
import Workflow

extension WorkflowService {
    /// Which records a bulk operation takes.
    public enum Selection: Sendable {
        /// These ids (each must be within the caller's scope, else it is reported "not found").
        case ids([Int64])
        /// Every record matching the filter that the caller may see.
        case matching(WorkflowStore.ListFilter)
    }

    /// Fires one event on many records as the caller, each in its own transaction, under one batch id; a dry run
    /// evaluates each with the engine and writes nothing. Each record is judged exactly as a single fire would be.
    public func bulk(
        _ event: String, on selection: Selection, input: [String: JSONValue] = [:], comment: String? = nil, legalRef: String? = nil,
        dryRun: Bool, as caller: Caller, at now: Date
    ) async throws(ServiceError) -> WorkflowStore.BulkReport {
        let ids: [Int64]
        switch selection {
        case .ids(let list): ids = list
        case .matching(let filter): ids = try await allIDs(filter, as: caller)
        }
        let batchID = dryRun ? nil : UUID()
        var items: [WorkflowStore.BulkItem] = []
        for id in ids {
            let request = EventRequest(instanceID: id, event: event, input: input, comment: comment, legalRef: legalRef)
            let outcome: WorkflowStore.BulkItem.Outcome
            do {
                if dryRun {
                    outcome = try await read { connection in
                        let (record, actor) = try self.resolve(id, caller, on: connection)
                        let engine = try self.store.engine(definitionID: record.definitionID, on: connection)
                        do {
                            let result = try engine.transition(record.snapshot, event: event, actor: actor, input: input, now: now)
                            return .fired(to: result.to, version: result.snapshot.version)
                        } catch let rejection as Rejection {
                            return .rejected(ServiceError.rejectionHead(rejection))
                        }
                    }
                } else {
                    let result = try await write { connection in try self.fire(request, as: caller, at: now, batchID: batchID, on: connection) }
                    outcome = .fired(to: result.toState, version: result.version)
                }
            } catch {
                switch error.kind {
                case .unavailable, .unauthenticated: throw error
                case .notFound: outcome = .notFound
                case .rejected, .forbidden: outcome = .rejected(error.message)
                default: outcome = .failed(error.message)
                }
            }
            items.append(WorkflowStore.BulkItem(instanceID: id, outcome: outcome))
        }
        return WorkflowStore.BulkReport(batchID: batchID, dryRun: dryRun, items: items)
    }

    /// Every id matching a filter that the caller may see (all pages).
    private func allIDs(_ filter: WorkflowStore.ListFilter, as caller: Caller) async throws(ServiceError) -> [Int64] {
        var result: [Int64] = []
        var page = filter
        page.limit = 1000
        while true {
            let found = try await list(page, as: caller)
            result += found.items.map(\.record.id)
            guard let next = found.nextCursor else { return result }
            page.afterID = next
        }
    }
}

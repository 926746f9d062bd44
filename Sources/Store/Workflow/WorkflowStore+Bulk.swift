import Foundation
import LibPQ
import Workflow

extension WorkflowStore {
    /// What a bulk fire did (or would do) to one instance.
    public struct BulkItem: Sendable, Hashable {
        /// The outcome for one instance.
        public enum Outcome: Sendable, Hashable {
            /// Fired (or, in a dry run, would fire) to this state.
            case fired(to: String, version: Int)
            /// The engine refused; nothing changed.
            case rejected(Bilingual)
            /// No such instance.
            case notFound
            /// Another failure (conflict, database), in both languages.
            case failed(Bilingual)
        }

        public var instanceID: Int64
        public var outcome: Outcome
    }

    /// The result of one bulk operation.
    public struct BulkReport: Sendable {
        /// Shared by the history rows of every instance fired (nil in a dry run).
        public var batchID: UUID?
        public var dryRun: Bool
        public var items: [BulkItem]

        public var succeeded: Int { items.filter { if case .fired = $0.outcome { return true } else { return false } }.count }
    }

    /// Fires one event on many instances, each in its own transaction, under one batch id.
    ///
    /// A dry run (the default for the CLI) evaluates every instance with the pure engine and writes nothing.
    public func fireMany(
        ids: [Int64], event: String, actor: WorkflowActor, input: [String: JSONValue] = [:], comment: String? = nil, legalRef: String? = nil,
        dryRun: Bool, now: Date
    ) async throws -> BulkReport {
        let batchID = dryRun ? nil : UUID()
        var items: [BulkItem] = []
        for id in ids {
            let outcome: BulkItem.Outcome
            do {
                if dryRun {
                    outcome = try await pool.withConnection { connection in
                        let record = try self.instance(id, on: connection)
                        let engine = try self.catalog.engine(for: record.definitionID, on: connection)
                        do {
                            let result = try engine.transition(record.snapshot, event: event, actor: actor, input: input, now: now)
                            return .fired(to: result.to, version: result.snapshot.version)
                        } catch let rejection as Rejection {
                            return .rejected(rejection.message)
                        }
                    }
                } else {
                    let result = try await fire(
                        FireRequest(instanceID: id, event: event, actor: actor, input: input, comment: comment, legalRef: legalRef, batchID: batchID, now: now))
                    outcome = .fired(to: result.toState, version: result.version)
                }
            } catch let error as WorkflowStoreError {
                switch error.code {
                case .instanceNotFound: outcome = .notFound
                case .rejected: outcome = .rejected(error.message)
                default: outcome = .failed(error.message)
                }
            }
            items.append(BulkItem(instanceID: id, outcome: outcome))
        }
        return BulkReport(batchID: batchID, dryRun: dryRun, items: items)
    }

    /// Every instance id matching a filter (all pages).
    public func ids(matching filter: ListFilter) async throws -> [Int64] {
        var result: [Int64] = []
        var page = filter
        page.limit = 1000
        while true {
            let records = try await list(page)
            result += records.map(\.id)
            guard records.count == page.limit, let last = records.last else { return result }
            page.afterID = last.id
        }
    }
}

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
}

import Foundation
import Workflow
import LibPQ

/// The audit of the history: verifying it (on its own, or against an anchor file) and anchoring its chain heads in a
/// signed, append-only checkpoint file outside the database. The hash chain alone stops nobody who may rewrite rows and
/// recompute hashes; the checkpoints, signed with a key the database never sees, are what such an insider cannot redo.
public struct AuditService: Sendable {
    let store: WorkflowStore

    /// Creates the service over a store (tests, the server's schedule).
    public init(store: WorkflowStore) { self.store = store }

    /// Makes a signing key at `path` (mode 0600, never replacing a file) and its public half at `path.pub`; returns the
    /// public key (base64).
    public static func makeKey(at path: String) throws(ServiceError) -> String {
        try AuditSigningKey.generate(at: path).publicKeyText
    }

    /// Checks the history; with `anchorFile`, checks each checkpoint (against `publicKeyFile` when given) and holds the
    /// history to every head they anchored.
    public func verify(anchorFile: String? = nil, publicKeyFile: String? = nil) async throws(ServiceError) -> WorkflowStore.AuditReport {
        var anchors = AnchorCheck()
        if let anchorFile {
            var pinned: String?
            if let publicKeyFile { pinned = try AuditSigningKey.loadPublicKey(from: publicKeyFile) }
            anchors = AnchorCheck(lines: try AnchorFile(path: anchorFile).lines(), pinnedKey: pinned)
        } else if publicKeyFile != nil {
            throw ServiceError.badInput(vi: "--public-key cần đi cùng --anchors", en: "--public-key needs --anchors")
        }
        let check = anchors
        return try await ServiceError.translating { try await store.verifyAudit(anchors: check) }
    }

    /// What anchoring wrote, and what it noticed.
    public struct AnchorResult: Sendable {
        /// The checkpoint appended.
        public var checkpoint: AuditCheckpoint
        /// Heads the file had anchored that no longer hold: the chain is shorter now, or as long with another hash, or
        /// gone — history truncated or rewritten since the last checkpoint. The checkpoint is written all the same.
        public var regressed: [ChainHead]
    }

    /// Appends a checkpoint of every chain's current head to `anchorFile`, signed with the key in `keyFile`.
    public func anchor(anchorFile: String, keyFile: String, at now: Date) async throws(ServiceError) -> AnchorResult {
        let key = try AuditSigningKey.load(from: keyFile)
        let store = self.store
        let (database, current) = try await ServiceError.translating {
            try await store.pool.read { connection in
                let name = try connection.query("SELECT current_database()::text AS name").single().decode("name", as: String.self)
                return (name, try store.chainHeads(on: connection))
            }
        }
        var written: AuditCheckpoint?
        var regressed: [ChainHead] = []
        try AnchorFile(path: anchorFile).append { lines throws(ServiceError) in
            // The heads as the file last left them: every line's changes, applied in order.
            var state: [Int64: ChainHead] = [:]
            for (number, text) in lines {
                guard let checkpoint = try? AuditCheckpoint.parse(text) else {
                    throw ServiceError.badInput(
                        vi: "\(anchorFile), dòng \(number): không phải một mốc kiểm toán; không ghi thêm mốc nào cho đến khi được kiểm tra",
                        en: "\(anchorFile), line \(number): not an audit checkpoint; no checkpoint is added until someone looks at it")
                }
                for head in checkpoint.heads { state[head.instanceID] = head }
            }
            let byInstance = Dictionary(current.map { ($0.instanceID, $0) }, uniquingKeysWith: { first, _ in first })
            regressed = state.values.filter { anchored in
                guard let now = byInstance[anchored.instanceID] else { return true }
                return now.seq < anchored.seq || (now.seq == anchored.seq && now.hash != anchored.hash)
            }.sorted { $0.instanceID < $1.instanceID }
            let changed = current.filter { state[$0.instanceID] != $0 }
            for head in changed { state[head.instanceID] = head }
            let checkpoint: AuditCheckpoint
            do {
                checkpoint = try AuditCheckpoint.make(
                    number: lines.count + 1, createdAt: now, database: database,
                    previous: lines.last.map { AuditCheckpoint.digest(ofLine: $0.text) } ?? AuditCheckpoint.genesis,
                    allHeads: Array(state.values), changed: changed, key: key)
                written = checkpoint
                return try checkpoint.line()
            } catch {
                throw ServiceError(.internal, code: "anchor-failed", message: Bilingual(vi: "không ký được mốc kiểm toán", en: "cannot sign the checkpoint"),
                    underlying: String(describing: error))
            }
        }
        guard let written else {
            throw ServiceError(.internal, code: "anchor-failed", message: Bilingual(vi: "không ghi được mốc kiểm toán", en: "no checkpoint was written"))
        }
        return AnchorResult(checkpoint: written, regressed: regressed)
    }
}

extension Services {
    /// Verifying the history and anchoring it.
    public var audit: AuditService { AuditService(store: store) }
}

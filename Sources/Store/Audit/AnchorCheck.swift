import Foundation
import Workflow

/// The anchor file, checked: every checkpoint's signature, key, number, link to the line before and Merkle root, and
/// the heads of the checkpoints that passed, for ``WorkflowStore/verifyAudit(anchors:on:)`` to hold the history to.
public struct AnchorCheck: Sendable {
    /// One anchored head: the hash row `seq` of an instance had when checkpoint `checkpoint` was written.
    public struct AnchoredHead: Sendable, Hashable {
        public var seq: Int
        public var hash: String
        public var checkpoint: Int
    }

    /// Per instance, every distinct head the good checkpoints anchored.
    public var heads: [Int64: [AnchoredHead]] = [:]
    /// What is wrong with the file itself.
    public var findings: [WorkflowStore.AuditFinding] = []
    /// Checkpoints read.
    public var checkpoints = 0
    /// The key they were checked against.
    public var publicKey: String?

    /// No anchors: the history is checked on its own.
    public init() {}

    /// Checks the lines of an anchor file, against `pinnedKey` when given (else against the first checkpoint's key).
    public init(lines: [(number: Int, text: String)], pinnedKey: String?) {
        typealias Finding = WorkflowStore.AuditFinding
        publicKey = pinnedKey
        var previousDigest = AuditCheckpoint.genesis
        var state: [Int64: ChainHead] = [:]
        var rootsCheckable = true
        for (lineNumber, text) in lines {
            checkpoints += 1
            defer { previousDigest = AuditCheckpoint.digest(ofLine: text) }
            let bad = { (number: Int?, vi: String, en: String) in
                Finding(
                    kind: .checkpointInvalid, checkpoint: number,
                    message: Bilingual(vi: "tệp mốc, dòng \(lineNumber): \(vi)", en: "anchor file, line \(lineNumber): \(en)"))
            }
            guard let checkpoint = try? AuditCheckpoint.parse(text), checkpoint.format == AuditCheckpoint.currentFormat else {
                findings.append(bad(nil, "không phải một mốc kiểm toán đọc được", "not a readable audit checkpoint"))
                rootsCheckable = false
                continue
            }
            let number = checkpoint.number
            guard checkpoint.signatureIsValid else {
                findings.append(bad(number, "chữ ký của mốc số \(number) không hợp lệ (mốc bị sửa)", "checkpoint \(number)'s signature is invalid (edited)"))
                rootsCheckable = false
                continue
            }
            // Unpinned, the first well-signed checkpoint's key is the one every later checkpoint must use.
            if publicKey == nil { publicKey = checkpoint.publicKey }
            guard checkpoint.publicKey == publicKey else {
                findings.append(
                    bad(
                        number,
                        "mốc số \(number) được ký bằng khóa khác (\(AuditSigningKey.fingerprint(ofPublicKey: checkpoint.publicKey))) với khóa tin cậy "
                            + "(\(AuditSigningKey.fingerprint(ofPublicKey: publicKey ?? "")))",
                        "checkpoint \(number) is signed by another key (\(AuditSigningKey.fingerprint(ofPublicKey: checkpoint.publicKey))) "
                            + "than the trusted one (\(AuditSigningKey.fingerprint(ofPublicKey: publicKey ?? "")))"))
                rootsCheckable = false
                continue
            }
            var sound = true
            // The n-th line holds checkpoint n, chained to the line before it.
            if number != checkpoints || checkpoint.previous != previousDigest {
                findings.append(
                    bad(
                        number, "mốc số \(number) không nối tiếp dòng trước nó (có mốc bị xóa, chèn hoặc đổi thứ tự)",
                        "checkpoint \(number) does not follow the line before it (a checkpoint was removed, inserted or reordered)"))
                // With lines missing, the heads carried forward are unknown: this and later roots cannot be checked.
                rootsCheckable = false
                sound = false
            }
            for head in checkpoint.heads { state[head.instanceID] = head }
            if rootsCheckable && (AuditCheckpoint.merkleRoot(Array(state.values)) != checkpoint.root || state.count != checkpoint.chains) {
                findings.append(
                    bad(
                        number, "gốc Merkle của mốc số \(number) không khớp với các đầu chuỗi nó liệt kê (các mốc sau không kiểm được gốc)",
                        "checkpoint \(number)'s Merkle root does not match the heads it lists (later roots cannot be checked)"))
                rootsCheckable = false
                sound = false
            }
            guard sound else { continue }
            for head in checkpoint.heads {
                let anchored = AnchoredHead(seq: head.seq, hash: head.hash, checkpoint: number)
                if !(heads[head.instanceID]?.contains { $0.seq == head.seq && $0.hash == head.hash } ?? false) {
                    heads[head.instanceID, default: []].append(anchored)
                }
            }
        }
    }
}

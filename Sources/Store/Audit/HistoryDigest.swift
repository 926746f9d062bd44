import Crypto
import Foundation

/// A history row as stored, every column as the text the database's own formula hashes (timestamps as microseconds
/// since 1970). `ocop audit verify` recomputes the hash from this in Swift, so a function replaced in the database
/// cannot vouch for an edited row.
public struct StoredHistoryRow: Sendable, Hashable {
    public var instanceID: Int64
    public var seq: Int
    public var hashVersion: Int
    public var prevHash: String
    public var hash: String
    public var event: String
    public var fromState: String?
    public var toState: String
    public var actor: String
    public var actingRole: String
    public var onBehalfOf: String?
    /// `input::text`: the database's canonical JSON text.
    public var input: String
    public var comment: String?
    public var legalRef: String?
    public var batchID: String?
    public var idempotencyKey: String?
    /// `at`, in microseconds since 1970, as text.
    public var atMicros: String
    /// `recorded_at`, in microseconds since 1970, as text.
    public var recordedAtMicros: String
    public var causedByInstance: String?
    public var causedBySeq: String?

    /// The columns of `workflow_transition` the hash covers (every one but `hash`), for the test that keeps them in step.
    public static let hashedColumns: Set<String> = [
        "hash_version", "prev_hash", "instance_id", "seq", "event", "from_state", "to_state", "actor", "acting_role", "on_behalf_of",
        "input", "comment", "legal_ref", "batch_id", "idempotency_key", "at", "recorded_at", "caused_by_instance", "caused_by_seq",
    ]
}

/// The two formulas of a history row's hash, the same as `workflow_transition_hash_v1` and `_v2` in sql/0016.
public enum HistoryDigest {
    /// The hash the row should have under its own `hash_version` (nil for an unknown version).
    public static func expectedHash(_ row: StoredHistoryRow) -> String? {
        switch row.hashVersion {
        case 1: return version1(row)
        case 2: return version2(row)
        default: return nil
        }
    }

    /// Version 1 (rows stored before migration 0016): fields joined by U+001F, NULLs as empty text (the cause skipped).
    /// Neither `recorded_at` nor the version is covered.
    public static func version1(_ row: StoredHistoryRow) -> String {
        var fields = [
            row.prevHash, String(row.instanceID), String(row.seq), row.event, row.fromState ?? "", row.toState, row.actor, row.actingRole,
            row.onBehalfOf ?? "", row.input, row.comment ?? "", row.legalRef ?? "", row.batchID ?? "", row.idempotencyKey ?? "", row.atMicros,
        ]
        // concat_ws skips NULL arguments.
        if let instance = row.causedByInstance { fields.append(instance) }
        if let seq = row.causedBySeq { fields.append(seq) }
        return sha256Hex(fields.joined(separator: "\u{1F}"))
    }

    /// Version 2: a tag, then every column but the hash, each as `~` (NULL) or its UTF-8 length, `:` and its text.
    public static func version2(_ row: StoredHistoryRow) -> String {
        let fields: [String?] = [
            String(row.hashVersion), row.prevHash, String(row.instanceID), String(row.seq), row.event, row.fromState, row.toState, row.actor,
            row.actingRole, row.onBehalfOf, row.input, row.comment, row.legalRef, row.batchID, row.idempotencyKey, row.atMicros,
            row.recordedAtMicros, row.causedByInstance, row.causedBySeq,
        ]
        var text = "ocop-history-v2"
        for field in fields {
            if let field { text += "\(field.utf8.count):\(field)" } else { text += "~" }
        }
        return sha256Hex(text)
    }

    /// The lowercase hex SHA-256 of a text's UTF-8 bytes.
    static func sha256Hex(_ text: String) -> String { hex(SHA256.hash(data: Data(text.utf8))) }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

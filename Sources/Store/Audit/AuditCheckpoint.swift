import Crypto
import Foundation
import Workflow

/// The head of one instance's history chain: its last row's seq and hash.
public struct ChainHead: Sendable, Hashable, Codable {
    public var instanceID: Int64
    public var seq: Int
    public var hash: String

    public init(instanceID: Int64, seq: Int, hash: String) {
        self.instanceID = instanceID
        self.seq = seq
        self.hash = hash
    }

    // `[instance, seq, "hash"]`: compact, since a checkpoint can list many.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        instanceID = try container.decode(Int64.self)
        seq = try container.decode(Int.self)
        hash = try container.decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(instanceID)
        try container.encode(seq)
        try container.encode(hash)
    }
}

/// One line of the anchor file: the heads of the history chains at a moment, signed with a key the database never sees.
///
/// A checkpoint lists the heads that changed since the checkpoint before it (all of them in the first); `root` is the
/// Merkle root over every chain's head at that moment (earlier heads carried forward), and `previous` the SHA-256 of the
/// line before it, so lines cannot be dropped, reordered or edited without `ocop audit verify --anchors` noticing. The
/// signature covers the format, number, time, database, previous line, chain count and root; the root covers the heads.
public struct AuditCheckpoint: Sendable, Hashable, Codable {
    /// The format tag of every line.
    public static let currentFormat = "ocop-audit-checkpoint/1"
    /// `previous` of the first checkpoint.
    public static let genesis = String(repeating: "0", count: 64)

    public var format: String
    /// 1 for the file's first checkpoint, then one more per line.
    public var number: Int
    /// When it was written (ISO 8601, UTC).
    public var createdAt: String
    /// The database it anchors (its name), for the reader.
    public var database: String
    /// The SHA-256 (hex) of the previous line's bytes, or 64 zeros.
    public var previous: String
    /// How many chains the database had.
    public var chains: Int
    /// The Merkle root (hex) over every chain's head.
    public var root: String
    /// The heads that changed since the previous checkpoint.
    public var heads: [ChainHead]
    /// The Ed25519 public key (base64 of its 32 bytes) that signed it.
    public var publicKey: String
    /// The Ed25519 signature (base64) of ``signedMessage``.
    public var signature: String

    /// The bytes the signature covers.
    public var signedMessage: Data {
        Data([format, String(number), createdAt, database, previous, String(chains), root].joined(separator: "\n").utf8)
    }

    /// Makes and signs a checkpoint.
    static func make(
        number: Int, createdAt: Date, database: String, previous: String, allHeads: [ChainHead], changed: [ChainHead], key: AuditSigningKey
    ) throws -> AuditCheckpoint {
        var checkpoint = AuditCheckpoint(
            format: currentFormat, number: number, createdAt: createdAt.formatted(.iso8601), database: database, previous: previous,
            chains: allHeads.count, root: merkleRoot(allHeads), heads: changed, publicKey: key.publicKeyText, signature: "")
        checkpoint.signature = try key.sign(checkpoint.signedMessage)
        return checkpoint
    }

    /// Whether the signature is valid for `publicKey`.
    public var signatureIsValid: Bool {
        guard let keyBytes = Data(base64Encoded: publicKey), let signatureBytes = Data(base64Encoded: signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { return false }
        return key.isValidSignature(signatureBytes, for: signedMessage)
    }

    /// The checkpoint as one JSON line (no newline).
    public func line() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads one line of the anchor file.
    public static func parse(_ line: String) throws -> AuditCheckpoint {
        try JSONDecoder().decode(AuditCheckpoint.self, from: Data(line.utf8))
    }

    /// The SHA-256 (hex) of a line, as the next checkpoint's `previous`.
    public static func digest(ofLine line: String) -> String { HistoryDigest.sha256Hex(line) }

    /// The Merkle root over heads, ordered by instance: leaves SHA-256(0x00 ‖ "id seq hash"), nodes
    /// SHA-256(0x01 ‖ left ‖ right), an odd node carried up as it is; no chains at all: SHA-256 of nothing.
    public static func merkleRoot(_ heads: [ChainHead]) -> String {
        var level: [Data] = heads.sorted { $0.instanceID < $1.instanceID }.map { head in
            Data(SHA256.hash(data: Data([0]) + Data("\(head.instanceID) \(head.seq) \(head.hash)".utf8)))
        }
        guard !level.isEmpty else { return HistoryDigest.hex(SHA256.hash(data: Data())) }
        while level.count > 1 {
            var next: [Data] = []
            next.reserveCapacity((level.count + 1) / 2)
            var index = 0
            while index < level.count {
                if index + 1 < level.count {
                    next.append(Data(SHA256.hash(data: Data([1]) + level[index] + level[index + 1])))
                } else {
                    next.append(level[index])
                }
                index += 2
            }
            level = next
        }
        return HistoryDigest.hex(level[0])
    }
}

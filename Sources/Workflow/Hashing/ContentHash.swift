import Crypto
import Foundation

/// SHA-256 digests (swift-crypto) as 64 lowercase hex digits: the form stored for definition versions, token hashes,
/// request fingerprints and imported files.
public enum ContentHash {
    /// The digest of some bytes, as hex.
    public static func hex(_ bytes: some DataProtocol) -> String {
        Crypto.SHA256.hash(data: bytes).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

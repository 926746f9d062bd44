import Crypto
import Foundation
import Workflow

/// The Ed25519 key that signs audit checkpoints. It lives in a file the database never sees (mode 0600); its public
/// half goes into every checkpoint and, pinned with `--public-key`, is what `ocop audit verify --anchors` trusts.
public struct AuditSigningKey: Sendable {
    /// The format tag of the private key file.
    public static let privateFormat = "ocop-audit-key/1"
    /// The format tag of the public key file.
    public static let publicFormat = "ocop-audit-public-key/1"

    /// The private key's 32 bytes (swift-crypto's key type is not `Sendable`; it is rebuilt to sign).
    let raw: Data

    /// A new random key.
    public init() { raw = Curve25519.Signing.PrivateKey().rawRepresentation }

    init(key: Curve25519.Signing.PrivateKey) { raw = key.rawRepresentation }

    private var key: Curve25519.Signing.PrivateKey {
        // The bytes came from a valid key (generated, or checked when loaded).
        try! Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// The public key, base64 of its 32 bytes (as checkpoints carry it).
    public var publicKeyText: String { key.publicKey.rawRepresentation.base64EncodedString() }

    /// A short fingerprint of the public key for people to compare: the first 16 hex digits of its SHA-256.
    public static func fingerprint(ofPublicKey text: String) -> String {
        String(HistoryDigest.hex(SHA256.hash(data: Data(base64Encoded: text) ?? Data(text.utf8))).prefix(16))
    }

    func sign(_ message: Data) throws -> String { try key.signature(for: message).base64EncodedString() }

    private struct PrivateFile: Codable {
        var format: String
        var algorithm: String
        var privateKey: String
        var publicKey: String
    }

    private struct PublicFile: Codable {
        var format: String
        var algorithm: String
        var publicKey: String
    }

    /// Writes a new key to `path` (mode 0600, refusing to replace a file) and its public half to `path.pub`.
    public static func generate(at path: String) throws(ServiceError) -> AuditSigningKey {
        let key = AuditSigningKey()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let privateText = try? encoder.encode(
            PrivateFile(
                format: privateFormat, algorithm: "ed25519", privateKey: key.key.rawRepresentation.base64EncodedString(),
                publicKey: key.publicKeyText))
        let publicText = try? encoder.encode(PublicFile(format: publicFormat, algorithm: "ed25519", publicKey: key.publicKeyText))
        try createExclusively(path, contents: (privateText ?? Data()) + Data("\n".utf8), mode: 0o600)
        try createExclusively(path + ".pub", contents: (publicText ?? Data()) + Data("\n".utf8), mode: 0o644)
        return key
    }

    /// Reads a private key file; refuses one that others may read.
    public static func load(from path: String) throws(ServiceError) -> AuditSigningKey {
        // The mode through FileManager (stat's struct is CoreFoundation's on Linux, hidden by member-import visibility).
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw ServiceError.badInput(vi: "không đọc được tệp khóa \(path): \(error.localizedDescription)", en: "cannot read the key file \(path): \(error.localizedDescription)")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else {
            throw ServiceError.badInput(
                vi: "tệp khóa \(path) để người khác đọc được (quyền \(String(mode & 0o777, radix: 8))); cần chmod 600",
                en: "the key file \(path) is readable by others (mode \(String(mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard let data = FileManager.default.contents(atPath: path), let file = try? JSONDecoder().decode(PrivateFile.self, from: data),
            file.format == privateFormat, file.algorithm == "ed25519", let raw = Data(base64Encoded: file.privateKey),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw ServiceError.badInput(
                vi: "\(path) không phải tệp khóa ký nhật ký của ocop (\(privateFormat))",
                en: "\(path) is not an ocop audit signing key file (\(privateFormat))")
        }
        return AuditSigningKey(key: key)
    }

    /// Reads a pinned public key: a `.pub` file written by keygen, or a file holding only the base64 key.
    public static func loadPublicKey(from path: String) throws(ServiceError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceError.badInput(vi: "không đọc được tệp khóa công khai \(path)", en: "cannot read the public key file \(path)")
        }
        let text =
            (try? JSONDecoder().decode(PublicFile.self, from: data))?.publicKey
            ?? String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw ServiceError.badInput(
                vi: "\(path) không chứa khóa công khai Ed25519 (base64 32 byte)", en: "\(path) holds no Ed25519 public key (base64 of 32 bytes)")
        }
        return text
    }

    private static func createExclusively(_ path: String, contents: Data, mode: mode_t) throws(ServiceError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            throw ServiceError.badInput(vi: "không tạo được \(path): \(errnoText())", en: "cannot create \(path): \(errnoText())")
        }
        defer { _ = close(descriptor) }
        // The umask may have narrowed the mode; the key must be exactly 0600 whatever it says.
        _ = fchmod(descriptor, mode)
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(descriptor) == 0 else {
            throw ServiceError.badInput(vi: "không ghi được \(path): \(errnoText())", en: "cannot write \(path): \(errnoText())")
        }
    }
}

/// The current `errno` as text.
func errnoText() -> String { String(cString: strerror(errno)) }

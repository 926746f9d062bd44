import ArgumentParser
import Foundation
import Store
import Workflow

extension AuditCommand {
    /// `ocop audit anchor [--key FILE] [--file FILE]`.
    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ghi đầu mọi chuỗi lịch sử vào tệp mốc, có chữ ký (append a signed checkpoint of every chain head to the anchor file).",
            discussion: """
                Chạy định kỳ (cron) hoặc để `ocop serve --anchor-every 1h` làm. Tệp mốc chỉ được ghi thêm; khóa ký không bao giờ vào cơ sở dữ liệu.
                Run it on a schedule (cron), or let `ocop serve --anchor-every 1h` do it. The file is only appended to; the key never enters the database.
                """)

        @OptionGroup var anchor: AnchorOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, domain: false) { context in
                let result = try await context.services.audit.anchor(anchorFile: anchor.filePath, keyFile: anchor.keyPath, at: Date())
                let checkpoint = result.checkpoint
                let lang = global.lang
                if global.json {
                    JSONOutput.print(
                        .object([
                            "checkpoint": .number(checkpoint.number), "chains": .number(checkpoint.chains), "changed": .number(checkpoint.heads.count),
                            "root": .string(checkpoint.root), "file": .string(anchor.filePath), "publicKey": .string(checkpoint.publicKey),
                            "regressed": .array(result.regressed.map { .int($0.instanceID) }),
                        ]))
                } else {
                    print(
                        Text(
                            "Đã neo mốc số \(checkpoint.number) vào \(anchor.filePath): \(checkpoint.chains) chuỗi (\(checkpoint.heads.count) thay đổi), gốc \(checkpoint.root.prefix(16))….",
                            "Anchored checkpoint \(checkpoint.number) in \(anchor.filePath): \(checkpoint.chains) chains (\(checkpoint.heads.count) changed), root \(checkpoint.root.prefix(16))…."
                        )(lang))
                }
                guard result.regressed.isEmpty else {
                    let ids = result.regressed.prefix(10).map { String($0.instanceID) }.joined(separator: ", ") + (result.regressed.count > 10 ? ", …" : "")
                    throw CommandError(
                        kind: .auditFindings,
                        message: Bilingual(
                            vi: "\(result.regressed.count) chuỗi lịch sử đã lùi lại so với mốc trước (hồ sơ \(ids)): bị cắt bớt hoặc viết lại; "
                                + "hãy chạy ocop audit verify --anchors",
                            en: "\(result.regressed.count) history chain(s) went back since the last checkpoint (instances \(ids)): truncated or "
                                + "rewritten; run ocop audit verify --anchors"))
                }
            }
        }
    }

    /// `ocop audit keygen [--key FILE]`.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tạo khóa ký Ed25519 cho mốc kiểm toán (make the Ed25519 key that signs checkpoints).",
            discussion: """
                Ghi FILE (quyền 0600, không ghi đè) và FILE.pub. Giữ FILE ngoài máy chủ cơ sở dữ liệu; đưa FILE.pub cho người kiểm tra (--public-key).
                Writes FILE (mode 0600, never replacing one) and FILE.pub. Keep FILE off the database server; give FILE.pub to whoever verifies (--public-key).
                """)

        @Option(name: .customLong("key"), help: "Tệp khóa (key file); mặc định $OCOP_ANCHOR_KEY hoặc ~/.config/ocop/audit.key.")
        var key: String?

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let path = key ?? AnchorOptions.defaultKeyPath
            do {
                try AnchorOptions.makeParentDirectory(of: path)
                let publicKey = try AuditService.makeKey(at: path)
                if global.json {
                    JSONOutput.print(.object(["key": .string(path), "publicKeyFile": .string(path + ".pub"), "publicKey": .string(publicKey)]))
                } else {
                    print(
                        Text(
                            "Đã tạo khóa \(path) (0600) và \(path).pub; dấu vân tay \(AuditSigningKey.fingerprint(ofPublicKey: publicKey)).",
                            "Made the key \(path) (0600) and \(path).pub; fingerprint \(AuditSigningKey.fingerprint(ofPublicKey: publicKey)).")(global.lang))
                }
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }
}

/// `--key FILE --file FILE` of `ocop audit anchor`, with their environment defaults (shared with `ocop serve`).
struct AnchorOptions: ParsableArguments {
    @Option(name: .customLong("key"), help: "Khóa ký (signing key file); mặc định $OCOP_ANCHOR_KEY hoặc ~/.config/ocop/audit.key.")
    var key: String?

    @Option(name: .customLong("file"), help: "Tệp mốc (anchor file); mặc định $OCOP_ANCHOR_FILE hoặc ~/.config/ocop/audit-anchors.jsonl.")
    var file: String?

    var keyPath: String { key ?? Self.defaultKeyPath }
    var filePath: String { file ?? Self.defaultFilePath }

    static var defaultKeyPath: String { environment("OCOP_ANCHOR_KEY") ?? configDirectory + "/audit.key" }
    static var defaultFilePath: String { environment("OCOP_ANCHOR_FILE") ?? configDirectory + "/audit-anchors.jsonl" }

    static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    private static var configDirectory: String {
        (environment("XDG_CONFIG_HOME") ?? ((environment("HOME") ?? NSHomeDirectory()) + "/.config")) + "/ocop"
    }

    /// Makes the key's folder (mode 0700) when it is missing.
    static func makeParentDirectory(of path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }
}

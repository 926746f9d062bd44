import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop product document attach|get|remove`: files of a product's dossier (the rules are ``DocumentService``'s).
struct DocumentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "document", abstract: "Tệp hồ sơ: đính kèm, tải về, gỡ (dossier files: attach, download, remove).",
        subcommands: [Attach.self, Get.self, Remove.self])

    /// The document service over the OCOP service, with the configured size limit.
    static func service(_ ocop: OCOPService) throws -> DocumentService {
        DocumentService(ocop: ocop, maxBytes: try DocumentService.configuredMaxBytes())
    }

    /// `ocop product document attach ID --item ITEM --file PATH --as USER`.
    struct Attach: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Đính kèm tệp (PDF, JPEG, PNG, DOCX, XLSX) vào một mục hồ sơ (attach a file to a dossier item).")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @Option(help: "Mã mục hồ sơ, ví dụ business-plan (dossier item code).") var item: String
        @Option(help: "Đường dẫn tệp (file path).") var file: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, ocop in
                let now = try acting.time.resolve()
                let documents = try DocumentCommand.service(ocop)
                let name = (file as NSString).lastPathComponent
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                    (attributes[.type] as? FileAttributeType) != .typeDirectory, let size = attributes[.size] as? Int
                else { throw CommandError.notFound(vi: "không đọc được tệp \(file)", en: "cannot read \(file)") }
                // The limit is checked on the size before the file is read.
                try documents.checkSize(size, fileName: name)
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CommandError.notFound(vi: "không đọc được tệp \(file)", en: "cannot read \(file)")
                }
                let document = try await documents.attach(productID: id, item: item, fileName: name, content: [UInt8](data), by: acting.user, now: now)
                if global.json {
                    JSONOutput.print(document.json)
                } else {
                    print(
                        Text(
                            "Sản phẩm \(id): đã đính kèm tệp \(document.fileName) (tài liệu số \(document.id), \(document.size) byte) vào mục \(item).",
                            "Product \(id): attached \(document.fileName) (document \(document.id), \(document.size) bytes) to item \(item).")(global.lang))
                }
            }
        }
    }

    /// `ocop product document get DOCID --output F --as USER`.
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tải một tệp hồ sơ về (download a dossier file).")
        @Argument(help: "Số tài liệu (document id).") var id: Int64
        @Option(help: "Ghi vào tệp này; \"-\" là đầu ra chuẩn (write to this file; - for stdout).") var output: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, ocop in
                let (document, content) = try await DocumentCommand.service(ocop).download(id, by: acting.user)
                if output == "-" {
                    FileHandle.standardOutput.write(Data(content))
                    return
                }
                guard FileManager.default.createFile(atPath: output, contents: Data(content)) else {
                    throw CommandError.badInput(vi: "không ghi được tệp \(output)", en: "cannot write \(output)")
                }
                if global.json {
                    JSONOutput.print(document.json)
                } else {
                    print(
                        Text(
                            "Đã ghi tài liệu số \(id) (\(document.fileName), \(document.size) byte, SHA-256 \(document.sha256)) vào \(output).",
                            "Wrote document \(id) (\(document.fileName), \(document.size) bytes, SHA-256 \(document.sha256)) to \(output).")(global.lang))
                }
            }
        }
    }

    /// `ocop product document remove DOCID --as USER`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Gỡ một tệp khỏi hồ sơ; tệp vẫn được lưu và ghi trong lịch sử (remove a file from the dossier).")
        @Argument(help: "Số tài liệu (document id).") var id: Int64
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, ocop in
                let now = try acting.time.resolve()
                let document = try await DocumentCommand.service(ocop).remove(id, by: acting.user, now: now)
                OCOPCommand.done(
                    global,
                    Text(
                        "Sản phẩm \(document.productID): đã gỡ tệp \(document.fileName) (tài liệu số \(id)) khỏi mục \(document.item).",
                        "Product \(document.productID): removed \(document.fileName) (document \(id)) from item \(document.item)."),
                    json: ["id": .int(id), "productId": .int(document.productID), "item": .string(document.item), "removed": .bool(true)])
            }
        }
    }
}

/// `ocop product documents ID --as USER`: the dossier checklist with the files of each item.
struct DocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents", abstract: "Danh mục hồ sơ của sản phẩm: mục đã có, còn thiếu, và các tệp (dossier checklist and files).")
    @Argument(help: "Số sản phẩm.") var id: Int64
    @OptionGroup var acting: ActingOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await OCOPCommand.run(global) { _, ocop in
            let now = try acting.time.resolve()
            let checklist = try await DocumentCommand.service(ocop).checklist(productID: id, by: acting.user, now: now)
            if global.json {
                JSONOutput.print(checklist.json)
                return
            }
            let lang = global.lang
            print(Text("Sản phẩm \(id) — hồ sơ theo \(checklist.ruleSet):", "Product \(id) — dossier under \(checklist.ruleSet):")(lang))
            var table = Table(
                [Text("Mục", "Item")(lang), Text("Tình trạng", "Status")(lang), Text("Tệp / ghi chú", "Files / note")(lang)], rightAligned: [])
            for entry in checklist.entries {
                let status: Text =
                    switch entry.status {
                    case .present: Text("✓ đã có", "✓ present")
                    case .missing: Text("✗ còn thiếu", "✗ missing")
                    case .notApplicable: Text("– không áp dụng", "– not applicable")
                    }
                var files = entry.documents.map { "#\($0.id) \($0.fileName) (\($0.size) B)" }
                if let note = entry.note { files.append(Text("ghi chú: ", "note: ")(lang) + note) }
                table.add(["\(entry.item.name.text(lang)) [\(entry.item.code)]", status(lang), files.isEmpty ? "—" : files.joined(separator: "; ")])
            }
            print(table.render())
            if !checklist.missing.isEmpty {
                print(Text("Còn thiếu: ", "Missing: ")(lang) + checklist.missing.joined(separator: ", "))
            }
        }
    }
}

import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop search "nuoc cham thanh mai" --as USER [--limit N]`: products, ideas, producers and units by name, with or
/// without diacritics and in any case, among what the user may see (the service's search, as the API's and the dashboard's).
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Tìm sản phẩm, ý tưởng, chủ thể, đơn vị theo tên, có dấu hay không dấu (search by name, with or without diacritics).")

    @Argument(help: "Nội dung tìm, ví dụ \"nuoc cham thanh mai\" (text to find).")
    var text: String

    @Option(name: .customLong("as"), help: "Người tìm; chỉ thấy hồ sơ trong phạm vi của mình (user id).")
    var user: String

    @Option(name: .customLong("limit"), help: "Số kết quả tối đa (1–100, mặc định 20).")
    var limit = 20

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await OCOPCommand.run(global) { _, service in
            let hits = try await service.search(text, limit: limit, as: Caller(user))
            let lang = global.lang
            if global.json {
                JSONOutput.print(.array(hits.map(Self.json)))
                return
            }
            guard !hits.isEmpty else {
                print(Text("Không tìm thấy kết quả nào cho \"\(text)\".", "Nothing found for \"\(text)\".")(lang))
                return
            }
            var table = Table([Text("Loại", "Kind")(lang), Text("Mã", "Id")(lang), Text("Tên", "Name")(lang), Text("Thuộc", "Of")(lang), Text("Giai đoạn", "Stage")(lang)])
            for hit in hits {
                table.add([hit.kind.label.text(lang), hit.id, hit.name, hit.detail ?? "—", hit.stateLabel?.text(lang) ?? "—"])
            }
            print(table.render())
        }
    }

    /// One hit as `--json` prints it (the API's item has the same keys).
    static func json(_ hit: SearchHit) -> JSONValue {
        .object([
            "kind": .string(hit.kind.rawValue), "id": .string(hit.id), "name": .string(hit.name), "detail": hit.detail.map(JSONValue.string) ?? .null,
            "state": hit.state.map(JSONValue.string) ?? .null, "stateLabel": .label(hit.stateLabel),
        ])
    }
}

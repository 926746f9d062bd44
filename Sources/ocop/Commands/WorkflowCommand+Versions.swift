import ArgumentParser
import Foundation
import Store
import Workflow

extension WorkflowCommand {
    /// `ocop workflow diff A B`.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "So sánh hai phiên bản của một quy trình (compare two versions).",
            discussion: """
                A, B: số phiên bản đã lưu hoặc tiền tố băm (≥ 6 ký tự), hoặc đường dẫn tệp .yaml — tệp được kiểm tra và lưu thành
                một phiên bản (theo băm nội dung, lưu lại không tạo bản trùng) để so sánh và để `workflow migrate --to` dùng được.
                A, B: stored version id or hash prefix (≥ 6 characters), or a .yaml file path — the file is checked and stored as a
                version (content-addressed, so storing again is a no-op), to compare and to be a `workflow migrate --to` target.
                """)

        @Argument(help: "Phiên bản cũ (old version).")
        var from: String

        @Argument(help: "Phiên bản mới, hoặc tệp .yaml (new version or YAML file).")
        var to: String

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global) { context in
                let lang = global.lang
                let old = try await WorkflowCommand.resolveVersion(from, context: context)
                let new = try await WorkflowCommand.resolveVersion(to, context: context)
                let diff = try await context.services.definitions.diff(from: old, to: new)
                if global.json {
                    JSONOutput.print(
                        .object([
                            "from": .int(old), "to": .int(new), "workflow": .string(diff.to.name),
                            "removedStates": .array(
                                diff.removedStates.map { .object(["state": .string($0.state), "liveInstances": .number($0.liveInstances)]) }),
                            "renamedStates": .array(diff.renamedStates.map { .object(["from": .string($0.from), "to": .string($0.to)]) }),
                            "addedStates": .array(diff.addedStates.map(JSONValue.string)),
                            "removedEvents": .array(diff.removedEvents.map(JSONValue.string)),
                            "addedEvents": .array(diff.addedEvents.map(JSONValue.string)), "strandedInstances": .number(diff.strandedInstances),
                        ]))
                    return
                }
                func describe(_ version: WorkflowStore.DefinitionVersion) -> String {
                    "\(version.versionLabel) (#\(version.id), \(version.contentHash.prefix(12)))"
                }
                print("\(diff.to.name): \(describe(diff.from)) → \(describe(diff.to))")
                var fields = Fields()
                let none = "—"
                let removed = diff.removedStates.map { "\($0.state) (\(Text("\($0.liveInstances) hồ sơ đang ở", "\($0.liveInstances) live")(lang)))" }
                fields.add(Text("Trạng thái bỏ", "States removed")(lang), removed.isEmpty ? none : removed.joined(separator: ", "))
                fields.add(Text("Trạng thái thêm", "States added")(lang), diff.addedStates.isEmpty ? none : diff.addedStates.joined(separator: ", "))
                let renamed = diff.renamedStates.map { "\($0.from) → \($0.to)" }
                fields.add(Text("Có thể đổi tên", "Likely renamed")(lang), renamed.isEmpty ? none : renamed.joined(separator: ", "))
                fields.add(Text("Sự kiện bỏ", "Events removed")(lang), diff.removedEvents.isEmpty ? none : diff.removedEvents.joined(separator: ", "))
                fields.add(Text("Sự kiện thêm", "Events added")(lang), diff.addedEvents.isEmpty ? none : diff.addedEvents.joined(separator: ", "))
                fields.add(Text("Hồ sơ bị bỏ lại nếu không ánh xạ", "Instances stranded without a map")(lang), "\(diff.strandedInstances)")
                print(fields.render())
            }
        }
    }

    /// A stored version's id from an id, a hash prefix, or a YAML file (stored first).
    static func resolveVersion(_ reference: String, context: AppContext) async throws -> Int64 {
        let isFile = reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") || reference.contains("/")
        guard isFile else {
            return try await context.services.definitions.versionID(reference)
        }
        guard let data = FileManager.default.contents(atPath: reference) else {
            throw CommandError.notFound(vi: "không đọc được tệp \(reference)", en: "cannot read \(reference)")
        }
        return try await context.services.definitions.register(yaml: String(decoding: data, as: UTF8.self), path: WorkflowCommand.display(reference))
    }
}

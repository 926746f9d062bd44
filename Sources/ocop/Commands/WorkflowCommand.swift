import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop workflow …`: the workflow definitions in workflows/ and the versions stored in the database.
struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Định nghĩa quy trình: xem, kiểm tra, vẽ, so sánh, chuyển phiên bản (workflow definitions).",
        subcommands: [List.self, Show.self, Validate.self, Graph.self, Diff.self, Migrate.self])

    /// The definitions in workflows/, loaded and checked with the guards ocop knows; no database needed.
    static func loadFiles() throws -> [WorkflowFiles.File] {
        try WorkflowFiles.load(directory: try ResourceLocator.workflowsDirectory(), guards: ocopGuards)
    }

    /// The definition of `name` in workflows/, or a not-found error listing the names there are.
    static func definition(named name: String) throws -> WorkflowDefinition {
        let files = try loadFiles()
        guard let file = files.first(where: { $0.definition.name == name }) else {
            let names = files.map(\.definition.name).joined(separator: ", ")
            throw CommandError.notFound(
                vi: "không có quy trình \"\(name)\" trong workflows/ (có: \(names))",
                en: "no workflow \"\(name)\" in workflows/ (there are: \(names))")
        }
        return file.definition
    }

    /// `ocop workflow list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Các quy trình trong workflows/ và các phiên bản đã lưu (workflows and stored versions).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global) { context in
                let files = try WorkflowCommand.loadFiles()
                let versions = try await context.services.definitions.versions()
                let current = Set(files.map(\.definition.contentHash))
                if global.json {
                    JSONOutput.print(
                        .object([
                            "workflows": .array(files.map { Self.json($0.definition) }),
                            "versions": .array(versions.map { Self.json($0, current: current.contains($0.contentHash)) }),
                        ]))
                    return
                }
                let lang = global.lang
                var table = Table(
                    [
                        Text("Quy trình", "Workflow")(lang), Text("Phiên bản", "Version")(lang), Text("Băm", "Hash")(lang),
                        Text("Tiêu đề", "Title")(lang), Text("Trạng thái", "States")(lang), Text("Sự kiện", "Events")(lang),
                        Text("Tệp", "File")(lang),
                    ], rightAligned: [4, 5])
                for file in files {
                    let definition = file.definition
                    table.add([
                        definition.name, definition.versionLabel, String(definition.contentHash.prefix(12)), definition.title?.text(lang) ?? "",
                        "\(definition.states.count)", "\(definition.eventNames.count)", definition.sourcePath,
                    ])
                }
                print(table.render())
                print("")
                print(Text("Phiên bản đã lưu:", "Stored versions:")(lang))
                var stored = Table(
                    [
                        "#", Text("Quy trình", "Workflow")(lang), Text("Phiên bản", "Version")(lang), Text("Băm", "Hash")(lang),
                        Text("Đăng ký", "Registered")(lang), Text("Hồ sơ", "Instances")(lang), Text("Theo trạng thái", "By state")(lang), "",
                    ], rightAligned: [0, 5])
                for version in versions {
                    let total = version.instancesByState.values.reduce(0, +)
                    let byState = version.instancesByState.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    stored.add([
                        "\(version.id)", version.name, version.versionLabel, String(version.contentHash.prefix(12)),
                        VietnamClock.screen(version.registeredAt), "\(total)", byState,
                        current.contains(version.contentHash) ? Text("hiện hành", "current")(lang) : "",
                    ])
                }
                print(stored.render())
            }
        }

        static func json(_ definition: WorkflowDefinition) -> JSONValue {
            .object([
                "name": .string(definition.name), "version": .string(definition.versionLabel), "hash": .string(definition.contentHash),
                "title": .label(definition.title), "states": .number(definition.states.count), "events": .number(definition.eventNames.count),
                "timers": .number(definition.timers.count), "file": .string(definition.sourcePath),
            ])
        }

        static func json(_ version: WorkflowStore.DefinitionVersion, current: Bool) -> JSONValue {
            .object([
                "id": .int(version.id), "name": .string(version.name), "version": .string(version.versionLabel), "hash": .string(version.contentHash),
                "file": .string(version.sourcePath), "registeredAt": .time(version.registeredAt), "current": .bool(current),
                "instances": .number(version.instancesByState.values.reduce(0, +)),
                "instancesByState": .object(version.instancesByState.mapValues { .number($0) }),
            ])
        }
    }
}

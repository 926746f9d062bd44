import Domain
import ArgumentParser
import Foundation
import Store
import Workflow

extension WorkflowCommand {
    /// `ocop workflow validate [FILES…]`: checks definitions without any database.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kiểm tra các tệp quy trình, không cần cơ sở dữ liệu (check workflow files; no database needed).",
            discussion: """
                Mặc định: mọi workflows/*.yaml và workflows/calendars/vn-holidays.yaml. Mỗi lỗi một dòng tệp:dòng:cột, mã thoát 6 nếu có lỗi.
                Default: every workflows/*.yaml and the holiday calendar. One file:line:column line per error; exit 6 on any error.
                """)

        @Argument(help: "Các tệp cần kiểm tra (files; default: workflows/*.yaml).")
        var files: [String] = []

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            _ = global.bootstrapLogging()
            let lang = global.lang
            do {
                var paths = files
                var calendar: URL?
                if paths.isEmpty {
                    let folder = try ResourceLocator.workflowsDirectory()
                    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
                    paths = names.map { folder.appendingPathComponent($0).path }
                    let holidays = folder.appendingPathComponent("calendars/vn-holidays.yaml")
                    if FileManager.default.fileExists(atPath: holidays.path) { calendar = holidays }
                }
                let (loaded, problems) = WorkflowCommand.check(paths: paths, calendar: calendar)
                let sorted = DefinitionErrors(problems).errors
                if global.json {
                    JSONOutput.print(
                        .object([
                            "valid": .bool(sorted.isEmpty), "files": .array(paths.map { .string(WorkflowCommand.display($0)) }),
                            "workflows": .array(loaded.map { .string($0.name) }),
                            "errors": .array(
                                sorted.map { error in
                                    .object([
                                        "file": .string(error.location.path), "line": .number(error.location.line),
                                        "column": .number(error.location.column),
                                        "code": .string(error.code.rawValue), "message": .label(error.message),
                                    ])
                                }),
                        ]))
                } else {
                    let word = Text("lỗi", "error")(lang)
                    for error in sorted {
                        let location = error.location
                        let line = "\(location.path):\(location.line):\(location.column): \(word): \(error.message.text(lang)) [\(error.code)]\n"
                        FileHandle.standardError.write(Data(line.utf8))
                    }
                }
                guard sorted.isEmpty else {
                    let fileCount = Set(sorted.map(\.location.path)).count
                    throw CommandError.badInput(
                        vi: "\(sorted.count) lỗi trong \(fileCount) tệp", en: "\(sorted.count) error(s) in \(fileCount) file(s)")
                }
                if !global.json {
                    let names = loaded.map {
                        "\($0.name) (\($0.states.count) \(Text("trạng thái", "states")(lang)), "
                            + "\($0.eventNames.count) \(Text("sự kiện", "events")(lang)))"
                    }
                    print(
                        Text("Hợp lệ: \(paths.count) tệp", "Valid: \(paths.count) file(s)")(lang)
                            + (names.isEmpty ? "" : " — " + names.joined(separator: ", ")))
                }
            } catch {
                Failure.exit(error, language: lang)
            }
        }
    }

    /// The definitions that load, and every problem of every file.
    private static func check(paths: [String], calendar: URL?) -> ([WorkflowDefinition], [DefinitionError]) {
        var problems: [DefinitionError] = []
        var loaded: [WorkflowDefinition] = []
        do {
            loaded = try WorkflowFiles.load(paths: paths, guards: ocopGuards).map(\.definition)
            // The OCOP domain's checks too (guard parameter values, undeclared inputs, decisions without a reference).
            problems += loaded.flatMap(Domain.problems(in:))
        } catch {
            problems += (error as? DefinitionErrors)?.errors ?? []
        }
        guard let calendar else { return (loaded, problems) }
        let result = Result { try WorkingCalendar.load(contentsOf: calendar, displayPath: WorkflowCommand.display(calendar.path)) }
        if case .failure(let error) = result { problems += (error as? DefinitionErrors)?.errors ?? [] }
        return (loaded, problems)
    }

    /// `ocop workflow graph NAME [--format mermaid|dot]`.
    struct Graph: AsyncParsableCommand {
        /// The picture formats.
        enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }

        static let configuration = CommandConfiguration(
            abstract: "Vẽ sơ đồ trạng thái dạng Mermaid hoặc Graphviz DOT (state diagram; no database needed).")

        @Argument(help: "Tên quy trình (workflow name).")
        var name: String

        @Option(name: .customLong("format"), help: "mermaid (mặc định) hoặc dot.")
        var format: Format = .mermaid

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            _ = global.bootstrapLogging()
            do {
                let definition = try WorkflowCommand.definition(named: name)
                print(format == .mermaid ? definition.mermaid() : definition.dot(), terminator: "")
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }

    /// A path as typed, relative to the current folder when under it.
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }
}

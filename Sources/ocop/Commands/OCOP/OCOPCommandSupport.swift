import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `--as USER` and `--at DATE`: who acts (roles and scopes from the database) and the business date of the step.
struct ActingOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Người thực hiện; vai trò và phạm vi lấy từ cơ sở dữ liệu (user id).")
    var user: String

    @OptionGroup var time: BusinessTimeOptions
}

/// Shared plumbing of the OCOP commands: the service, errors in the user's language, dates as people type them.
enum OCOPCommand {
    /// Opens the context and runs `body` with the OCOP service; its errors are printed by `Failure`, each detail on its line.
    static func run(_ global: GlobalOptions, _ body: @escaping (AppContext, OCOPService) async throws -> Void) async {
        await AppContext.run(global) { context in
            guard let service = context.services.ocop else {
                throw ServiceError(.internal, vi: "thiếu dữ liệu OCOP trong workflows/ (rulesets/, policies/)", en: "workflows/ lacks the OCOP data (rulesets/, policies/)")
            }
            try await body(context, service)
        }
    }

    /// An OCOP step as every step command takes it: the business time from `--at`, the step through the service as
    /// the `--as` user, then the confirmation (or, with `--json`, the object).
    static func step(
        _ global: GlobalOptions, _ acting: ActingOptions, _ body: @escaping (OCOPService, Date) async throws -> (Text, [String: JSONValue])
    ) async {
        await run(global) { _, service in
            let now = try acting.time.resolve()
            let (text, json) = try await body(service, now)
            done(global, text, json: json)
        }
    }

    /// A day typed as `yyyy-mm-dd` or `dd/mm/yyyy`.
    static func day(_ text: String, option: String) throws -> LocalDate {
        guard let date = LocalDate(typed: text) else {
            throw CommandError.badInput(
                vi: "\(option) \"\(text)\": không phải ngày (dùng dd/mm/yyyy hoặc yyyy-mm-dd)",
                en: "\(option) \"\(text)\": not a date (use dd/mm/yyyy or yyyy-mm-dd)")
        }
        return date
    }

    /// The day in Vietnam of a business time.
    static func today(_ now: Date) -> LocalDate { LocalDate(vietnamDayOf: now) }

    /// A decision from `--decision NUMBER --decision-date DATE` (the date defaults to the business day).
    static func decision(_ number: String, date: String?, now: Date) throws -> Decision {
        Decision(number: number, date: try date.map { try day($0, option: "--decision-date") } ?? today(now))
    }

    /// Prints a confirmation, or a JSON object with `--json`.
    static func done(_ global: GlobalOptions, _ text: Text, json: [String: JSONValue]) {
        if global.json { JSONOutput.print(.object(json)) } else { print(text(global.lang)) }
    }

    /// Prints list rows as a table (or JSON): id, name, subject, stage, then `columns` from the row's fields.
    static func printRows(_ rows: [OCOPListRow], list: OCOPList, _ output: ListOutputOptions, _ global: GlobalOptions) throws {
        let lang = global.lang
        let columns = list.columns.map { (Text($0.title.vi, $0.title.en), $0.key) }
        if try output.wantsXLSX(global) {
            try output.write(list.sheet(rows, language: lang == .vi ? .vi : .en), rows: rows.count, global)
            return
        }
        if global.json || output.format?.lowercased() == "json" {
            JSONOutput.print(
                .array(
                    rows.map { row in
                        var object: [String: JSONValue] = [
                            "id": .int(row.id), "name": .string(row.name), "subjectId": .string(row.subjectID),
                            "subjectName": .string(row.subjectName),
                            "state": .string(row.state), "stateLabel": .label(row.stateLabel),
                        ]
                        for (key, value) in row.fields { object[key] = .text(value) }
                        return .object(object)
                    }))
            return
        }
        guard !rows.isEmpty else {
            print(Text("Không có hồ sơ nào.", "No records.")(lang))
            return
        }
        var table = Table(
            [Text("Số", "Id")(lang), Text("Tên", "Name")(lang), Text("Chủ thể", "Subject")(lang), Text("Giai đoạn", "Stage")(lang)]
                + columns.map { $0.0(lang) }, rightAligned: [0])
        for row in rows {
            table.add(["\(row.id)", row.name, row.subjectName, row.stateLabel.text(lang)] + columns.map { screen(row.fields[$0.1], key: $0.1, lang) })
        }
        print(table.render())
    }

    /// The list fields that hold money in whole đồng.
    static let moneyFields: Set<String> = ["amount", "amount_paid"]

    /// A field as people read it: ISO days become dd/mm/yyyy, money "30.000.000 đ", missing values a dash.
    static func screen(_ value: String?, key: String = "", _ lang: Language = .vi) -> String {
        guard let value, !value.isEmpty else { return "—" }
        if moneyFields.contains(key), let dong = Int64(value) { return VND(dong).text.text(lang) }
        if let date = LocalDate(iso: value) { return date.displayString }
        return value
    }
}

/// `--format table|json|xlsx` and `--output FILE` of the list commands: a list as a screen table (the default),
/// JSON, or an Excel workbook written to FILE.
struct ListOutputOptions: ParsableArguments {
    @Option(name: .customLong("format"), help: "Định dạng: table (mặc định), json, xlsx (Excel, cần --output).")
    var format: String?

    @Option(name: .customLong("output"), help: "Tệp .xlsx để ghi (file to write).")
    var output: String?

    /// True for `--format xlsx`; refuses an unknown format, a workbook without `--output`, and `--output` without one.
    func wantsXLSX(_ global: GlobalOptions) throws -> Bool {
        let chosen = format?.lowercased()
        if let format, !["table", "json", "xlsx"].contains(chosen ?? "") {
            throw CommandError.badInput(
                vi: "--format \"\(format)\" không hợp lệ (chọn: table, json, xlsx)", en: "--format \"\(format)\" is not valid (one of: table, json, xlsx)")
        }
        if chosen == "xlsx" {
            guard output != nil else {
                throw CommandError.badInput(vi: "--format xlsx ghi ra tệp: thêm --output TỆP.xlsx", en: "--format xlsx writes a file: add --output FILE.xlsx")
            }
            if global.json { throw CommandError.badInput(vi: "--json mâu thuẫn với --format xlsx", en: "--json contradicts --format xlsx") }
            return true
        }
        if output != nil {
            throw CommandError.badInput(vi: "--output chỉ dùng với --format xlsx", en: "--output goes with --format xlsx only")
        }
        return false
    }

    /// Writes the workbook to `--output` and says so.
    func write(_ sheet: Spreadsheet, rows: Int, _ global: GlobalOptions) throws {
        guard let output else { return }
        do {
            try XLSXWriter.data(sheet).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandError.badInput(
                vi: "không ghi được \(output): \(error.localizedDescription)", en: "cannot write \(output): \(error.localizedDescription)")
        }
        print(Text("Đã ghi \(rows) dòng vào \(output).", "Wrote \(rows) rows to \(output).")(global.lang))
    }
}

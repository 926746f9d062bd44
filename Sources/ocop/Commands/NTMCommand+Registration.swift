import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// Runs an NTM command: the service on the shipped `workflows/`, its errors printed in the user's language.
enum NTMCommandSupport {
    static func run(_ global: GlobalOptions, _ body: @escaping (AppContext, NTMService) async throws -> Void) async {
        await OCOPCommand.run(global) { context, _ in
            try await body(context, try NTMCommand.service(context))
        }
    }

    static func scope(_ text: String) throws -> CriteriaSet.Scope {
        guard let scope = CriteriaSet.Scope(rawValue: text) else {
            let all = CriteriaSet.Scope.allCases.map(\.rawValue).joined(separator: ", ")
            throw CommandError.badInput(vi: "--scope \"\(text)\" không hợp lệ; dùng: \(all)", en: "--scope \"\(text)\" is invalid; use: \(all)")
        }
        return scope
    }

    static func progress(_ range: String?, kind: String?) throws -> PlanProgress? {
        guard let range else {
            if kind != nil { throw CommandError.badInput(vi: "--kind cần --plan", en: "--kind needs --plan") }
            return nil
        }
        guard let (low, high) = PlanProgress.parseRange(range) else {
            throw CommandError.badInput(vi: "--plan \"\(range)\": dùng dạng 80-85 hoặc 80", en: "--plan \"\(range)\": use 80-85 or 80")
        }
        let kinds = PlanProgress.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let parsed = PlanProgress.Kind(rawValue: kind ?? "achieved") else {
            throw CommandError.badInput(vi: "--kind \"\(kind ?? "")\" không hợp lệ; dùng: \(kinds)", en: "--kind \"\(kind ?? "")\" is invalid; use: \(kinds)")
        }
        return PlanProgress(min: low, max: high, kind: parsed)
    }
}

extension NTMCommand {
    /// `ocop ntm register UNIT --scope S --year Y --as USER`.
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Đăng ký đạt chuẩn cho một năm (register a target level for a year).")
        @Argument(help: "Đơn vị (unit code).") var unit: String
        @Option(help: "Mức đăng ký: commune-ntm, commune-advanced, commune-model, district-advanced, urban-civilised, village-model, …") var scope: String
        @Option(help: "Năm đăng ký.") var year: Int
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let form = NTMService.RegistrationForm(unitCode: unit, scope: try NTMCommandSupport.scope(scope), year: year)
                let (user, now) = (acting.user, try acting.time.resolve())
                let id = try await ntm.register(form, by: user, now: now)
                OCOPCommand.done(
                    global, Text("Đã đăng ký số \(id): \(unit) — \(scope) năm \(year).", "Registered \(id): \(unit) — \(scope) for \(year)."),
                    json: ["id": .int(id)])
            }
        }
    }

    /// `ocop ntm recognised UNIT --scope S --year Y --decision N --decision-date D --as USER`.
    struct Recognised: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ghi nhận đơn vị đã được công nhận trước khi theo dõi (record an earlier recognition with its decision).")
        @Argument(help: "Đơn vị (unit code).") var unit: String
        @Option(help: "Mức đã đạt (scope).") var scope: String
        @Option(help: "Năm đạt chuẩn.") var year: Int
        @Option(help: "Số quyết định công nhận, vd 283/QĐ-UBND.") var decision: String
        @Option(name: .customLong("decision-date"), help: "Ngày quyết định.") var decisionDate: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let form = NTMService.RegistrationForm(unitCode: unit, scope: try NTMCommandSupport.scope(scope), year: year)
                let now = try acting.time.resolve()
                let decision = try OCOPCommand.decision(decision, date: decisionDate, now: now)
                let user = acting.user
                let id = try await ntm.recordPriorRecognition(form, decision: decision, by: user, now: now)
                OCOPCommand.done(
                    global, Text("Đã ghi nhận số \(id): \(unit) đạt chuẩn \(scope) (\(decision.historyText)).",
                        "Recorded \(id): \(unit) recognised \(scope) (\(decision.historyText))."), json: ["id": .int(id)])
            }
        }
    }

    /// `ocop ntm approve-plan ID --decision N --as USER`.
    struct ApprovePlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve-plan", abstract: "Phê duyệt kế hoạch của đơn vị đăng ký (approve the plan).")
        @Argument(help: "Số đăng ký.") var id: Int64
        @Option(help: "Số kế hoạch / quyết định phê duyệt.") var decision: String
        @Option(name: .customLong("decision-date"), help: "Ngày ban hành (mặc định: ngày nghiệp vụ).") var decisionDate: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let now = try acting.time.resolve()
                let decision = try OCOPCommand.decision(decision, date: decisionDate, now: now)
                let (id, user) = (id, acting.user)
                try await ntm.approvePlan(id, decision: decision, by: user, now: now)
                OCOPCommand.done(global, Text("Đã phê duyệt kế hoạch của đăng ký số \(id).", "Plan of registration \(id) approved."), json: ["id": .int(id)])
            }
        }
    }

    /// `ocop ntm self-assess ID --as USER`.
    struct SelfAssess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "self-assess", abstract: "Tự đánh giá đạt chuẩn: mọi tiêu chí phải đạt (self-assessment; every criterion đạt).")
        @Argument(help: "Số đăng ký.") var id: Int64
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let (id, user, now) = (id, acting.user, try acting.time.resolve())
                try await ntm.selfAssess(id, by: user, now: now)
                OCOPCommand.done(global, Text("Đăng ký số \(id) đã tự đánh giá đạt chuẩn.", "Registration \(id) self-assessed."), json: ["id": .int(id)])
            }
        }
    }

    /// `ocop ntm progress UNIT --scope S --as-of D [--met N] [--basically-met N] [--met-or-basically N] [--model N] [--plan 80-85 --kind estimate]`.
    struct Progress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Báo cáo tiến độ: số tiêu chí và % khối lượng kế hoạch, tính đến một ngày (progress report as of a date).")
        @Argument(help: "Đơn vị (unit code).") var unit: String
        @Option(help: "Mức đăng ký / mục tiêu (scope).") var scope: String
        @Option(name: .customLong("as-of"), help: "Số liệu tính đến ngày.") var asOf: String
        @Option(help: "Số tiêu chí đạt.") var met: Int?
        @Option(name: .customLong("basically-met"), help: "Số tiêu chí cơ bản đạt.") var basicallyMet: Int?
        @Option(name: .customLong("met-or-basically"), help: "Số tiêu chí đạt và cơ bản đạt, khi báo cáo không tách riêng.") var merged: Int?
        @Option(help: "Số điều kiện kiểu mẫu đạt (trên 4).") var model: Int?
        @Option(help: "% KH: 80-85 hoặc 80.") var plan: String?
        @Option(help: "achieved (đã đạt), estimate (ước đạt) hoặc forecast (dự kiến).") var kind: String?
        @Option(help: "Ghi chú.") var note: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let report = NTMService.ProgressReport(
                    unitCode: unit, scope: try NTMCommandSupport.scope(scope), asOf: try OCOPCommand.day(asOf, option: "--as-of"), met: met,
                    basicallyMet: basicallyMet, metOrBasicallyMet: merged, modelConditionsMet: model,
                    progress: try NTMCommandSupport.progress(plan, kind: kind), note: note)
                let (user, now) = (acting.user, try acting.time.resolve())
                let id = try await ntm.reportProgress(report, by: user, now: now)
                OCOPCommand.done(
                    global,
                    Text(
                        "Đã ghi báo cáo tiến độ của \(unit) đến \(report.asOf.displayString)" + (id.map { " (đăng ký số \($0))" } ?? "") + ".",
                        "Progress of \(unit) as of \(report.asOf.displayString) recorded" + (id.map { " (registration \($0))" } ?? "") + "."),
                    json: ["registration": id.map { .int($0) } ?? .null])
            }
        }
    }

    /// `ocop ntm assess UNIT SET CRITERION --as-of D [--status dat|co-ban-dat|chua-dat] [--plan 85-95 --kind achieved]`.
    struct Assess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ghi kết quả đánh giá một tiêu chí (record one criterion's assessment).")
        @Argument(help: "Đơn vị (unit code).") var unit: String
        @Argument(help: "Bộ tiêu chí (criteria set id).") var set: String
        @Argument(help: "Tiêu chí (mã), vd TC17.") var criterion: String
        @Option(name: .customLong("as-of"), help: "Tính đến ngày.") var asOf: String
        @Option(help: "đạt, cơ bản đạt, chưa đạt (hoặc dat, co-ban-dat, chua-dat).") var status: String?
        @Option(help: "% khối lượng: 85-95 hoặc 90.") var plan: String?
        @Option(help: "achieved, estimate hoặc forecast.") var kind: String?
        @Option(help: "Ghi chú.") var note: String?
        @Option(help: "Tài liệu minh chứng.") var evidence: String?
        @Option(name: .customLong("as"), help: "Người ghi (user id).") var user: String
        @OptionGroup var time: BusinessTimeOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                var parsed: Assessment?
                if let status {
                    guard let value = Assessment(rawValue: status.replacingOccurrences(of: "_", with: "-")) ?? Assessment(vietnamese: status) else {
                        throw CommandError.badInput(
                            vi: "--status \"\(status)\": dùng đạt, cơ bản đạt hoặc chưa đạt", en: "--status \"\(status)\": use đạt, cơ bản đạt or chưa đạt")
                    }
                    parsed = value
                }
                let row = NTMAssessmentStore.Row(
                    unitCode: unit, criteriaSet: set, criterion: criterion, asOf: try OCOPCommand.day(asOf, option: "--as-of"), status: parsed,
                    progress: try NTMCommandSupport.progress(plan, kind: kind), note: note, evidence: evidence)
                let written = try await ntm.recordAssessment(row, by: user, now: try time.resolve())
                OCOPCommand.done(
                    global,
                    written == 0
                        ? Text("Đã có đúng kết quả này; không ghi lại.", "This assessment was already recorded; nothing changed.")
                        : Text("Đã ghi đánh giá \(criterion) của \(unit) đến \(row.asOf.displayString).", "Recorded \(criterion) of \(unit) as of \(row.asOf.displayString)."),
                    json: ["recorded": .int(Int64(written))])
            }
        }
    }

    /// `ocop ntm result UNIT CODE --label TEXT [--quantity N --measure km] --as-of D --as USER`.
    struct Result: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ghi một kết quả nổi bật có số lượng (record a key result, e.g. 10 km of road).")
        @Argument(help: "Đơn vị (unit code).") var unit: String
        @Argument(help: "Mã kết quả (a-z, 0-9, -), vd duong-be-tong.") var code: String
        @Option(help: "Nội dung (tiếng Việt).") var label: String
        @Option(name: .customLong("label-en"), help: "Nội dung (tiếng Anh).") var labelEN: String?
        @Option(help: "Số lượng.") var quantity: String?
        @Option(help: "Đơn vị tính, vd km, cây, cột mốc.") var measure: String?
        @Option(help: "Chi tiết, vd \"trên 6 tuyến đường huyện\".") var detail: String?
        @Option(help: "Bộ tiêu chí của tiêu chí liên quan.") var set: String?
        @Option(help: "Tiêu chí liên quan, vd H02.") var criterion: String?
        @Option(name: .customLong("as-of"), help: "Tính đến ngày.") var asOf: String
        @Option(name: .customLong("as"), help: "Người ghi (user id).") var user: String
        @OptionGroup var time: BusinessTimeOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let now = try time.resolve()
                var amount: Decimal?
                if let quantity {
                    guard let value = Decimal(string: quantity.replacingOccurrences(of: ",", with: "."), locale: Locale(identifier: "en_US_POSIX")) else {
                        throw CommandError.badInput(vi: "--quantity \"\(quantity)\" không phải số", en: "--quantity \"\(quantity)\" is not a number")
                    }
                    amount = value
                }
                let form = NTMService.KeyResultForm(
                    unitCode: unit, code: code, asOf: try OCOPCommand.day(asOf, option: "--as-of"), label: Bilingual(vi: label, en: labelEN ?? label),
                    quantity: amount, measure: measure, detail: detail, criteriaSet: set, criterion: criterion)
                let user = user
                try await ntm.recordResult(form, by: user, now: now)
                OCOPCommand.done(global, Text("Đã ghi kết quả \(code) của \(unit).", "Recorded result \(code) of \(unit)."), json: ["code": .string(code)])
            }
        }
    }

    /// `ocop ntm forecast UNIT --scope S --count 15-20 --by 2022-12-31 --as-of D --as USER`.
    struct Forecast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ghi dự kiến số đơn vị đạt chuẩn đến một ngày (record a year-end forecast).")
        @Argument(help: "Đơn vị dự báo (huyện hoặc xã).") var unit: String
        @Option(help: "Loại đơn vị dự kiến đạt chuẩn (scope).") var scope: String
        @Option(help: "Số lượng: 5 hoặc 15-20.") var count: String
        @Option(help: "Đạt chuẩn trước ngày, vd 31/12/2022.") var by: String
        @Option(name: .customLong("as-of"), help: "Ngày đưa ra dự kiến.") var asOf: String
        @Option(help: "Ghi chú.") var note: String?
        @Option(name: .customLong("as"), help: "Người ghi (user id).") var user: String
        @OptionGroup var time: BusinessTimeOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let now = try time.resolve()
                guard let (low, high) = PlanProgress.parseRange(count), low == Decimal(Int(truncating: low as NSNumber)),
                    high == Decimal(Int(truncating: high as NSNumber)), low <= high
                else {
                    throw CommandError.badInput(vi: "--count \"\(count)\": dùng 5 hoặc 15-20", en: "--count \"\(count)\": use 5 or 15-20")
                }
                let scope = try NTMCommandSupport.scope(scope)
                let (byDate, day) = (try OCOPCommand.day(by, option: "--by"), try OCOPCommand.day(asOf, option: "--as-of"))
                let range = Int(truncating: low as NSNumber)...Int(truncating: high as NSNumber)
                let (unit, user, note) = (unit, user, note)
                try await ntm.recordForecast(unitCode: unit, scope: scope, count: range, by: byDate, asOf: day, note: note, recordedBy: user, now: now)
                OCOPCommand.done(global, Text("Đã ghi dự kiến.", "Forecast recorded."), json: [:])
            }
        }
    }

    /// `ocop ntm list [--unit U] [--year Y] [--as-of D]`: registrations in their state as of a day (default: the business
    /// day), with the unit's "x/N" and % KH as the district report shows them (``NTMStanding``).
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Danh sách đăng ký NTM với trạng thái, số tiêu chí và % KH tính đến một ngày (NTM registrations as of a date).")
        @Option(help: "Đơn vị (cả các đơn vị đã sáp nhập vào đơn vị này).") var unit: String?
        @Option(help: "Năm.") var year: Int?
        @Option(name: .customLong("as-of"), help: "Tính đến ngày (mặc định: ngày nghiệp vụ).") var asOf: String?
        @OptionGroup var time: BusinessTimeOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let day = try asOf.map { try OCOPCommand.day($0, option: "--as-of") } ?? OCOPCommand.today(try time.resolve())
                let standings = try await ntm.standings(unit: unit, asOf: day)
                var rows: [(standing: NTMStanding, registration: NTMStanding.Registration)] = []
                for standing in standings {
                    for registration in standing.registrations where year == nil || registration.year == year { rows.append((standing, registration)) }
                }
                rows.sort { lhs, rhs in
                    (-lhs.registration.year, lhs.registration.unit.code, lhs.registration.scope) < (-rhs.registration.year, rhs.registration.unit.code, rhs.registration.scope)
                }
                let lang = global.lang
                let language: ReportLanguage = lang == .vi ? .vi : .en
                func count(_ row: (standing: NTMStanding, registration: NTMStanding.Registration)) -> DistrictReport.CriteriaCount? {
                    guard let set = row.registration.criteriaSet else { return nil }
                    return row.standing.count(on: set)
                }
                if global.json {
                    JSONOutput.print(
                        .array(
                            rows.map { row in
                                let r = row.registration
                                let count = count(row)
                                let plan = row.standing.scopes[r.scope]?.progress
                                return .object([
                                    "id": .int(r.id), "unit": .string(r.unit.code), "unitName": .string(r.unit.name), "scope": .string(r.scope),
                                    "year": .int(Int64(r.year)), "state": .string(r.state), "criteriaSet": r.criteriaSet.map { .string($0) } ?? .null,
                                    "prior": .bool(r.prior), "asOf": .string(day.iso),
                                    "reportedUnit": .string(row.standing.unit.code),
                                    "metOrBasicallyMet": count.map { .int(Int64($0.metOrBasicallyMet)) } ?? .null,
                                    "met": count?.met.map { .int(Int64($0)) } ?? .null, "total": count.map { .int(Int64($0.total)) } ?? .null,
                                    "planMin": plan.map { .decimal($0.min) } ?? .null, "planMax": plan.map { .decimal($0.max) } ?? .null,
                                    "recognition": r.recognition.map {
                                        .string(DistrictReportRenderer.recognition($0, unit: row.standing.unit, language: language))
                                    } ?? .null,
                                ])
                            }))
                    return
                }
                var table = Table(
                    [Text("Số", "Id")(lang), Text("Đơn vị", "Unit")(lang), Text("Mức", "Scope")(lang), Text("Năm", "Year")(lang),
                     Text("Trạng thái", "State")(lang), Text("Tiêu chí", "Criteria")(lang), Text("% KH", "% of plan")(lang)], rightAligned: [0, 3])
                for row in rows {
                    let r = row.registration
                    var state = lang == .vi ? r.stateLabel.vi : r.stateLabel.en
                    if let recognition = r.recognition, recognition.status != .recognised || r.state == "RECOGNISED" {
                        state += " — " + DistrictReportRenderer.recognition(recognition, unit: row.standing.unit, language: language)
                    }
                    let scope = r.scopeValue.map { lang == .vi ? $0.label.vi : $0.label.en } ?? r.scope
                    let unitName = r.unit.code == row.standing.unit.code ? r.unit.name : "\(r.unit.name) → \(row.standing.unit.name)"
                    let figures = count(row).map { "\($0.metOrBasicallyMet)/\($0.total)" } ?? "—"
                    let plan = row.standing.scopes[r.scope]?.progress.map { $0.min == $0.max ? "\($0.min)%" : "\($0.min)–\($0.max)%" } ?? "—"
                    table.add(["\(r.id)", unitName, scope, "\(r.year)", state, figures, plan])
                }
                print(rows.isEmpty ? Text("Chưa có đăng ký nào.", "No registrations.")(lang) : table.render())
            }
        }
    }
}

extension NTMCommand {
    /// `ocop ntm carry-over --year 2022 --as cb-huyen`.
    struct CarryOver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "carry-over",
            abstract: "Chuyển các đăng ký chưa đạt chuẩn khi hết năm sang năm sau (carry unrecognised registrations over to the next year).")
        @Option(help: "Năm đã kết thúc.") var year: Int
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let (year, user, now) = (year, acting.user, try acting.time.resolve())
                let created = try await ntm.carryOver(year: year, by: user, now: now)
                OCOPCommand.done(
                    global,
                    Text(
                        "Đã chuyển \(created.count) đăng ký năm \(year) sang năm \(year + 1)" + (created.isEmpty ? "." : ": số " + created.map(String.init).joined(separator: ", ") + "."),
                        "Carried \(created.count) registrations of \(year) over to \(year + 1)" + (created.isEmpty ? "." : ": " + created.map(String.init).joined(separator: ", ") + ".")),
                    json: ["created": .array(created.map { .int($0) })])
            }
        }
    }

    /// `ocop ntm refresh-sets [--as-of D] --as admin`.
    struct RefreshSets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "refresh-sets",
            abstract: "Chuyển các đăng ký đang mở sang bộ tiêu chí đang có hiệu lực, vd khi tỉnh ban hành bộ tiêu chí (move open registrations to the set in force).")
        @Option(name: .customLong("as-of"), help: "Ngày xét bộ tiêu chí có hiệu lực (mặc định: hôm nay).") var asOf: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await NTMCommandSupport.run(global) { _, ntm in
                let (user, now) = (acting.user, try acting.time.resolve())
                let day = try asOf.map { try OCOPCommand.day($0, option: "--as-of") } ?? OCOPCommand.today(now)
                let changed = try await ntm.refreshCriteriaSets(asOf: day, by: user, now: now).map { "\($0.0): \($0.1 ?? "—") → \($0.2)" }
                if global.json {
                    JSONOutput.print(.array(changed.map { .string($0) }))
                } else {
                    print(Text("Đã cập nhật \(changed.count) đăng ký.", "\(changed.count) registrations updated.")(global.lang))
                    for line in changed { print("  \(line)") }
                }
            }
        }
    }
}

import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop product dossier add|check`.
struct DossierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier", abstract: "Hồ sơ sản phẩm: bổ sung mục hồ sơ, kiểm tra tính đầy đủ (dossier items).",
        subcommands: [Add.self, Check.self, Resubmit.self])

    /// `ocop product dossier add ID ITEM --document REF` or `--not-applicable`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bổ sung một mục hồ sơ, ví dụ self-assessment, business-plan (add a dossier item).")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @Argument(help: "Mã mục hồ sơ của bộ tiêu chí (item code).") var item: String
        @Option(help: "Tài liệu / số văn bản (document).") var document: String?
        @Flag(name: .customLong("not-applicable"), help: "Mục có điều kiện không áp dụng (conditional item does not apply).")
        var notApplicable = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let now = try acting.time.resolve()
                guard notApplicable || document != nil else {
                    throw CommandError.badInput(vi: "cần --document hoặc --not-applicable", en: "--document or --not-applicable is needed")
                }
                if notApplicable {
                    try await service.markNotApplicable(id, codes: [item], by: acting.user, now: now)
                } else {
                    try await service.addDossierItem(id, code: item, document: document ?? "", by: acting.user, now: now)
                }
                OCOPCommand.done(
                    global, Text("Sản phẩm \(id): đã cập nhật mục hồ sơ \(item).", "Product \(id): dossier item \(item) updated."),
                    json: ["id": .int(id), "item": .string(item)])
            }
        }
    }

    /// `ocop product dossier check ID [--missing TEXT]`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kiểm tra hồ sơ: hợp lệ, hoặc chưa đầy đủ với --missing (check the submitted dossier).")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @Option(help: "Nội dung còn thiếu; bỏ trống nghĩa là hồ sơ hợp lệ.") var missing: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.checkDossier(id, missing: missing, by: acting.user, now: now)
                let text =
                    missing == nil
                    ? Text("Sản phẩm \(id): hồ sơ hợp lệ.", "Product \(id): dossier valid.")
                    : Text("Sản phẩm \(id): hồ sơ chưa đầy đủ.", "Product \(id): dossier incomplete.")
                return (text, ["id": .int(id), "complete": .bool(missing == nil)])
            }
        }
    }

    /// `ocop product dossier resubmit ID`.
    struct Resubmit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nộp lại hồ sơ đã bổ sung đủ các mục còn thiếu (resubmit the completed dossier).")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.resubmitDossier(id, by: acting.user, now: now)
                return (Text("Sản phẩm \(id): đã nộp lại hồ sơ.", "Product \(id): dossier resubmitted."), ["id": .int(id)])
            }
        }
    }
}

/// `ocop product rate ID --dossier-sent DATE --minutes REF [--letter REF] [--unmet 5]`.
struct RateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate",
        abstract: "Tổng hợp phiếu chấm của hội đồng, tính điểm trung bình và chuyển bước theo bộ tiêu chí (council rating).")
    @Argument(help: "Số sản phẩm.") var id: Int64
    @Option(name: .customLong("dossier-sent"), help: "Ngày gửi hồ sơ cho thành viên (≥ 2 ngày làm việc trước cuộc họp).") var dossierSent: String
    @Option(help: "Biên bản họp hội đồng.") var minutes: String
    @Option(help: "Số tờ trình chuyển cấp trên, nếu chuyển (forwarding letter).") var letter: String?
    @Option(help: "Hạng sao chưa đạt tiêu chí bắt buộc, ví dụ 5 hoặc 4,5 (ranks whose mandatory criteria are unmet).") var unmet: String?
    @OptionGroup var acting: ActingOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await OCOPCommand.run(global) { _, service in
            let now = try acting.time.resolve()
            let sent = try OCOPCommand.day(dossierSent, option: "--dossier-sent")
            let unmetRanks = Set((unmet ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
            let mandatory = MandatoryCriteriaResults(metRanks: Set(Star.allCases.filter { !unmetRanks.contains($0.rawValue) }))
            let outcome = try await service.rate(id, dossierSentOn: sent, mandatory: mandatory, minutesRef: minutes, letterRef: letter, by: acting.user, now: now)
            OCOPCommand.done(
                global,
                Text(
                    "Sản phẩm \(id), \(outcome.level.name.vi): \(outcome.sheets) phiếu, điểm trung bình \(outcome.average) (\(outcome.bandStar)). "
                        + "\(outcome.decision.explanation.vi). Đã thực hiện: \(outcome.events.joined(separator: ", ")).",
                    "Product \(id), \(outcome.level.name.en): \(outcome.sheets) sheets, average \(outcome.average) (\(outcome.bandStar)). "
                        + "\(outcome.decision.explanation.en). Done: \(outcome.events.joined(separator: ", "))."),
                json: [
                    "id": .int(id), "level": .string(outcome.level.rawValue), "average": .decimal(outcome.average),
                    "exactAverage": .decimal(outcome.exactAverage), "bandStar": .int(Int64(outcome.bandStar.rawValue)),
                    "decision": .string(outcome.decision.description), "events": .array(outcome.events.map(JSONValue.string)),
                ])
        }
    }
}

/// `ocop product route ID --letter REF`: the pending routing step that needs no decision (e.g. forwarding).
struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route", abstract: "Chuyển bước sau chấm điểm: chuyển cấp trên, không công nhận, trả về cấp công nhận (routing step).")
    @Argument(help: "Số sản phẩm.") var id: Int64
    @Option(help: "Số tờ trình / văn bản.") var letter: String?
    @OptionGroup var acting: ActingOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await OCOPCommand.step(global, acting) { service, now in
            let (event, label) = try await service.route(id, letterRef: letter, by: acting.user, now: now)
            return (Text("Sản phẩm \(id): \(label.vi).", "Product \(id): \(label.en)."), ["id": .int(id), "event": .string(event), "eventLabel": .label(label)])
        }
    }
}

/// `ocop product certify ID --decision N --decision-date D [--star 4] [--letter REF]`.
struct CertifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certify", abstract: "Quyết định công nhận: cấp giấy chứng nhận 36 tháng và mở hồ sơ hỗ trợ (certify).")
    @Argument(help: "Số sản phẩm.") var id: Int64
    @Option(help: "Số quyết định công nhận.") var decision: String
    @Option(name: .customLong("decision-date"), help: "Ngày quyết định = ngày cấp (mặc định ngày --at).") var decisionDate: String?
    @Option(help: "Hạng sao (mặc định theo bộ tiêu chí).") var star: Int?
    @Option(help: "Số văn bản đề nghị Trung ương (1048, điểm ≥ 90).") var letter: String?
    @OptionGroup var acting: ActingOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await OCOPCommand.run(global) { _, service in
            let now = try acting.time.resolve()
            let ref = try OCOPCommand.decision(decision, date: decisionDate, now: now)
            let requested = try star.map { value -> Star in
                guard let star = Star(rawValue: value) else { throw CommandError.badInput(vi: "--star phải từ 1 đến 5", en: "--star must be 1 to 5") }
                return star
            }
            let outcome = try await service.certify(id, star: requested, decision: ref, letterRef: letter, by: acting.user, now: now)
            let claims = outcome.claims.map { "\($0.claimID) (\($0.policyID), \($0.amount.text.text(global.lang)))" }.joined(separator: ", ")
            OCOPCommand.done(
                global,
                Text(
                    "Sản phẩm \(id): công nhận \(outcome.star.name.vi) (\(outcome.level.name.vi)); giấy chứng nhận số \(outcome.certificateID), "
                        + "hiệu lực đến hết \(outcome.expiresOn.adding(days: -1).displayString). Hồ sơ hỗ trợ: \(claims.isEmpty ? "không có" : claims).",
                    "Product \(id): certified \(outcome.star) (\(outcome.level.name.en)); certificate \(outcome.certificateID), "
                        + "valid through \(outcome.expiresOn.adding(days: -1).displayString). Claims: \(claims.isEmpty ? "none" : claims)."),
                json: [
                    "id": .int(id), "certificateId": .int(outcome.certificateID), "star": .int(Int64(outcome.star.rawValue)),
                    "level": .string(outcome.level.rawValue), "issuedOn": .string(outcome.issuedOn.iso), "expiresOn": .string(outcome.expiresOn.iso),
                    "claims": .array(
                        outcome.claims.map {
                            .object(["id": .int($0.claimID), "policy": .string($0.policyID), "amount": .int($0.amount.dong)])
                        }),
                ])
        }
    }
}

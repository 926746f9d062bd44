import Foundation
import OCOP
import Workflow

/// Guards that apply an OCOP rule set to a product's dossier and score (DOMAIN "Modelling decisions" 1, §1.3, §2).
extension Domain {
    /// `rule_set_in_force`: the rule set named at `rule_set` (default `input.rule_set`) is the one in force on the
    /// submission day, today: an evaluation uses the rule set of its submission date, boundaries inclusive.
    static func ruleSetInForce(_ rules: RuleSetSource) -> GuardSpec {
        GuardSpec(name: "rule_set_in_force", parameters: [.init("rule_set", .string, isRequired: false)], readsInput: true) { context in
            let today = context.localToday
            return rules.with(ruleSetInForceOn: today) { inForce in
                guard let given = context.text(at: context.path("rule_set", default: "input.rule_set")) else {
                    return .failed(
                        vi: "chưa chọn bộ tiêu chí; ngày nộp \(today.displayString) áp dụng \(inForce.id)",
                        en: "no rule set chosen; a submission on \(today.displayString) uses \(inForce.id)"
                    )
                }
                if given == inForce.id { return .passed }
                return .failed(
                    vi: "ngày nộp \(today.displayString) áp dụng bộ tiêu chí \(inForce.id), không phải \(given)",
                    en: "a submission on \(today.displayString) uses rule set \(inForce.id), not \(given)"
                )
            }
        }
    }

    /// `dossier_complete`: every dossier item of the rule set at `rule_set` (default `rule_set`) is in the data, as a
    /// file attached to it (`dossier_files.<code>`, kept by the document service) or as a note `dossier_<code>` ("-"
    /// written "_"); an item with a condition may instead be listed in `dossier_not_applicable`.
    static func dossierComplete(_ rules: RuleSetSource) -> GuardSpec {
        GuardSpec(name: "dossier_complete", parameters: [.init("rule_set", .string, isRequired: false)]) { context in
            rules.with(ruleSetAt: context.path("rule_set", default: "rule_set"), in: context) { ruleSet in
                missingDossierItems(ruleSet, context: context)
            }
        }
    }

    /// The data field holding a dossier item: `business-plan` → `dossier_business_plan`.
    public static func dossierField(_ code: String) -> String {
        "dossier_" + code.replacingOccurrences(of: "-", with: "_")
    }

    /// Lists the rule set's items absent from the data, and unconditional items wrongly marked not applicable.
    private static func missingDossierItems(_ ruleSet: RuleSet, context: GuardContext) -> GuardResult {
        let waived = Set((context.text(at: "dossier_not_applicable") ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        })
        var missing: [Bilingual] = []
        var notWaivable: [Bilingual] = []
        for item in ruleSet.dossierItems
        where context.value(at: dossierField(item.code)) == nil && context.value(at: "dossier_files." + item.code) == nil {
            if waived.contains(item.code) {
                if item.condition == nil { notWaivable.append(item.name) }
                continue
            }
            let vi = item.condition.map { " (\($0.vi))" } ?? ""
            let en = item.condition.map { " (\($0.en))" } ?? ""
            missing.append(Bilingual(vi: item.name.vi + vi, en: item.name.en + en))
        }
        var problems: [Bilingual] = []
        if !missing.isEmpty {
            let list = Bilingual.joined(missing)
            problems.append(Bilingual(
                vi: "hồ sơ theo \(ruleSet.id) còn thiếu: \(list.vi)", en: "the \(ruleSet.id) dossier lacks: \(list.en)"
            ))
        }
        if !notWaivable.isEmpty {
            let list = Bilingual.joined(notWaivable)
            problems.append(Bilingual(
                vi: "bắt buộc, không thể ghi là không áp dụng: \(list.vi)", en: "mandatory, cannot be marked not applicable: \(list.en)"
            ))
        }
        return problems.isEmpty ? .passed : .failed(Bilingual.joined(problems))
    }

    /// `district_scores`: whether a district council scores today under the product's rule set equals `expected`.
    ///
    /// True under 1048 and 148 until 2025-06-30; false under 148-1489 (the commune proposes) and on 1–5 July 2025
    /// under 148, when the province acts for the missing district (§9.9).
    static func districtScores(_ rules: RuleSetSource) -> GuardSpec {
        GuardSpec(name: "district_scores", parameters: [.init("expected", .bool)]) { context in
            rules.with(ruleSetAt: "rule_set", in: context) { ruleSet in
                let expected = context.parameters["expected"]?.boolValue ?? true
                let today = context.localToday
                let scores = ruleSet.rule(for: .district).map { $0.scores && $0.isAvailable(on: today) } ?? false
                if scores == expected { return .passed }
                if scores {
                    return .failed(
                        vi: "theo \(ruleSet.id), hội đồng cấp huyện chấm điểm: kiểm tra thực tế, chấm điểm ở huyện",
                        en: "under \(ruleSet.id) the district council scores: field-check and score at the district"
                    )
                }
                return .failed(
                    vi: "theo \(ruleSet.id), ngày \(today.displayString) không có hội đồng cấp huyện chấm điểm: "
                        + "đề xuất lên cấp tỉnh",
                    en: "under \(ruleSet.id) no district council scores on \(today.displayString): propose to the province"
                )
            }
        }
    }

    /// `average_valid`: the council average at `field` (default `input.average`) lies within 0 and the rule set's
    /// maximum and is already rounded to two places (§2.2, §9.8; `CouncilResult.average`).
    static func averageValid(_ rules: RuleSetSource) -> GuardSpec {
        GuardSpec(name: "average_valid", parameters: [.init("field", .string, isRequired: false)], readsInput: true) { context in
            rules.with(ruleSetAt: "rule_set", in: context) { ruleSet in
                guard let average = context.number(at: context.path("field", default: "input.average")) else {
                    return .failed(vi: "chưa nhập điểm trung bình", en: "the average was not entered")
                }
                var problems: [Bilingual] = []
                if average < 0 || average > ruleSet.maximumScore {
                    problems.append(Bilingual(
                        vi: "điểm trung bình \(average.plainText) nằm ngoài 0–\(ruleSet.maximumScore.plainText)",
                        en: "the average \(average.plainText) is outside 0–\(ruleSet.maximumScore.plainText)"
                    ))
                }
                if average.rounded(places: 2) != average {
                    problems.append(Bilingual(
                        vi: "điểm trung bình \(average.plainText) phải làm tròn đến 2 chữ số thập phân (\(average.scoreText))",
                        en: "the average \(average.plainText) must be rounded to 2 decimal places (\(average.scoreText))"
                    ))
                }
                return problems.isEmpty ? .passed : .failed(Bilingual.joined(problems))
            }
        }
    }
}

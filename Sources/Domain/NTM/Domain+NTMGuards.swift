import Foundation
import OCOP
import Workflow

/// Guards on an NTM registration's criteria tally (DOMAIN §4.3, §4.4, §4.7, §6.6).
///
/// The caller copies the set in force (`criteria_set`, `criteria_set_issued`, `criteria_total`) and the unit's
/// latest tally (`criteria_met`, `criteria_basically_met`, `model_conditions_met`) into the data.
extension Domain {
    /// `criteria_set_issued`: the criteria set in force has been issued by a decision (`criteria_set_issued: true`).
    ///
    /// A provisional set lets a unit count "x/20" but not build a dossier: the seed's Đức Bồng case (§4.1, §4.3).
    public static let criteriaSetIssued = GuardSpec(name: "criteria_set_issued") { context in
        let set = context.text(at: "criteria_set")
        switch context.bool(at: "criteria_set_issued") {
        case true?:
            return .passed
        case false?:
            let name = set ?? "đang áp dụng"
            return .failed(
                vi: "bộ tiêu chí \(name) chưa được ban hành (mới tạm tính), nên chưa thể lập hồ sơ đánh giá",
                en: "criteria set \(set ?? "in use") has not been issued (provisional only), so no evaluation dossier can be built"
            )
        case nil:
            return .failed(
                vi: "chưa xác định bộ tiêu chí được ban hành đang có hiệu lực, nên chưa thể lập hồ sơ đánh giá",
                en: "no issued criteria set in force is recorded, so no evaluation dossier can be built"
            )
        }
    }

    /// `all_criteria_met`: every criterion of the set is *đạt* (`criteria_met == criteria_total`); *cơ bản đạt*
    /// does not count (§4.7).
    public static let allCriteriaMet = GuardSpec(name: "all_criteria_met") { context in
        guard let total = context.integer(at: "criteria_total"), total > 0 else {
            return .failed(vi: "chưa có số tiêu chí của bộ tiêu chí áp dụng", en: "the number of criteria in the set is not recorded")
        }
        guard let met = context.integer(at: "criteria_met") else {
            if let merged = context.integer(at: "criteria_met_or_basically_met") {
                return .failed(
                    vi: "mới có số tiêu chí đạt và cơ bản đạt (\(merged)/\(total)), chưa tách số tiêu chí đạt; cần đánh giá từng tiêu chí",
                    en: "only the count met or basically met (\(merged)/\(total)) is recorded, not those met; assess each criterion")
            }
            return .failed(vi: "chưa có kết quả tự đánh giá các tiêu chí", en: "no self-assessment of the criteria is recorded")
        }
        if met >= total { return .passed }
        let basically = max(0, context.integer(at: "criteria_basically_met") ?? 0)
        let notYet = max(0, total - met - basically)
        var vi = "mới đạt \(met)/\(total) tiêu chí"
        var en = "only \(met)/\(total) criteria met"
        if basically > 0 {
            vi += "; \(basically) tiêu chí mới cơ bản đạt (không được tính khi xét công nhận)"
            en += "; \(basically) only basically met (not counted for recognition)"
        }
        if notYet > 0 {
            vi += "; \(notYet) tiêu chí chưa đạt"
            en += "; \(notYet) not yet met"
        }
        return .failed(vi: vi, en: en)
    }

    /// `model_conditions_met`: for a model commune (scope `commune-model`), all `count` conditions of 319 are met
    /// (§4.4: advanced NTM, 110% income, a smart village, an outstanding field); other scopes pass.
    public static let modelConditionsMet = GuardSpec(name: "model_conditions_met", parameters: [.init("count", .int)]) { context in
        guard context.text(at: "scope") == CriteriaSet.Scope.communeModel.rawValue else { return .passed }
        let required = context.intParameter("count") ?? 4
        let met = context.integer(at: "model_conditions_met") ?? 0
        if met >= required { return .passed }
        return .failed(
            vi: "xã NTM kiểu mẫu: mới đạt \(met)/\(required) điều kiện kiểu mẫu",
            en: "model commune: only \(met)/\(required) model conditions met"
        )
    }

    /// `tally_consistent`: a progress report's figures fit together: counts not negative, đạt + cơ bản đạt within
    /// the set's criteria, model conditions within 4, and the % KH range with min ≤ max.
    public static let tallyConsistent = GuardSpec(name: "tally_consistent", readsInput: true) { context in
        var problems: [Bilingual] = []
        let met = context.integer(at: "input.criteria_met")
        let basically = context.integer(at: "input.criteria_basically_met") ?? 0
        if let met, met < 0 || basically < 0 {
            problems.append(Bilingual(vi: "số tiêu chí không được âm", en: "criteria counts cannot be negative"))
        } else if let met, let total = context.integer(at: "criteria_total"), met + basically > total {
            problems.append(Bilingual(
                vi: "\(met) đạt + \(basically) cơ bản đạt vượt quá \(total) tiêu chí của bộ",
                en: "\(met) met + \(basically) basically met exceeds the set's \(total) criteria"
            ))
        }
        if let merged = context.integer(at: "input.criteria_met_or_basically_met") {
            if merged < 0 {
                problems.append(Bilingual(vi: "số tiêu chí không được âm", en: "criteria counts cannot be negative"))
            } else if let met, met + basically != merged {
                problems.append(Bilingual(
                    vi: "\(met) đạt + \(basically) cơ bản đạt khác \(merged) (đạt và cơ bản đạt)",
                    en: "\(met) met + \(basically) basically met differs from \(merged) (met or basically met)"
                ))
            } else if let total = context.integer(at: "criteria_total"), merged > total {
                problems.append(Bilingual(
                    vi: "\(merged) tiêu chí đạt và cơ bản đạt vượt quá \(total) tiêu chí của bộ",
                    en: "\(merged) met or basically met exceeds the set's \(total) criteria"
                ))
            }
        }
        if let model = context.integer(at: "input.model_conditions_met"), !(0...4).contains(model) {
            problems.append(Bilingual(
                vi: "số điều kiện kiểu mẫu \(model) phải từ 0 đến 4", en: "model conditions \(model) must be 0 to 4"
            ))
        }
        let low = context.number(at: "input.progress_min")
        let high = context.number(at: "input.progress_max")
        if let low, low < 0 {
            problems.append(Bilingual(vi: "% KH không được âm", en: "% of plan cannot be negative"))
        }
        if let low, let high, low > high {
            problems.append(Bilingual(
                vi: "% KH thấp nhất \(low.plainText) lớn hơn cao nhất \(high.plainText)",
                en: "lowest % of plan \(low.plainText) is above the highest \(high.plainText)"
            ))
        }
        return problems.isEmpty ? .passed : .failed(Bilingual.joined(problems))
    }
}

/// Guards on the NTM appraisal council's vote (DOMAIN §4.8, §9.18).
///
/// §9.18 default: the outcome is entered with the vote counts and no threshold is computed; the counts must only
/// add up. The switch (a threshold) is `votes_at_least_share` in the YAML.
extension Domain {
    /// `votes_consistent`: vote counts are not negative and for + against + abstentions ≤ members.
    public static let votesConsistent = GuardSpec(name: "votes_consistent", readsInput: true) { context in
        let members = context.integer(at: "input.members")
        let counts = [
            ("phiếu đồng ý", "votes in favour", context.integer(at: "input.votes_for")),
            ("phiếu không đồng ý", "votes against", context.integer(at: "input.votes_against")),
            ("phiếu không biểu quyết", "abstentions", context.integer(at: "input.votes_abstain")),
        ]
        var problems: [Bilingual] = []
        for (vi, en, value) in counts {
            if let value, value < 0 { problems.append(Bilingual(vi: "số \(vi) không được âm", en: "\(en) cannot be negative")) }
        }
        if let members, members <= 0 {
            problems.append(Bilingual(vi: "số thành viên hội đồng phải lớn hơn 0", en: "the council must have members"))
        }
        let cast = counts.compactMap(\.2).reduce(0, +)
        if let members, cast > members {
            problems.append(Bilingual(
                vi: "tổng số phiếu \(cast) vượt quá số thành viên \(members)",
                en: "\(cast) votes cast exceed the \(members) members"
            ))
        }
        return problems.isEmpty ? .passed : .failed(Bilingual.joined(problems))
    }

    /// `votes_at_least_share`: the §9.18 switch: votes in favour are at least `share` (0–1) of the members.
    public static let votesAtLeastShare = GuardSpec(name: "votes_at_least_share", parameters: [.init("share", .decimal)], readsInput: true) {
        context in
        let share = context.parameters["share"]?.numberValue ?? 0
        guard let members = context.integer(at: "input.members"), members > 0, let votes = context.integer(at: "input.votes_for") else {
            return .failed(vi: "chưa nhập số thành viên và số phiếu đồng ý", en: "members and votes in favour were not entered")
        }
        let needed = share * Decimal(members)
        if Decimal(votes) >= needed { return .passed }
        return .failed(
            vi: "\(votes)/\(members) phiếu đồng ý, chưa đạt tỷ lệ \((share * 100).plainText)%",
            en: "\(votes)/\(members) in favour, below the \((share * 100).plainText)% required"
        )
    }
}

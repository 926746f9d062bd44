import Foundation
import OCOP
import Workflow

/// Guards on who may act, where the YAML's role list alone cannot say: it depends on a date or on the instance.
extension Domain {
    /// The last day district People's Committees act (§4.9); from the next day the commune takes their OCOP steps.
    static let lastDistrictDay = LocalDate(year: 2025, month: 6, day: 30)!

    /// `local_authority_role`: the district (HUYEN) acts until `district_until`, the commune (XA) after (§6.3, §4.9).
    public static let localAuthorityRole = GuardSpec(
        name: "local_authority_role", parameters: [.init("district_until", .date, isRequired: false)]
    ) { context in
        let until = context.string("district_until").flatMap(LocalDate.init(iso:)) ?? lastDistrictDay
        let districtActs = context.localToday <= until
        let role = districtActs ? "HUYEN" : "XA"
        if context.actorHolds(role) { return .passed }
        let roles = context.heldRoles
        if districtActs {
            return .failed(
                vi: "đến hết ngày \(until.displayString) việc này do cấp huyện (HUYEN) thực hiện; vai trò hiện có: \(roles)",
                en: "until \(until.displayString) the district (HUYEN) does this; roles held: \(roles)"
            )
        }
        return .failed(
            vi: "từ sau ngày \(until.displayString) việc này do cấp xã (XA) thực hiện; vai trò hiện có: \(roles)",
            en: "after \(until.displayString) the commune (XA) does this; roles held: \(roles)"
        )
    }

    /// `issuing_authority`: the actor acts for the body that issued the certificate (`level`: district → UBH,
    /// province → UBT, central → TW), e.g. to revoke it.
    public static let issuingAuthority = GuardSpec(name: "issuing_authority", parameters: [.init("field", .string, isRequired: false)]) {
        context in
        let path = context.path("field", default: "level")
        guard let text = context.text(at: path), let level = CouncilLevel(rawValue: text), let role = committeeRole(of: level) else {
            return .failed(vi: "chưa ghi cấp cấp giấy chứng nhận (\(path))", en: "the issuing level is not recorded (\(path))")
        }
        if context.actorHolds(role) { return .passed }
        return .failed(
            vi: "giấy chứng nhận do \(level.name.vi) cấp; chỉ \(role) được thực hiện (vai trò hiện có: \(context.heldRoles))",
            en: "the certificate was issued at the \(level.name.en); only \(role) may do this (roles held: \(context.heldRoles))"
        )
    }

    /// `recognising_authority`: the actor acts for the body that recognises this scope (§6.6, §9.19): the province
    /// for communes and civilised urban areas, the Prime Minister (TW) for districts, and for villages, residential
    /// groups, gardens and clusters the district until `district_until`, the commune after.
    public static let recognisingAuthority = GuardSpec(
        name: "recognising_authority",
        parameters: [.init("field", .string, isRequired: false), .init("district_until", .date, isRequired: false)]
    ) { context in
        let path = context.path("field", default: "scope")
        guard let text = context.text(at: path), let scope = CriteriaSet.Scope(rawValue: text) else {
            let known = CriteriaSet.Scope.allCases.map(\.rawValue).joined(separator: ", ")
            return .failed(
                vi: "phạm vi đăng ký (\(path)) chưa có hoặc không hợp lệ; cần một trong: \(known)",
                en: "the registration scope (\(path)) is missing or invalid; expected one of: \(known)"
            )
        }
        let until = context.string("district_until").flatMap(LocalDate.init(iso:)) ?? lastDistrictDay
        let role = recognisingRole(for: scope, on: context.localToday, districtUntil: until)
        if context.actorHolds(role.code) { return .passed }
        return .failed(
            vi: "công nhận \(scope.rawValue) thuộc thẩm quyền \(role.name.vi) (\(role.code)); vai trò hiện có: \(context.heldRoles)",
            en: "recognising \(scope.rawValue) is for the \(role.name.en) (\(role.code)); roles held: \(context.heldRoles)"
        )
    }

    /// The People's Committee role of a council level (§6.1).
    static func committeeRole(of level: CouncilLevel) -> String? {
        switch level {
        case .commune: "XA"
        case .district: "UBH"
        case .province: "UBT"
        case .central: "TW"
        }
    }

    /// Who recognises a scope on a day (§6.6 "decide" row, §9.19 default).
    static func recognisingRole(for scope: CriteriaSet.Scope, on date: LocalDate, districtUntil: LocalDate) -> (code: String, name: Bilingual) {
        switch scope {
        case .communeStandard, .communeAdvanced, .communeModel, .urbanCivilised:
            return ("UBT", Bilingual(vi: "Chủ tịch UBND tỉnh", en: "provincial People's Committee chair"))
        case .districtAdvanced:
            return ("TW", Bilingual(vi: "Thủ tướng Chính phủ", en: "Prime Minister"))
        case .villageModel, .residentialGroupCivilised, .ecoCluster, .ecoGardenHouse, .modelGarden:
            return date <= districtUntil
                ? ("UBH", Bilingual(vi: "UBND huyện", en: "district People's Committee"))
                : ("XA", Bilingual(vi: "UBND xã", en: "commune People's Committee"))
        }
    }
}

import Foundation

/// The rules of NTM registration that vary by province and were left open (DOMAIN §6.6, §9.20), read from
/// `workflows/ntm/registration-rules.yaml`: prerequisites per scope, the same-year model switch, and which kinds
/// of unit may register each scope.
public struct NTMRegistrationRules: Sendable, Hashable {
    public typealias Scope = CriteriaSet.Scope

    /// For each scope, the scopes one of which must already be recognised.
    public var prerequisites: [Scope: [Scope]]
    /// §9.20: model and advanced may be built in the same year (default true).
    public var modelWithAdvancedSameYear: Bool
    /// For each scope, the admin-unit kinds that may register it.
    public var unitKinds: [Scope: [String]]

    public init(prerequisites: [Scope: [Scope]], modelWithAdvancedSameYear: Bool, unitKinds: [Scope: [String]]) {
        self.prerequisites = prerequisites
        self.modelWithAdvancedSameYear = modelWithAdvancedSameYear
        self.unitKinds = unitKinds
    }

    /// The levels, lowest first, of the commune ladder: a recognised higher level satisfies a lower prerequisite.
    static let communeLadder: [Scope] = [.communeStandard, .communeAdvanced, .communeModel]

    /// The scopes whose recognition satisfies a registration of `scope`: empty when nothing is required.
    public func acceptedRecognitions(for scope: Scope) -> Set<Scope> {
        var required = prerequisites[scope] ?? []
        if scope == .communeModel, modelWithAdvancedSameYear {
            required = required.map { $0 == .communeAdvanced ? .communeStandard : $0 }
        }
        var accepted: Set<Scope> = []
        for prerequisite in required {
            accepted.insert(prerequisite)
            if let rank = Self.communeLadder.firstIndex(of: prerequisite) {
                accepted.formUnion(Self.communeLadder[rank...])
            }
        }
        return accepted
    }

    /// The set a registration of `scope` counts "x/N" against: a model commune counts the advanced criteria
    /// ("13/20 tiêu chí nâng cao") and the 4 model conditions apart (§4.4).
    public static func countingScope(for scope: Scope) -> Scope {
        scope == .communeModel ? .communeAdvanced : scope
    }

    /// Loads the rules file.
    public static func load(contentsOf url: URL) throws -> NTMRegistrationRules {
        try decode(from: try YAMLValue.load(contentsOf: url))
    }

    /// Decodes rules from YAML text; `file` labels error locations.
    public static func decode(yaml: String, file: String = "<memory>") throws -> NTMRegistrationRules {
        try decode(from: try YAMLValue.parse(yaml: yaml, file: file))
    }

    static func decode(from root: YAMLValue) throws -> NTMRegistrationRules {
        let map = try root.mapping()
        try map.allowOnly(["prerequisites", "model_with_advanced_same_year", "unit_kinds"])
        var prerequisites: [Scope: [Scope]] = [:]
        for entry in try map.required("prerequisites").mapping().entries {
            let scope = try entry.keyValue.oneOf(Scope.self)
            prerequisites[scope] = try entry.value.sequence().map { try $0.oneOf(Scope.self) }
        }
        var unitKinds: [Scope: [String]] = [:]
        let kinds = ["province", "district", "commune", "ward", "town", "village", "residential_group", "cluster", "garden"]
        for entry in try map.required("unit_kinds").mapping().entries {
            let scope = try entry.keyValue.oneOf(Scope.self)
            unitKinds[scope] = try entry.value.sequence().map { node in
                let kind = try node.string()
                guard kinds.contains(kind) else {
                    throw node.error(
                        .invalidValue, vi: "loại đơn vị '\(kind)' không hợp lệ; dùng: \(kinds.joined(separator: ", "))",
                        en: "unit kind '\(kind)' is invalid; use: \(kinds.joined(separator: ", "))")
                }
                return kind
            }
        }
        for scope in Scope.allCases where unitKinds[scope] == nil {
            throw map.owner.error(
                .missingKey, vi: "unit_kinds thiếu phạm vi '\(scope.rawValue)'", en: "unit_kinds lacks scope '\(scope.rawValue)'")
        }
        return NTMRegistrationRules(
            prerequisites: prerequisites,
            modelWithAdvancedSameYear: try map.optional("model_with_advanced_same_year")?.bool() ?? true,
            unitKinds: unitKinds)
    }
}

extension CriteriaSet.Scope {
    /// The target level as officials write it.
    public var label: Bilingual {
        switch self {
        case .communeStandard: Bilingual(vi: "xã đạt chuẩn NTM", en: "NTM commune")
        case .communeAdvanced: Bilingual(vi: "xã NTM nâng cao", en: "advanced NTM commune")
        case .communeModel: Bilingual(vi: "xã NTM kiểu mẫu", en: "model NTM commune")
        case .districtAdvanced: Bilingual(vi: "huyện NTM nâng cao", en: "advanced NTM district")
        case .urbanCivilised: Bilingual(vi: "đô thị văn minh", en: "civilised urban area")
        case .villageModel: Bilingual(vi: "khu dân cư NTM kiểu mẫu", en: "model NTM residential area")
        case .residentialGroupCivilised: Bilingual(vi: "tổ dân phố văn minh", en: "civilised residential group")
        case .ecoCluster: Bilingual(vi: "cụm dân cư sinh thái", en: "eco residential cluster")
        case .ecoGardenHouse: Bilingual(vi: "nhà vườn sinh thái", en: "eco garden-house")
        case .modelGarden: Bilingual(vi: "vườn mẫu", en: "model garden")
        }
    }
}

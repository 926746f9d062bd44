import Foundation

extension CriteriaSet {
    /// Loads and validates a criteria-set file.
    public static func load(contentsOf url: URL) throws -> CriteriaSet {
        try decode(from: try YAMLValue.load(contentsOf: url))
    }

    /// Decodes and validates a criteria set from YAML text; `file` labels error locations.
    public static func decode(yaml: String, file: String = "<memory>") throws -> CriteriaSet {
        try decode(from: try YAMLValue.parse(yaml: yaml, file: file))
    }

    static func decode(from root: YAMLValue) throws -> CriteriaSet {
        let map = try root.mapping()
        try map.allowOnly([
            "code", "name", "scope", "decision", "provisional", "placeholder", "valid_from", "valid_to", "tracking",
            "groups", "criteria", "note", "area",
        ])
        let decision = try map.optional("decision")?.legalReference()
        let provisional = try map.optional("provisional")?.bool() ?? false
        if decision == nil, !provisional {
            // A set with no decision must say so; otherwise a dossier could be built on an unissued set.
            throw map.owner.error(
                .missingKey,
                vi: "thiếu 'decision' (quyết định ban hành); nếu chưa ban hành, ghi 'provisional: true'",
                en: "missing 'decision' (issuing decision); if not issued yet, write 'provisional: true'"
            )
        }
        let validFrom = try map.required("valid_from").date()
        let validToNode = map.optional("valid_to")
        let validTo = try validToNode?.date()
        if let validTo, let validToNode, validTo < validFrom {
            throw validToNode.error(.inconsistent, vi: "'valid_to' trước 'valid_from'", en: "'valid_to' is before 'valid_from'")
        }
        let tracking = try map.optional("tracking")?.oneOf(Tracking.self) ?? .perCriterion
        let groups = try decodeGroups(map.optional("groups"))
        let criteriaNode = try map.required("criteria")
        let criteria = try decodeCriteria(criteriaNode, groups: groups)
        if tracking == .perCriterion, criteria.isEmpty {
            throw criteriaNode.error(
                .invalidValue,
                vi: "bộ theo dõi từng tiêu chí cần ít nhất một tiêu chí",
                en: "a per-criterion set needs at least one criterion"
            )
        }
        return CriteriaSet(
            id: try map.required("code").code(),
            name: try map.required("name").localized(),
            scope: try map.required("scope").oneOf(Scope.self),
            decision: decision,
            provisional: provisional,
            placeholder: try map.optional("placeholder")?.bool() ?? false,
            validity: ValidityPeriod(from: validFrom, to: validTo),
            tracking: tracking,
            groups: groups,
            criteria: criteria,
            note: try map.optional("note")?.localized(),
            area: try map.optional("area")?.string()
        )
    }

    private static func decodeGroups(_ value: YAMLValue?) throws -> [Group] {
        guard let value else { return [] }
        var decoded: [(group: Group, node: YAMLValue)] = []
        for item in try value.sequence() {
            let map = try item.mapping()
            try map.allowOnly(["code", "vi", "en"])
            let codeNode = try map.required("code")
            let name = Bilingual(vi: try map.required("vi").string(), en: try map.required("en").string())
            decoded.append((Group(code: try codeNode.code(), name: name), codeNode))
        }
        try YAMLValue.checkUnique(decoded.map { ($0.group.code, $0.node) }, what: Bilingual(vi: "mã nhóm", en: "group code"))
        return decoded.map(\.group)
    }

    private static func decodeCriteria(_ value: YAMLValue, groups: [Group]) throws -> [Criterion] {
        let groupCodes = Set(groups.map(\.code))
        var decoded: [(criterion: Criterion, node: YAMLValue)] = []
        for item in try value.sequence() {
            let map = try item.mapping()
            try map.allowOnly(["code", "vi", "en", "group", "target", "short"])
            let codeNode = try map.required("code")
            let groupNode = map.optional("group")
            let group = try groupNode?.code()
            if let groupNode, let group, !groupCodes.contains(group) {
                throw groupNode.error(
                    .invalidValue,
                    vi: "nhóm '\(group)' chưa được khai báo trong 'groups'",
                    en: "group '\(group)' is not declared in 'groups'"
                )
            }
            if groupNode == nil, !groups.isEmpty {
                throw item.error(.missingKey, vi: "thiếu khóa bắt buộc 'group'", en: "missing required key 'group'")
            }
            let criterion = Criterion(
                code: try codeNode.code(),
                name: Bilingual(vi: try map.required("vi").string(), en: try map.required("en").string()),
                group: group,
                target: try map.optional("target")?.string(),
                shortName: try map.optional("short")?.localized()
            )
            decoded.append((criterion, codeNode))
        }
        try YAMLValue.checkUnique(decoded.map { ($0.criterion.code, $0.node) }, what: Bilingual(vi: "mã tiêu chí", en: "criterion code"))
        return decoded.map(\.criterion)
    }
}

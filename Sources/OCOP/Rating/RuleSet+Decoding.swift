import Foundation

extension RuleSet {
    /// Loads and validates a rule-set file.
    public static func load(contentsOf url: URL) throws -> RuleSet {
        try decode(from: try YAMLValue.load(contentsOf: url))
    }

    /// Decodes and validates a rule set from YAML text; `file` labels error locations.
    public static func decode(yaml: String, file: String = "<memory>") throws -> RuleSet {
        try decode(from: try YAMLValue.parse(yaml: yaml, file: file))
    }

    static func decode(from root: YAMLValue) throws -> RuleSet {
        let map = try root.mapping()
        try map.allowOnly([
            "id", "name", "legal_basis", "in_force", "part_maxima", "bonus", "bands", "levels", "certifies",
            "certificate", "dossier_items", "product_groups", "switches",
        ])
        let maxima = try decodeMaxima(map.required("part_maxima"))
        let total = maxima.values.reduce(Decimal(0), +)
        let bonus = try map.optional("bonus").map { try decodeBonus($0, maxima: maxima) }
        let levels = try decodeLevels(map.required("levels"))
        let certificate = try map.required("certificate").mapping()
        try certificate.allowOnly(["validity_months", "notice_days"])
        let groups = try map.required("product_groups").nonEmptySequence().map(decodeProductGroup)
        try YAMLValue.checkUnique(groups.map { ($0.group.code, $0.node) }, what: Bilingual(vi: "mã nhóm sản phẩm", en: "product group code"))
        return RuleSet(
            id: try map.required("id").code(),
            name: try map.required("name").localized(),
            legalBasis: try map.required("legal_basis").nonEmptySequence().map { try $0.legalReference() },
            inForce: try map.required("in_force").validityPeriod(),
            partMaxima: maxima,
            bonus: bonus,
            bands: try decodeBands(map.required("bands"), total: total),
            levels: levels,
            certifyingLevels: try decodeCertifies(map.required("certifies"), levels: levels),
            validityMonths: try certificate.required("validity_months").int(in: 1...240),
            noticeDays: try certificate.required("notice_days").int(in: 0...365),
            dossierItems: try map.required("dossier_items").dossierItems(),
            productGroups: groups.map(\.group),
            switches: try decodeSwitches(map.required("switches"))
        )
    }

    private static func decodeMaxima(_ value: YAMLValue) throws -> [ScorePart: Decimal] {
        let map = try value.mapping()
        try map.allowOnly(Set(ScorePart.allCases.map(\.rawValue)))
        var maxima: [ScorePart: Decimal] = [:]
        for part in ScorePart.allCases {
            maxima[part] = try map.required(part.rawValue).decimal(in: Decimal(1)...Decimal(100))
        }
        let total = maxima.values.reduce(Decimal(0), +)
        guard total == 100 else {
            throw value.error(
                .inconsistent,
                vi: "tổng điểm tối đa các phần phải là 100 (đang là \(total.vietnameseText))",
                en: "the part maxima must sum to 100 (they sum to \(total))"
            )
        }
        return maxima
    }

    private static func decodeBonus(_ value: YAMLValue, maxima: [ScorePart: Decimal]) throws -> Bonus {
        let map = try value.mapping()
        try map.allowOnly(["maximum", "part"])
        let part = try map.required("part").oneOf(ScorePart.self)
        let maximum = try map.required("maximum").decimal(in: Decimal(0)...(maxima[part] ?? 0))
        return Bonus(maximum: maximum, part: part)
    }

    private static func decodeBands(_ value: YAMLValue, total: Decimal) throws -> [StarBand] {
        let items = try value.nonEmptySequence()
        guard items.count == Star.allCases.count else {
            throw value.error(.inconsistent, vi: "cần đúng 5 khoảng điểm, từ 1 đến 5 sao", en: "exactly 5 bands are needed, 1★ to 5★")
        }
        var bands: [StarBand] = []
        for (index, item) in items.enumerated() {
            let map = try item.mapping()
            try map.allowOnly(["star", "from", "below", "through"])
            let starValue = try map.required("star")
            guard let star = Star(rawValue: try starValue.int()), star.rawValue == index + 1 else {
                throw starValue.error(
                    .inconsistent,
                    vi: "khoảng thứ \(index + 1) phải là \(index + 1) sao",
                    en: "band \(index + 1) must be \(index + 1)★"
                )
            }
            let from = try map.required("from").decimal(in: Decimal(0)...total)
            let isLast = index == items.count - 1
            let upperKey = isLast ? "through" : "below"
            if map.optional(isLast ? "below" : "through") != nil {
                throw item.error(
                    .inconsistent,
                    vi: isLast
                        ? "khoảng cao nhất dùng 'through' (đóng)" : "chỉ khoảng cao nhất được dùng 'through'; các khoảng khác dùng 'below' (nửa mở)",
                    en: isLast ? "the top band uses 'through' (closed)" : "only the top band may use 'through'; others use 'below' (half-open)"
                )
            }
            let upperValue = try map.required(upperKey)
            let upper = try upperValue.decimal(in: Decimal(0)...total)
            let expectedFrom = bands.last?.upper ?? 0
            guard from == expectedFrom, upper > from, !isLast || upper == total else {
                throw item.error(
                    .inconsistent,
                    vi: "các khoảng điểm phải liền nhau từ 0 đến \(total.vietnameseText), không hở, không chồng",
                    en: "bands must be contiguous from 0 to \(total), without gaps or overlaps"
                )
            }
            bands.append(StarBand(star: star, lower: from, upper: upper, upperInclusive: isLast))
        }
        return bands
    }

    private static func decodeLevels(_ value: YAMLValue) throws -> [LevelRule] {
        var rules: [LevelRule] = []
        let items = try value.nonEmptySequence()
        for item in items {
            let map = try item.mapping()
            try map.allowOnly(["level", "scores", "forward_to", "forward_at_least", "available_until"])
            let level = try map.required("level").oneOf(CouncilLevel.self)
            if let previous = rules.last, previous.level >= level {
                throw item.error(
                    .inconsistent,
                    vi: "các cấp phải xếp từ thấp lên cao, không trùng",
                    en: "levels must be listed bottom-up without repeats"
                )
            }
            let forwardTo = try map.optional("forward_to")?.oneOf(CouncilLevel.self)
            let threshold = try map.optional("forward_at_least")?.decimal(in: Decimal(0)...Decimal(100))
            let scores = try map.required("scores").bool()
            if forwardTo == nil, threshold != nil || !scores {
                throw item.error(
                    .inconsistent,
                    vi: "cấp không chấm điểm hoặc có ngưỡng chuyển phải khai báo 'forward_to'",
                    en: "a level that does not score, or has a forwarding threshold, needs 'forward_to'"
                )
            }
            rules.append(
                LevelRule(
                    level: level,
                    scores: scores,
                    forwardTo: forwardTo,
                    forwardThreshold: threshold,
                    availableUntil: try map.optional("available_until")?.date()
                )
            )
        }
        for (index, rule) in rules.enumerated() {
            let next = index + 1 < rules.count ? rules[index + 1].level : nil
            guard rule.forwardTo == next else {
                throw items[index].error(
                    .inconsistent,
                    vi: "mỗi cấp (trừ cấp cao nhất) phải chuyển lên đúng cấp liền trên qua 'forward_to'",
                    en: "every level but the top must forward to the next level up with 'forward_to'"
                )
            }
        }
        return rules
    }

    private static func decodeCertifies(_ value: YAMLValue, levels: [LevelRule]) throws -> [Star: CouncilLevel] {
        let map = try value.mapping()
        try map.allowOnly(["3", "4", "5"])
        var result: [Star: CouncilLevel] = [:]
        for star in Star.certifiable {
            let node = try map.required(String(star.rawValue))
            let level = try node.oneOf(CouncilLevel.self)
            guard levels.contains(where: { $0.level == level && $0.scores }) else {
                throw node.error(
                    .inconsistent,
                    vi: "\(level.name.vi) không chấm điểm trong bộ quy tắc này",
                    en: "the \(level.name.en) does not score in this rule set"
                )
            }
            if let lower = result[Star(rawValue: star.rawValue - 1) ?? star], lower > level {
                throw node.error(
                    .inconsistent,
                    vi: "\(star.name.vi) không thể do cấp thấp hơn cấp công nhận hạng dưới công nhận",
                    en: "\(star) cannot be certified by a lower level than the star below it"
                )
            }
            result[star] = level
        }
        return result
    }

    private static func decodeProductGroup(_ value: YAMLValue) throws -> (group: ProductGroup, node: YAMLValue) {
        let map = try value.mapping()
        try map.allowOnly(["code", "name"])
        let codeNode = try map.required("code")
        return (ProductGroup(code: try codeNode.code(), name: try map.required("name").localized()), codeNode)
    }

    private static func decodeSwitches(_ value: YAMLValue) throws -> RatingSwitches {
        let map = try value.mapping()
        try map.allowOnly([
            "top_score_before_forwarding", "lower_star_at_province", "lower_star_at_central",
            "mandatory_criteria_unmet", "average_rounding", "average_places", "without_district_level",
        ])
        return RatingSwitches(
            topScoreBeforeForwarding: try map.required("top_score_before_forwarding").oneOf(RatingSwitches.TopScoreBeforeForwarding.self),
            lowerStarAtProvince: try map.required("lower_star_at_province").oneOf(RatingSwitches.LowerStarAtHigherLevel.self),
            lowerStarAtCentral: try map.required("lower_star_at_central").oneOf(RatingSwitches.LowerStarAtHigherLevel.self),
            mandatoryCriteriaUnmet: try map.required("mandatory_criteria_unmet").oneOf(RatingSwitches.MandatoryCriteriaUnmet.self),
            averageRounding: try map.required("average_rounding").oneOf(RatingSwitches.RoundingMode.self),
            averagePlaces: try map.required("average_places").int(in: 0...4),
            withoutDistrictLevel: try map.required("without_district_level").oneOf(RatingSwitches.WithoutDistrictLevel.self)
        )
    }
}

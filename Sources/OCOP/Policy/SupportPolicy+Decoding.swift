import Foundation

extension SupportPolicy {
    /// Loads and validates a policy file.
    public static func load(contentsOf url: URL) throws -> SupportPolicy {
        try decode(from: try YAMLValue.load(contentsOf: url))
    }

    /// Decodes and validates a policy from YAML text; `file` labels error locations.
    public static func decode(yaml: String, file: String = "<memory>") throws -> SupportPolicy {
        try decode(from: try YAMLValue.parse(yaml: yaml, file: file))
    }

    static func decode(from root: YAMLValue) throws -> SupportPolicy {
        let map = try root.mapping()
        try map.allowOnly([
            "id", "name", "issuer", "level", "area", "legal_basis", "validity", "currency", "funding_source",
            "star_amounts", "upgrade_amounts", "other_support", "claim_dossier_items", "confidence", "confidence_note",
        ])
        let levelNode = try map.required("level")
        let level = try levelNode.oneOf(CouncilLevel.self)
        guard level == .province || level == .district else {
            throw levelNode.error(
                .invalidValue,
                vi: "chính sách hỗ trợ do cấp tỉnh hoặc cấp huyện ban hành",
                en: "a support policy is issued by a province or a district"
            )
        }
        return SupportPolicy(
            id: try map.required("id").code(),
            name: try map.required("name").localized(),
            issuer: try map.required("issuer").localized(),
            level: level,
            area: try map.required("area").localized(),
            legalBasis: try map.required("legal_basis").nonEmptySequence().map { try $0.legalReference() },
            validity: try map.required("validity").validityPeriod(),
            currency: try map.required("currency").string(),
            fundingSource: try map.required("funding_source").localized(),
            starAmounts: try decodeStarAmounts(map.required("star_amounts")),
            upgradeAmounts: try decodeUpgrades(map.optional("upgrade_amounts")),
            otherSupport: try map.optional("other_support")?.sequence().map(decodeOther) ?? [],
            claimDossierItems: try map.required("claim_dossier_items").dossierItems(),
            confidence: try map.optional("confidence")?.oneOf(Confidence.self) ?? .high,
            confidenceNote: try map.optional("confidence_note")?.localized()
        )
    }

    /// Money is whole VND and positive.
    private static func money(_ value: YAMLValue) throws -> VND {
        VND(NSDecimalNumber(decimal: try value.decimal(in: Decimal(1)...Decimal(1_000_000_000_000), places: 0)).int64Value)
    }

    private static func certifiedStar(_ value: YAMLValue) throws -> Star {
        guard let star = Star(rawValue: try value.int()), star.isCertifiable else {
            throw value.error(.invalidValue, vi: "chỉ hạng 3, 4, 5 sao được hỗ trợ", en: "only 3★, 4★ and 5★ are supported")
        }
        return star
    }

    private static func decodeStarAmounts(_ value: YAMLValue) throws -> [Star: VND] {
        let map = try value.mapping()
        guard !map.entries.isEmpty else {
            throw value.error(.invalidValue, vi: "cần ít nhất một mức hỗ trợ theo hạng sao", en: "at least one amount per star is needed")
        }
        var amounts: [Star: VND] = [:]
        for entry in map.entries {
            amounts[try certifiedStar(entry.keyValue)] = try money(entry.value)
        }
        return amounts
    }

    private static func decodeUpgrades(_ value: YAMLValue?) throws -> [UpgradeAmount] {
        guard let value else { return [] }
        var upgrades: [UpgradeAmount] = []
        for item in try value.sequence() {
            let map = try item.mapping()
            try map.allowOnly(["from", "to", "amount"])
            let from = try certifiedStar(map.required("from"))
            let to = try certifiedStar(map.required("to"))
            guard from < to else {
                throw item.error(
                    .inconsistent,
                    vi: "nâng hạng phải từ hạng thấp lên hạng cao hơn",
                    en: "an upgrade goes from a lower star to a higher one"
                )
            }
            if upgrades.contains(where: { $0.from == from && $0.to == to }) {
                throw item.error(.duplicateCode, vi: "mức nâng hạng \(from)→\(to) bị trùng", en: "duplicate upgrade \(from)→\(to)")
            }
            upgrades.append(UpgradeAmount(from: from, to: to, amount: try money(map.required("amount"))))
        }
        return upgrades
    }

    private static func decodeOther(_ item: YAMLValue) throws -> OtherSupport {
        let map = try item.mapping()
        try map.allowOnly(["code", "name", "amount", "rate_percent", "cap"])
        let other = OtherSupport(
            code: try map.required("code").code(),
            name: try map.required("name").localized(),
            amount: try map.optional("amount").map(money),
            ratePercent: try map.optional("rate_percent")?.decimal(in: Decimal(0)...Decimal(100)),
            cap: try map.optional("cap").map(money)
        )
        guard other.amount != nil || other.ratePercent != nil else {
            throw item.error(.missingKey, vi: "cần 'amount' hoặc 'rate_percent'", en: "'amount' or 'rate_percent' is needed")
        }
        return other
    }
}

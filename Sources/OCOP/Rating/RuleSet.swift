import Foundation

/// The OCOP rating rules in force for a period: part maxima, star bands, which level certifies which star,
/// forwarding thresholds, certificate validity, dossier items, product groups and the §9 switches.
///
/// Rule sets are data (`workflows/rulesets/*.yaml`); an evaluation uses the one in force on the day its
/// dossier was submitted (`RuleSetCatalog.ruleSet(forSubmissionDate:)`).
public struct RuleSet: Sendable, Hashable, Identifiable {
    /// What one level of the procedure does under this rule set.
    public struct LevelRule: Sendable, Hashable {
        /// The level.
        public var level: CouncilLevel
        /// False for a level that only receives and proposes (the commune under 1489).
        public var scores: Bool
        /// The next level up, when this level forwards products.
        public var forwardTo: CouncilLevel?
        /// The least average that may be forwarded; nil means "proposes without a threshold".
        public var forwardThreshold: Decimal?
        /// The last day this level exists (the district: 2025-06-30); nil when it has no end.
        public var availableUntil: LocalDate?

        /// Creates a level rule.
        public init(
            level: CouncilLevel,
            scores: Bool,
            forwardTo: CouncilLevel? = nil,
            forwardThreshold: Decimal? = nil,
            availableUntil: LocalDate? = nil
        ) {
            self.level = level
            self.scores = scores
            self.forwardTo = forwardTo
            self.forwardThreshold = forwardThreshold
            self.availableUntil = availableUntil
        }

        /// True when the level exists on that day.
        public func isAvailable(on date: LocalDate) -> Bool {
            availableUntil.map { date <= $0 } ?? true
        }
    }

    /// Bonus points (148: women's and ethnic minorities' participation, local materials), counted inside a part.
    public struct Bonus: Sendable, Hashable {
        /// The most bonus points a member may give.
        public var maximum: Decimal
        /// The part whose maximum also caps part score + bonus (§9.3: a total never exceeds 100).
        public var part: ScorePart

        /// Creates a bonus rule.
        public init(maximum: Decimal, part: ScorePart) {
            self.maximum = maximum
            self.part = part
        }
    }

    /// A product group (ngành / nhóm sản phẩm).
    public struct ProductGroup: Sendable, Hashable {
        /// A stable code.
        public var code: String
        /// The group's name.
        public var name: Bilingual

        /// Creates a product group.
        public init(code: String, name: Bilingual) {
            self.code = code
            self.name = name
        }
    }

    /// The stable id, e.g. "ocop-148".
    public var id: String
    /// A descriptive name.
    public var name: Bilingual
    /// The decisions this rule set follows, main decision first.
    public var legalBasis: [LegalReference]
    /// The submission dates it applies to, both ends inclusive.
    public var inForce: ValidityPeriod
    /// Maximum points per part; they sum to the top of the last band (100).
    public var partMaxima: [ScorePart: Decimal]
    /// Bonus points, when this rule set has them.
    public var bonus: Bonus?
    /// Star bands from 1★ up, contiguous and half-open.
    public var bands: [StarBand]
    /// The levels, from the bottom up.
    public var levels: [LevelRule]
    /// The level that certifies each of 3★, 4★ and 5★.
    public var certifyingLevels: [Star: CouncilLevel]
    /// Certificate validity in calendar months.
    public var validityMonths: Int
    /// Days before expiry on which the issuer notifies the subject.
    public var noticeDays: Int
    /// What the subject files.
    public var dossierItems: [DossierItem]
    /// Product groups.
    public var productGroups: [ProductGroup]
    /// The §9 switches, with this rule set's defaults.
    public var switches: RatingSwitches

    /// Creates a rule set; prefer loading one from YAML, which also validates it.
    public init(
        id: String,
        name: Bilingual,
        legalBasis: [LegalReference],
        inForce: ValidityPeriod,
        partMaxima: [ScorePart: Decimal],
        bonus: Bonus?,
        bands: [StarBand],
        levels: [LevelRule],
        certifyingLevels: [Star: CouncilLevel],
        validityMonths: Int,
        noticeDays: Int,
        dossierItems: [DossierItem],
        productGroups: [ProductGroup],
        switches: RatingSwitches
    ) {
        self.id = id
        self.name = name
        self.legalBasis = legalBasis
        self.inForce = inForce
        self.partMaxima = partMaxima
        self.bonus = bonus
        self.bands = bands
        self.levels = levels
        self.certifyingLevels = certifyingLevels
        self.validityMonths = validityMonths
        self.noticeDays = noticeDays
        self.dossierItems = dossierItems
        self.productGroups = productGroups
        self.switches = switches
    }

    /// The maximum of a part (0 if the rule set were to omit it, which the loader refuses).
    public func maximum(of part: ScorePart) -> Decimal {
        partMaxima[part] ?? 0
    }

    /// The highest possible total, i.e. the sum of the part maxima.
    public var maximumScore: Decimal {
        ScorePart.allCases.reduce(Decimal(0)) { $0 + maximum(of: $1) }
    }

    /// The band star of an average, or nil when the average is outside every band (negative, above 100).
    public func star(forAverage average: Decimal) -> Star? {
        bands.first { $0.contains(average) }?.star
    }

    /// The rule for a level, or nil when this rule set has no such level.
    public func rule(for level: CouncilLevel) -> LevelRule? {
        levels.first { $0.level == level }
    }

    /// The legal reference shown on decisions: the first entry of `legalBasis`.
    public var mainDecision: LegalReference? { legalBasis.first }
}

import Foundation

/// A versioned set of NTM (or related) criteria: who it is for, which decision issued it, when it is in force,
/// and its criteria with Vietnamese and English names (DOMAIN.md decision 4, §4).
///
/// A set with no issuing decision is `provisional`: units may count progress against it ("13/20") but no
/// recognition dossier can be built on it — the seed's Đức Bồng case.
public struct CriteriaSet: Sendable, Hashable, Identifiable {
    /// The kind of unit and target level a set is for.
    public enum Scope: String, Sendable, Hashable, CaseIterable, Codable {
        /// Xã đạt chuẩn NTM (318, Annex 1).
        case communeStandard = "commune-ntm"
        /// Xã NTM nâng cao.
        case communeAdvanced = "commune-advanced"
        /// Xã NTM kiểu mẫu (319).
        case communeModel = "commune-model"
        /// Huyện NTM nâng cao (320).
        case districtAdvanced = "district-advanced"
        /// Đô thị văn minh (Hà Tĩnh "quyết định 18").
        case urbanCivilised = "urban-civilised"
        /// Khu dân cư NTM kiểu mẫu (thôn).
        case villageModel = "village-model"
        /// Tổ dân phố văn minh.
        case residentialGroupCivilised = "tdp-civilised"
        /// Cụm dân cư sinh thái (văn hóa).
        case ecoCluster = "eco-cluster"
        /// Nhà vườn sinh thái.
        case ecoGardenHouse = "eco-garden-house"
        /// Vườn mẫu / vườn đạt chuẩn.
        case modelGarden = "garden-model"
    }

    /// How progress against the set is tracked.
    public enum Tracking: String, Sendable, Hashable, CaseIterable, Codable {
        /// Each criterion is assessed and counted "x/N".
        case perCriterion = "per-criterion"
        /// The criteria are unknown; only units' overall status is tracked (§9.15).
        case countOnly = "count-only"
    }

    /// A group of criteria, e.g. "II Hạ tầng kinh tế – xã hội".
    public struct Group: Sendable, Hashable {
        /// The group code, e.g. "II".
        public var code: String
        /// The group name.
        public var name: Bilingual

        /// Creates a group.
        public init(code: String, name: Bilingual) {
            self.code = code
            self.name = name
        }
    }

    /// One criterion (tiêu chí) or condition.
    public struct Criterion: Sendable, Hashable {
        /// Unique within the set, e.g. "TC17".
        public var code: String
        /// The criterion's name.
        public var name: Bilingual
        /// The code of its group, when the set has groups.
        public var group: String?
        /// The indicator target, when one is recorded (e.g. "≥ 110%").
        public var target: String?
        /// A short name as reports write it (e.g. the seed's "Thủy lợi – PCTT").
        public var shortName: Bilingual?

        /// Creates a criterion.
        public init(code: String, name: Bilingual, group: String? = nil, target: String? = nil, shortName: Bilingual? = nil) {
            self.code = code
            self.name = name
            self.group = group
            self.target = target
            self.shortName = shortName
        }
    }

    /// The set's code, unique in the catalog, e.g. "ntm-commune-318".
    public var id: String
    /// The set's name.
    public var name: Bilingual
    /// What kind of unit and target level the set is for.
    public var scope: Scope
    /// The decision that issued the set; nil while it is provisional.
    public var decision: LegalReference?
    /// True when no decision has issued the set yet; progress may be counted, dossiers may not be built.
    public var provisional: Bool
    /// True when the criteria are stand-ins for unknown ones (U01–U18), tracked by count only.
    public var placeholder: Bool
    /// When the set is in force, both ends inclusive.
    public var validity: ValidityPeriod
    /// How progress is tracked.
    public var tracking: Tracking
    /// The groups, possibly empty.
    public var groups: [Group]
    /// The criteria, in order; empty only for count-only sets.
    public var criteria: [Criterion]
    /// A reviewer's note on sources and open points.
    public var note: Bilingual?
    /// The province a localised set applies in (its name, unit code or GSO code, e.g. "Hà Tĩnh"); nil for a national
    /// set. In that province a localised set of a scope replaces the national ones, even before it is issued.
    public var area: String?

    /// Creates a set; prefer loading one from YAML, which also validates it.
    public init(
        id: String,
        name: Bilingual,
        scope: Scope,
        decision: LegalReference?,
        provisional: Bool,
        placeholder: Bool,
        validity: ValidityPeriod,
        tracking: Tracking,
        groups: [Group],
        criteria: [Criterion],
        note: Bilingual? = nil,
        area: String? = nil
    ) {
        self.area = area
        self.id = id
        self.name = name
        self.scope = scope
        self.decision = decision
        self.provisional = provisional
        self.placeholder = placeholder
        self.validity = validity
        self.tracking = tracking
        self.groups = groups
        self.criteria = criteria
        self.note = note
    }

    /// N in "x/N".
    public var count: Int { criteria.count }

    /// True when a decision has issued the set.
    public var isIssued: Bool { decision != nil && !provisional }

    /// True when a recognition dossier may be built against this set on `date`: issued and in force.
    public func allowsDossier(on date: LocalDate) -> Bool {
        isIssued && validity.contains(date)
    }

    /// The criterion with a code.
    public func criterion(code: String) -> Criterion? {
        criteria.first { $0.code == code }
    }

    /// The criteria of one group, in order.
    public func criteria(inGroup code: String) -> [Criterion] {
        criteria.filter { $0.group == code }
    }
}

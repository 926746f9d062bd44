import Foundation

/// All criteria sets, with unique codes, and the choice of set for counting progress or building a dossier.
public struct CriteriaCatalog: Sendable {
    /// The sets, in code order.
    public let sets: [CriteriaSet]

    /// Builds a catalog; refuses two sets with the same code.
    public init(_ sets: [CriteriaSet]) throws {
        var seen: Set<String> = []
        for set in sets where !seen.insert(set.id).inserted {
            throw DataFileError(
                code: .duplicateID,
                location: SourceLocation(path: set.id, line: 0, column: 0),
                message: Bilingual(vi: "bộ tiêu chí '\(set.id)' bị khai báo hai lần", en: "criteria set '\(set.id)' is declared twice")
            )
        }
        self.sets = sets.sorted { $0.id < $1.id }
    }

    /// Loads every `*.yaml` file of a directory (e.g. `workflows/criteria`).
    public static func load(directory: URL) throws -> CriteriaCatalog {
        try CriteriaCatalog(yamlFiles(in: directory).map(CriteriaSet.load(contentsOf:)))
    }

    /// The set with a code.
    public func set(id: String) throws -> CriteriaSet {
        guard let match = sets.first(where: { $0.id == id }) else {
            throw CriteriaError(code: .unknownSet, message: Bilingual(vi: "không có bộ tiêu chí '\(id)'", en: "no criteria set '\(id)'"))
        }
        return match
    }

    /// Every set of a scope in force on a date, issued ones first, then the most recent. In a province with localised
    /// sets of the scope (`area` matching one of `area`'s names or codes), only those; elsewhere the national ones.
    public func sets(for scope: CriteriaSet.Scope, on date: LocalDate, area: Area = .national) -> [CriteriaSet] {
        let inForce = sets.filter { $0.scope == scope && $0.validity.contains(date) }
        let local = inForce.filter { set in set.area.map(area.matches) ?? false }
        return (local.isEmpty ? inForce.filter { $0.area == nil } : local).sorted { lhs, rhs in
            if lhs.isIssued != rhs.isIssued { return lhs.isIssued }
            return lhs.validity.from > rhs.validity.from
        }
    }

    /// The set progress is counted against: an issued set in force, else a provisional one (§4.3 "x/20" before issue).
    public func setForTracking(_ scope: CriteriaSet.Scope, on date: LocalDate, area: Area = .national) -> CriteriaSet? {
        sets(for: scope, on: date, area: area).first
    }

    /// The issued set a recognition dossier is built on; refuses when only provisional sets exist (Đức Bồng, 28/11/2022).
    public func setForDossier(_ scope: CriteriaSet.Scope, on date: LocalDate, area: Area = .national) throws -> CriteriaSet {
        guard let issued = sets(for: scope, on: date, area: area).first(where: \.isIssued) else {
            throw CriteriaError(
                code: .noIssuedSet,
                message: Bilingual(
                    vi: "chưa có bộ tiêu chí \(scope.rawValue) được ban hành có hiệu lực ngày \(date.displayString), chưa thể lập hồ sơ",
                    en: "no issued \(scope.rawValue) criteria set is in force on \(date), so no dossier can be built"
                )
            )
        }
        return issued
    }
}

extension CriteriaCatalog {
    /// The province a unit lies in, by the names it goes by (unit code, GSO code, name); `.national` for none.
    public struct Area: Sendable, Hashable {
        public var keys: Set<String>

        public init(_ names: [String?]) {
            keys = Set(names.compactMap { $0.map(Self.normalise) }.filter { !$0.isEmpty })
        }

        /// No province: only national sets apply.
        public static let national = Area([])

        /// Whether a set's `area` names this province.
        public func matches(_ name: String) -> Bool { keys.contains(Self.normalise(name)) }

        static func normalise(_ text: String) -> String {
            text.precomposedStringWithCanonicalMapping.lowercased().trimmingCharacters(in: .whitespaces)
        }
    }
}

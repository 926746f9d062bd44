import Foundation

/// All rule sets, checked together: unique ids, and at most one in force on any day.
public struct RuleSetCatalog: Sendable {
    /// The rule sets, ordered by the first day in force.
    public let ruleSets: [RuleSet]

    /// Builds a catalog; refuses duplicate ids and overlapping periods, since a submission date must pick one set.
    public init(_ ruleSets: [RuleSet]) throws {
        let sorted = ruleSets.sorted { $0.inForce.from < $1.inForce.from }
        var ids: Set<String> = []
        for (index, ruleSet) in sorted.enumerated() {
            guard ids.insert(ruleSet.id).inserted else {
                throw DataFileError(
                    code: .duplicateID,
                    location: SourceLocation(path: ruleSet.id, line: 0, column: 0),
                    message: Bilingual(vi: "bộ quy tắc '\(ruleSet.id)' bị khai báo hai lần", en: "rule set '\(ruleSet.id)' is declared twice")
                )
            }
            if index > 0, sorted[index - 1].inForce.overlaps(ruleSet.inForce) {
                let previous = sorted[index - 1]
                throw DataFileError(
                    code: .overlappingValidity,
                    location: SourceLocation(path: ruleSet.id, line: 0, column: 0),
                    message: Bilingual(
                        vi: "thời gian hiệu lực của '\(previous.id)' (\(previous.inForce)) và '\(ruleSet.id)' (\(ruleSet.inForce)) chồng nhau",
                        en: "'\(previous.id)' (\(previous.inForce)) and '\(ruleSet.id)' (\(ruleSet.inForce)) are in force on the same days"
                    )
                )
            }
        }
        self.ruleSets = sorted
    }

    /// Loads every `*.yaml` file of a directory (e.g. `workflows/rulesets`), in name order.
    public static func load(directory: URL) throws -> RuleSetCatalog {
        try RuleSetCatalog(yamlFiles(in: directory).map(RuleSet.load(contentsOf:)))
    }

    /// The rule set in force on the day the dossier was submitted; both boundary days are inclusive.
    public func ruleSet(forSubmissionDate date: LocalDate) throws -> RuleSet {
        if let match = ruleSets.first(where: { $0.inForce.contains(date) }) {
            return match
        }
        let first = ruleSets.first.map { $0.inForce.from.displayString } ?? "—"
        throw RatingError(
            code: .noRuleSetInForce,
            message: Bilingual(
                vi: "không có bộ tiêu chí OCOP nào có hiệu lực vào ngày nộp hồ sơ \(date.displayString) "
                    + "(bộ sớm nhất có hiệu lực từ \(first))",
                en: "no OCOP rule set is in force on the submission date \(date) (the earliest starts on \(first))"
            )
        )
    }

    /// The rule set with an id, e.g. to re-open an evaluation recorded under it.
    public func ruleSet(id: String) throws -> RuleSet {
        guard let match = ruleSets.first(where: { $0.id == id }) else {
            throw RatingError(
                code: .unknownRuleSet,
                message: Bilingual(vi: "không có bộ quy tắc '\(id)'", en: "no rule set with id '\(id)'")
            )
        }
        return match
    }
}

/// The `*.yaml` files of a directory in name order, so loading is deterministic.
func yamlFiles(in directory: URL) throws -> [URL] {
    let names: [String]
    do {
        names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    } catch {
        throw DataFileError(
            code: .unreadableFile,
            location: SourceLocation(path: directory.path, line: 0, column: 0),
            message: Bilingual(
                vi: "không đọc được thư mục: \(error.localizedDescription)",
                en: "cannot read the directory: \(error.localizedDescription)"
            )
        )
    }
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
}

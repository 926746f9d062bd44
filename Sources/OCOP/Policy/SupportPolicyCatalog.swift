import Foundation

/// All support policies, with unique ids; several may cover the same certificate (province + district).
public struct SupportPolicyCatalog: Sendable {
    /// The policies, in id order.
    public let policies: [SupportPolicy]

    /// Builds a catalog; refuses two policies with the same id.
    public init(_ policies: [SupportPolicy]) throws {
        var seen: Set<String> = []
        for policy in policies where !seen.insert(policy.id).inserted {
            throw DataFileError(
                code: .duplicateID,
                location: SourceLocation(path: policy.id, line: 0, column: 0),
                message: Bilingual(vi: "chính sách '\(policy.id)' bị khai báo hai lần", en: "policy '\(policy.id)' is declared twice")
            )
        }
        self.policies = policies.sorted { $0.id < $1.id }
    }

    /// Loads every `*.yaml` file of a directory (e.g. `workflows/policies`).
    public static func load(directory: URL) throws -> SupportPolicyCatalog {
        try SupportPolicyCatalog(yamlFiles(in: directory).map(SupportPolicy.load(contentsOf:)))
    }

    /// The policies that cover a certificate issued on `date` and pay something for it.
    public func applicable(
        forStar star: Star,
        previousStar: Star? = nil,
        certifiedOn date: LocalDate
    ) -> [(policy: SupportPolicy, amount: VND)] {
        policies.compactMap { policy in
            guard policy.covers(date: date), let amount = policy.amount(forStar: star, previousStar: previousStar) else { return nil }
            return (policy, amount)
        }
    }
}

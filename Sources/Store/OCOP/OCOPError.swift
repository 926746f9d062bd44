import OCOP
import Workflow

/// Why an OCOP operation did not happen; the transaction was rolled back, so nothing changed.
public struct OCOPError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; the CLI maps it to an exit code.
    public enum Code: String, Sendable {
        /// The user's grants do not cover the record (another producer's product, another district's idea…).
        case forbidden
        /// No record with that id, or it is not of the expected kind.
        case notFound
        /// The input is malformed or out of range (a score above its maximum, a bad date, an unknown dossier item).
        case badInput
        /// The record exists already (a member scoring twice, a second claim for the same product, policy and star).
        case duplicate
        /// The record is not at a stage where this operation applies.
        case wrongStage
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and where, in both languages.
    public var message: Bilingual
    /// One line per problem, for CSV imports (line and column in each message).
    public var details: [Bilingual]

    /// Creates an error.
    public init(_ code: Code, vi: String, en: String, details: [Bilingual] = []) {
        self.code = code
        self.message = Bilingual(vi: vi, en: en)
        self.details = details
    }

    /// A rating rule's refusal (score out of range, duplicate member…) as bad input.
    init(_ error: RatingError, context: Bilingual? = nil) {
        let prefix = context.map { (vi: "\($0.vi): ", en: "\($0.en): ") } ?? (vi: "", en: "")
        self.init(.badInput, vi: prefix.vi + error.message.vi, en: prefix.en + error.message.en)
    }

    public var description: String {
        ([message] + details).map { "\($0.vi) / \($0.en)" }.joined(separator: "\n")
    }
}

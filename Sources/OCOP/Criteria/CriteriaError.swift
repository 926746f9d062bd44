import Foundation

/// A request about criteria that the sets cannot answer: an unknown criterion, a count-only set, no issued set.
public struct CriteriaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case unknownCriterion, countOnlySet, noIssuedSet, unknownSet
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An assessment names a criterion the set does not have.
        public static let unknownCriterion = Code(.unknownCriterion)
        /// Per-criterion counting was asked of a count-only set.
        public static let countOnlySet = Code(.countOnlySet)
        /// No issued set is in force, so no dossier can be built (the seed's Đức Bồng case).
        public static let noIssuedSet = Code(.noIssuedSet)
        /// No set has the id.
        public static let unknownSet = Code(.unknownSet)

        /// The code's stable name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The explanation in Vietnamese and English.
    public let message: Bilingual

    /// Creates an error.
    public init(code: Code, message: Bilingual) {
        self.code = code
        self.message = message
    }

    /// "[code] vi / en".
    public var description: String { "[\(code)] \(message.vi) / \(message.en)" }
}

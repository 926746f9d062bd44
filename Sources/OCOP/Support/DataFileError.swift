import Foundation

/// A data file (rule set, support policy, criteria set) that could not be read, decoded or validated.
///
/// The location points at the offending node, and the message is bilingual so that the person
/// maintaining the YAML (often a provincial officer) can fix it without reading Swift.
public struct DataFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case unreadableFile, invalidYAML, emptyDocument, missingKey, unknownKey, wrongType
            case invalidValue, duplicateCode, inconsistent, duplicateID, overlappingValidity
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file could not be read from disk.
        public static let unreadableFile = Code(.unreadableFile)
        /// The text is not well-formed YAML.
        public static let invalidYAML = Code(.invalidYAML)
        /// The file holds no YAML document.
        public static let emptyDocument = Code(.emptyDocument)
        /// A required key is absent.
        public static let missingKey = Code(.missingKey)
        /// A key is not part of the format, usually a typo.
        public static let unknownKey = Code(.unknownKey)
        /// A node has the wrong shape (a list where a mapping is expected, text where a number is expected…).
        public static let wrongType = Code(.wrongType)
        /// A value has the right shape but is not allowed (a negative maximum, an unknown level…).
        public static let invalidValue = Code(.invalidValue)
        /// Two entries share a code that must be unique.
        public static let duplicateCode = Code(.duplicateCode)
        /// Values contradict each other (bands with a gap, maxima not summing to 100…).
        public static let inconsistent = Code(.inconsistent)
        /// Two files declare the same id.
        public static let duplicateID = Code(.duplicateID)
        /// Two files are in force on the same day where only one may be.
        public static let overlappingValidity = Code(.overlappingValidity)

        /// The code's stable name, for logs and tests.
        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// Where in which file.
    public let location: SourceLocation
    /// What is wrong, in Vietnamese and English.
    public let message: Bilingual

    /// Creates an error.
    public init(code: Code, location: SourceLocation, message: Bilingual) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// "file:line:column: [code] vi / en".
    public var description: String { "\(location): [\(code)] \(message.vi) / \(message.en)" }
}

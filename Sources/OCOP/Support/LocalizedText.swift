import Foundation

/// A text in Vietnamese and English; every name and message in ocop carries both.
///
/// Vietnamese is the language of the legal texts and of district officers; English is for
/// reviewers and logs. Neither is optional, so a data file that misses one is rejected.
public struct LocalizedText: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The Vietnamese text, with full diacritics.
    public var vi: String
    /// The English text.
    public var en: String

    /// Creates a text from its Vietnamese and English forms.
    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    /// Both forms, Vietnamese first, as shown in logs and CLI output.
    public var description: String { "\(vi) / \(en)" }

    /// Joins texts language by language with a separator, e.g. several unmet guards in one message.
    public static func joined(_ texts: [LocalizedText], separator: String = "; ") -> LocalizedText {
        LocalizedText(
            vi: texts.map(\.vi).joined(separator: separator),
            en: texts.map(\.en).joined(separator: separator)
        )
    }
}

/// A decision or other legal document referred to by number and date, e.g. 1048/QĐ-TTg of 21/08/2019.
public struct LegalReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The document number as written, e.g. "1048/QĐ-TTg".
    public var number: String
    /// The signing date, when known; several sources give only the year.
    public var date: LocalDate?
    /// An optional title or note in both languages.
    public var title: LocalizedText?

    /// Creates a reference.
    public init(number: String, date: LocalDate? = nil, title: LocalizedText? = nil) {
        self.number = number
        self.date = date
        self.title = title
    }

    /// "1048/QĐ-TTg ngày 21/08/2019", or the bare number when the date is unknown.
    public var description: String {
        guard let date else { return number }
        return "\(number) ngày \(date.displayString)"
    }
}

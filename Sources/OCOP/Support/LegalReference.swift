import Foundation

/// A decision or other legal document referred to by number and date, e.g. 1048/QĐ-TTg of 21/08/2019.
public struct LegalReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The document number as written, e.g. "1048/QĐ-TTg".
    public var number: String
    /// The signing date, when known; several sources give only the year.
    public var date: LocalDate?
    /// An optional title or note in both languages.
    public var title: Bilingual?

    /// Creates a reference.
    public init(number: String, date: LocalDate? = nil, title: Bilingual? = nil) {
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

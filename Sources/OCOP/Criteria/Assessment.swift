import Foundation

/// The status of one criterion for one unit as of a date (§4.7): đạt, cơ bản đạt, chưa đạt.
///
/// Reports often merge the first two ("đã đạt và cơ bản đạt 12/20"), but only *đạt* counts for recognition;
/// *cơ bản đạt* is a management status.
public enum Assessment: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Đạt: met.
    case dat = "dat"
    /// Cơ bản đạt: basically met; does not count for recognition.
    case coBanDat = "co-ban-dat"
    /// Chưa đạt: not yet met.
    case chuaDat = "chua-dat"

    /// The Vietnamese term as reports write it.
    public var vietnamese: String {
        switch self {
        case .dat: "đạt"
        case .coBanDat: "cơ bản đạt"
        case .chuaDat: "chưa đạt"
        }
    }

    /// The English gloss.
    public var english: String {
        switch self {
        case .dat: "met"
        case .coBanDat: "basically met"
        case .chuaDat: "not yet met"
        }
    }

    /// Both names.
    public var name: Bilingual { Bilingual(vi: vietnamese, en: english) }

    /// "đạt".
    public var description: String { vietnamese }

    /// Only đạt counts towards recognition (self-assessment complete = count(đạt) = N).
    public var countsForRecognition: Bool { self == .dat }

    /// Reads the Vietnamese term in any Unicode normalisation and letter case ("Cơ bản đạt", decomposed input).
    public init?(vietnamese text: String) {
        let normalised = text.precomposedStringWithCanonicalMapping.lowercased().trimmingCharacters(in: .whitespaces)
        guard let match = Assessment.allCases.first(where: { $0.vietnamese == normalised }) else { return nil }
        self = match
    }
}

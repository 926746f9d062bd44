import Foundation

/// An administrative level that receives, scores, forwards or certifies OCOP products.
public enum CouncilLevel: String, Sendable, Hashable, Comparable, Codable, CaseIterable, CustomStringConvertible {
    /// Cấp xã: under `ocop-148-1489` it receives and proposes, it does not score.
    case commune
    /// Cấp huyện: scores under 1048 and 148; abolished after 2025-06-30.
    case district
    /// Cấp tỉnh.
    case province
    /// Cấp Trung ương: the central council / Ministry.
    case central

    /// Position from the bottom up, so "higher" and "lower" level are comparisons.
    public var rank: Int {
        switch self {
        case .commune: 0
        case .district: 1
        case .province: 2
        case .central: 3
        }
    }

    /// Lower levels sort first.
    public static func < (lhs: CouncilLevel, rhs: CouncilLevel) -> Bool { lhs.rank < rhs.rank }

    /// The raw value, e.g. "province".
    public var description: String { rawValue }

    /// "cấp tỉnh" / "province level".
    public var name: Bilingual {
        switch self {
        case .commune: Bilingual(vi: "cấp xã", en: "commune level")
        case .district: Bilingual(vi: "cấp huyện", en: "district level")
        case .province: Bilingual(vi: "cấp tỉnh", en: "province level")
        case .central: Bilingual(vi: "cấp Trung ương", en: "central level")
        }
    }
}

import Foundation

/// An OCOP star rank, 1★ to 5★. Only 3★–5★ products are certified OCOP products.
public enum Star: Int, Sendable, Hashable, Comparable, Codable, CaseIterable, CustomStringConvertible {
    /// Below 30 points; no certificate.
    case one = 1
    /// 30 to below 50 points; no certificate.
    case two = 2
    /// 50 to below 70 points; meets the OCOP standard.
    case three = 3
    /// 70 to below 90 points; provincial level.
    case four = 4
    /// 90 to 100 points; national level.
    case five = 5

    /// The ranks that lead to a certificate.
    public static let certifiable: [Star] = [.three, .four, .five]

    /// True for 3★, 4★ and 5★.
    public var isCertifiable: Bool { self >= .three }

    /// "3★".
    public var description: String { "\(rawValue)★" }

    /// "hạng 3 sao" / "3-star".
    public var name: Bilingual {
        Bilingual(vi: "hạng \(rawValue) sao", en: "\(rawValue)-star")
    }

    /// Star order follows the rank.
    public static func < (lhs: Star, rhs: Star) -> Bool { lhs.rawValue < rhs.rawValue }
}

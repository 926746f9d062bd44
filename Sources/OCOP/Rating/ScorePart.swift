import Foundation

/// One of the three parts of the 100-point OCOP score sheet (§2.1).
///
/// The part maxima differ between rule sets (A 35 / C 40 under 1048, A 40 / C 35 under 148), so they live in
/// the rule-set data, never here.
public enum ScorePart: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Phần A — Sản phẩm và sức mạnh cộng đồng.
    case a = "A"
    /// Phần B — Khả năng tiếp thị.
    case b = "B"
    /// Phần C — Chất lượng sản phẩm.
    case c = "C"

    /// "A", "B" or "C".
    public var description: String { rawValue }

    /// The part's name in both languages.
    public var name: Bilingual {
        switch self {
        case .a:
            Bilingual(vi: "Phần A – Sản phẩm và sức mạnh cộng đồng", en: "Part A – product and community strength")
        case .b:
            Bilingual(vi: "Phần B – Khả năng tiếp thị", en: "Part B – marketing capacity")
        case .c:
            Bilingual(vi: "Phần C – Chất lượng sản phẩm", en: "Part C – product quality")
        }
    }
}

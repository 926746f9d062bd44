import Foundation

/// What happens to a product after a level has scored (or, for a proposing level, reviewed) it (§6.3).
public enum RoutingDecision: Sendable, Hashable, CustomStringConvertible {
    /// Why a product is not recognised.
    public enum NotRecognisedReason: Sendable, Hashable {
        /// The average is below 50 (the 3★ band).
        case scoreBelowThreeStars
        /// The mandatory criteria of every reachable rank are unmet (or of the band's rank, under the §9.7 switch).
        case mandatoryCriteriaUnmet
        /// The product would need a higher level, but the average is below this level's forwarding threshold.
        case belowForwardingThreshold
    }

    /// The product is not recognised (NOT_RECOGNISED); it may return to development.
    case notRecognised(NotRecognisedReason)
    /// This level certifies the star (CERTIFIED).
    case certify(Star, at: CouncilLevel)
    /// Send the product up; `certifyingFirst` is a star this level certifies before forwarding (§9.5, 1048's 4★).
    case forward(to: CouncilLevel, certifyingFirst: Star?)
    /// Send the product back down to the level that certifies the star (§9.6 default).
    case returnForCertification(Star, to: CouncilLevel)
    /// Nothing new is certified; the star certified before forwarding stands (1048 central below 5★).
    case existingCertificateStands(Star)
    /// No level can act automatically; a person must route the product (§9.9 switch).
    case holdForManualRouting

    /// The star certified by this decision at the scoring level, if any.
    public var starCertifiedHere: Star? {
        switch self {
        case .certify(let star, _): star
        case .forward(_, let first): first
        default: nil
        }
    }

    /// A compact form for logs and tests, e.g. "forward(central, certifying 4★)".
    public var description: String {
        switch self {
        case .notRecognised(let reason): "notRecognised(\(reason))"
        case .certify(let star, let level): "certify(\(star), \(level))"
        case .forward(let level, let first?): "forward(\(level), certifying \(first))"
        case .forward(let level, nil): "forward(\(level))"
        case .returnForCertification(let star, let level): "return(\(star), \(level))"
        case .existingCertificateStands(let star): "existingCertificateStands(\(star))"
        case .holdForManualRouting: "holdForManualRouting"
        }
    }

    /// The decision in words, for the transition record and the officer's screen.
    public var explanation: Bilingual {
        switch self {
        case .notRecognised(.scoreBelowThreeStars):
            Bilingual(vi: "không công nhận: điểm trung bình dưới 50", en: "not recognised: the average is below 50")
        case .notRecognised(.mandatoryCriteriaUnmet):
            Bilingual(vi: "không công nhận: không đạt tiêu chí bắt buộc", en: "not recognised: the mandatory criteria are not met")
        case .notRecognised(.belowForwardingThreshold):
            Bilingual(
                vi: "không công nhận: điểm chưa đạt ngưỡng chuyển lên cấp trên",
                en: "not recognised: the average is below the threshold for forwarding"
            )
        case .certify(let star, let level):
            Bilingual(vi: "\(level.name.vi) công nhận \(star.name.vi)", en: "the \(level.name.en) certifies \(star)")
        case .forward(let level, let first?):
            Bilingual(
                vi: "công nhận \(first.name.vi) rồi chuyển lên \(level.name.vi) đánh giá tiềm năng 5 sao",
                en: "certify \(first), then forward to the \(level.name.en) as potential 5★"
            )
        case .forward(let level, nil):
            Bilingual(vi: "chuyển lên \(level.name.vi)", en: "forward to the \(level.name.en)")
        case .returnForCertification(let star, let level):
            Bilingual(vi: "trả về \(level.name.vi) để công nhận \(star.name.vi)", en: "return to the \(level.name.en) to certify \(star)")
        case .existingCertificateStands(let star):
            Bilingual(
                vi: "không đạt 5 sao; giữ nguyên chứng nhận \(star.name.vi) đã cấp",
                en: "5★ not reached; the \(star) certificate already issued stands"
            )
        case .holdForManualRouting:
            Bilingual(
                vi: "tạm dừng: không có cấp nào được xử lý tự động, cần chuyển thủ công",
                en: "on hold: no level can act automatically; route the product by hand"
            )
        }
    }
}

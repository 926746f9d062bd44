import Foundation

/// The star a product gets once its band and its mandatory criteria are both considered (§2.2, §9.7).
public struct StarAssessment: Sendable, Hashable {
    /// Why a product gets no certifiable star.
    public enum Refusal: Sendable, Hashable {
        /// The average is below the 3★ band.
        case scoreBelowThreeStars
        /// The average reaches a certifiable band but the mandatory criteria are not met.
        case mandatoryCriteriaUnmet
    }

    /// The star of the average's band.
    public let bandStar: Star
    /// The certifiable star after mandatory criteria, or nil when the product is not recognised.
    public let effectiveStar: Star?
    /// Why `effectiveStar` is nil, or nil when it is not.
    public let refusal: Refusal?

    /// Applies the mandatory criteria to a band star.
    ///
    /// Default (`lowerStar`): the highest certifiable rank not above the band whose criteria are met.
    /// Switch (`notRecognised`): the band's own rank must be met, or nothing is certified.
    public init(bandStar: Star, mandatory: MandatoryCriteriaResults, rule: RatingSwitches.MandatoryCriteriaUnmet) {
        self.bandStar = bandStar
        guard bandStar.isCertifiable else {
            effectiveStar = nil
            refusal = .scoreBelowThreeStars
            return
        }
        let star: Star? =
            switch rule {
            case .lowerStar:
                Star.certifiable.filter { $0 <= bandStar && mandatory.isMet($0) }.max()
            case .notRecognised:
                mandatory.isMet(bandStar) ? bandStar : nil
            }
        effectiveStar = star
        refusal = star == nil ? .mandatoryCriteriaUnmet : nil
    }

    /// True when the star was lowered because the band's mandatory criteria were not met.
    public var wasLowered: Bool {
        effectiveStar.map { $0 < bandStar } ?? false
    }

    /// A short explanation for the decision record.
    public var explanation: Bilingual {
        switch (effectiveStar, refusal) {
        case (nil, .scoreBelowThreeStars?):
            Bilingual(
                vi: "điểm thuộc \(bandStar.name.vi), dưới hạng 3 sao nên không được công nhận",
                en: "the score is in the \(bandStar) band, below 3★, so the product is not recognised"
            )
        case (nil, _):
            Bilingual(
                vi: "điểm thuộc \(bandStar.name.vi) nhưng không đạt tiêu chí bắt buộc nên không được công nhận",
                en: "the score is in the \(bandStar) band but the mandatory criteria are not met, so the product is not recognised"
            )
        case (let star?, _) where star < bandStar:
            Bilingual(
                vi: "điểm thuộc \(bandStar.name.vi) nhưng chỉ đạt tiêu chí bắt buộc của \(star.name.vi)",
                en: "the score is in the \(bandStar) band but only the \(star) mandatory criteria are met"
            )
        case (let star?, _):
            Bilingual(vi: "đạt \(star.name.vi)", en: "meets \(star)")
        }
    }
}

import Foundation

/// Which star ranks' mandatory criteria (tiêu chí bắt buộc) the product meets.
///
/// A rank not listed counts as not met: certifying on an assessment nobody entered would be worse than
/// refusing, so callers state every rank they checked.
public struct MandatoryCriteriaResults: Sendable, Hashable {
    /// The ranks whose mandatory criteria are met.
    public var metRanks: Set<Star>

    /// Creates results from the ranks met.
    public init(metRanks: Set<Star>) {
        self.metRanks = metRanks
    }

    /// Creates results from a met / not-met answer per rank; ranks absent from the dictionary are not met.
    public init(_ answers: [Star: Bool]) {
        self.metRanks = Set(answers.filter(\.value).keys)
    }

    /// Every rank's mandatory criteria met.
    public static let allMet = MandatoryCriteriaResults(metRanks: Set(Star.allCases))

    /// No rank's mandatory criteria met.
    public static let noneMet = MandatoryCriteriaResults(metRanks: [])

    /// True when the rank's mandatory criteria are met.
    public func isMet(_ star: Star) -> Bool {
        metRanks.contains(star)
    }
}

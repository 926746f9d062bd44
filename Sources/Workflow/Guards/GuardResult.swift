/// What a guard says about an event: it passes, or it fails with a reason an officer can act on.
public enum GuardResult: Sendable, Hashable {
    /// The condition holds.
    case passed
    /// The condition does not hold, e.g. "điểm 68 < 70" / "score 68 < 70".
    case failed(Bilingual)

    /// A failure from its two texts.
    public static func failed(vi: String, en: String) -> GuardResult {
        .failed(Bilingual(vi: vi, en: en))
    }

    /// True for `.passed`.
    public var isPassed: Bool {
        if case .passed = self { return true }
        return false
    }
}

import Foundation

extension Decimal {
    /// Parses "29.99", "-1", "100" and nothing else: `Decimal(string:)` accepts a valid prefix ("12abc" → 12),
    /// which would let a typo in a data file through.
    static func parseStrict(_ text: String) -> Decimal? {
        var digitsBeforePoint = 0
        var digitsAfterPoint = 0
        var seenPoint = false
        for (index, character) in text.enumerated() {
            switch character {
            case "-" where index == 0:
                continue
            case "." where !seenPoint:
                seenPoint = true
            case "0"..."9":
                if seenPoint { digitsAfterPoint += 1 } else { digitsBeforePoint += 1 }
            default:
                return nil
            }
        }
        guard digitsBeforePoint > 0, !seenPoint || digitsAfterPoint > 0 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// This value rounded to `places` decimal places with the given mode (`.plain` is half away from zero).
    func rounded(places: Int, mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var source = self
        var result = Decimal()
        NSDecimalRound(&result, &source, places, mode)
        return result
    }

    /// True when the value needs no more than `places` decimal places, e.g. 12.5 and 12.50 but not 12.505.
    func hasAtMost(places: Int) -> Bool {
        rounded(places: places, mode: .plain) == self
    }

    /// The value as Vietnamese writes it, with a decimal comma: 49,995.
    var vietnameseText: String {
        "\(self)".replacingOccurrences(of: ".", with: ",")
    }
}

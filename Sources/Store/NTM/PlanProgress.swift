import Foundation
import OCOP
import Workflow

/// A share of the plan's volume (% KH) as a range with its kind: "80–85% KH", "ước đạt khoảng 80% KH" (DOMAIN §4.7).
public struct PlanProgress: Sendable, Hashable {
    public typealias Kind = DistrictReport.ProgressKind

    public var min: Decimal
    public var max: Decimal
    public var kind: Kind

    public init(min: Decimal, max: Decimal, kind: Kind) {
        self.min = min
        self.max = max
        self.kind = kind
    }

    /// From database columns: nil when the range is absent.
    init?(min: Decimal?, max: Decimal?, kind: String?) {
        guard let min, let max, let kind, let parsed = Kind(rawValue: kind) else { return nil }
        self.init(min: min, max: max, kind: parsed)
    }

    /// Reads "80-85", "80–85", "80" or "80%" (a comma is a decimal comma: "92,5").
    public static func parseRange(_ text: String) -> (Decimal, Decimal)? {
        let cleaned = text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "KH", with: "")
            .replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: ",", with: ".")
            .trimmingCharacters(in: .whitespaces)
        let parts = cleaned.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count), let low = Decimal(string: parts[0], locale: Locale(identifier: "en_US_POSIX")), !parts[0].isEmpty
        else { return nil }
        guard parts.count == 2 else { return (low, low) }
        guard !parts[1].isEmpty, let high = Decimal(string: parts[1], locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return (low, high)
    }

    /// Refuses a negative value, a low end above the high end, or more than 999.99 %.
    public func validate() throws {
        if min < 0 { throw NTMError(vi: "% KH không được âm (\(min))", en: "% of plan cannot be negative (\(min))") }
        if min > max {
            throw NTMError(vi: "% KH thấp nhất \(min) lớn hơn cao nhất \(max)", en: "lowest % of plan \(min) is above the highest \(max)")
        }
        if max >= 1000 { throw NTMError(vi: "% KH \(max) quá lớn", en: "% of plan \(max) is too large") }
    }

    /// The report's form of this range as of a date.
    public func range(asOf: LocalDate) -> DistrictReport.ProgressRange {
        DistrictReport.ProgressRange(min: min, max: max, kind: kind, asOf: asOf)
    }
}

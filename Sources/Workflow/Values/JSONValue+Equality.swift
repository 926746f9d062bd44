import Foundation

extension JSONValue {
    /// Numbers compare by value: `.int(81)` equals `.decimal(81)`. JSON itself does not tell them apart — a decimal
    /// score of 81 stored in PostgreSQL comes back as the integer 81 — so a snapshot read from the database must equal
    /// the same snapshot computed by replaying its history.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default:
            guard let a = lhs.numberValue, let b = rhs.numberValue else { return false }
            return a == b
        }
    }

    /// Consistent with ``==(_:_:)``: equal numbers hash alike whichever case holds them.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(1); hasher.combine(value)
        case .string(let value): hasher.combine(2); hasher.combine(value)
        case .array(let values): hasher.combine(3); hasher.combine(values)
        case .object(let values): hasher.combine(4); hasher.combine(values)
        case .int, .decimal:
            hasher.combine(5)
            // Decimal's representations differ (81 vs 81.0): compact it, then hash its text.
            var compact = numberValue ?? 0
            NSDecimalCompact(&compact)
            hasher.combine(NSDecimalNumber(decimal: compact).description(withLocale: Locale(identifier: "en_US_POSIX")))
        }
    }
}

import Foundation
import LibPQ
import OCOP
import Workflow

/// Which OCOP list (`ocop idea|product|certificate|claim list`, `/api/v1/ocop/…`).
public enum OCOPList: Sendable, Hashable {
    case ideas(year: Int?)
    /// Products; the star is the one a certificate in force on `today` gives (none once it has expired by date).
    case products(today: LocalDate)
    /// Certificates; with `expiringWithin`, those in force that expire within that many days of `today`.
    case certificates(expiringWithin: Int?, today: LocalDate)
    case claims
}

extension OCOPService {
    /// How far ahead "expiring within" may look: up to ten years (a certificate lasts three).
    public static let expiringWindow = 1...3650

    /// A list of the records the caller may see (filtered in SQL), in one read.
    public func list(_ list: OCOPList, as caller: Caller) async throws(ServiceError) -> [OCOPListRow] {
        if case .certificates(let days?, _) = list, !Self.expiringWindow.contains(days) {
            throw ServiceError.badInput(
                vi: "số ngày sắp hết hạn phải từ \(Self.expiringWindow.lowerBound) đến \(Self.expiringWindow.upperBound)",
                en: "the expiring window must be \(Self.expiringWindow.lowerBound) to \(Self.expiringWindow.upperBound) days")
        }
        return try await inSnapshot { connection in
            let user = try self.users.user(caller.userID, on: connection)
            guard user.active else { throw UserStoreError(.inactive, user: caller.userID) }
            switch list {
            case .ideas(let year): return try self.ideas(year: year, for: caller.userID, on: connection)
            case .products(let today): return try self.products(today: today, for: caller.userID, on: connection)
            case .certificates(let days, let today):
                return try self.certificates(expiringWithin: days, today: today, for: caller.userID, on: connection)
            case .claims: return try self.claims(for: caller.userID, on: connection)
            }
        }
    }
}

import Foundation
import OCOP
import Workflow

/// The report's OCOP section: ideas, products in development, certificates in force and expiring, claims accepted.
extension DistrictReport {
    /// A named OCOP record with its locality and stage.
    public struct OCOPItem: Sendable, Hashable, Codable {
        public var id: Int64
        public var name: String
        public var unit: UnitRef
        public var state: String
        public var stateLabel: Bilingual
        public var stars: Int?
        public var date: LocalDate?
        /// The amount in whole đồng, for a support claim.
        public var amount: VND?
        public init(
            id: Int64, name: String, unit: UnitRef, state: String, stateLabel: Bilingual, stars: Int? = nil, date: LocalDate? = nil, amount: VND? = nil
        ) {
            self.amount = amount
            self.id = id
            self.name = name
            self.unit = unit
            self.state = state
            self.stateLabel = stateLabel
            self.stars = stars
            self.date = date
        }
    }

    /// The OCOP programme as of the date, for the year (§5.5).
    public struct OCOPSection: Sendable, Hashable, Codable {
        /// Ideas of the year that reached "proposed to the province" (surveyed and proposed).
        public var ideasProposed: Int
        /// Those the province approved, with their names and localities.
        public var ideasApproved: [OCOPItem]
        /// Those rejected.
        public var ideasRejected: Int
        /// Proposed, no decision yet.
        public var ideasAwaitingDecision: Int
        /// Products in development (not yet rated), with their stage.
        public var productsInDevelopment: [OCOPItem]
        /// Certificates in force by stars: [3: 5] means five 3★ products.
        public var certificatesByStars: [Int: Int]
        /// Certificates in force expiring within `expiringWithinDays` of the date.
        public var certificatesExpiring: [OCOPItem]
        public var expiringWithinDays: Int
        /// Support claims accepted (nghiệm thu) during the year, by product.
        public var claimsAccepted: [OCOPItem]
        /// The sum of their amounts, in whole đồng.
        public var claimsAcceptedAmount: VND
        public init(
            ideasProposed: Int, ideasApproved: [OCOPItem], ideasRejected: Int, ideasAwaitingDecision: Int, productsInDevelopment: [OCOPItem],
            certificatesByStars: [Int: Int], certificatesExpiring: [OCOPItem], expiringWithinDays: Int, claimsAccepted: [OCOPItem]
        ) {
            self.ideasProposed = ideasProposed
            self.ideasApproved = ideasApproved
            self.ideasRejected = ideasRejected
            self.ideasAwaitingDecision = ideasAwaitingDecision
            self.productsInDevelopment = productsInDevelopment
            self.certificatesByStars = certificatesByStars
            self.certificatesExpiring = certificatesExpiring
            self.expiringWithinDays = expiringWithinDays
            self.claimsAccepted = claimsAccepted
            self.claimsAcceptedAmount = claimsAccepted.reduce(VND(0)) { $0 + ($1.amount ?? 0) }
        }
    }
}

import Foundation
import OCOP

/// The routing decision an event of the product workflow stands for: the `decision` parameter of `routing_allows`.
///
/// The council's score decides the route (`RuleSet.route`); each event is one possible route, and the guard refuses
/// the events that are not the one the rules give.
public enum RoutingExpectation: String, Sendable, Hashable, CaseIterable {
    /// This level certifies the star.
    case certify
    /// Send the product to the next level without certifying.
    case forward
    /// Certify a star here, then forward (1048: 4★ at the province before the central level, §9.5).
    case certifyAndForward = "certify_and_forward"
    /// The product is not recognised.
    case notRecognised = "not_recognised"
    /// Send the product back to the district, which certifies the star (§9.6 default).
    case returnToDistrict = "return_to_district"
    /// Send the product back to the province, which certifies the star (§9.6 default).
    case returnToProvince = "return_to_province"
    /// 1048 central level below 5★: the 4★ certified before forwarding stands.
    case existingCertificateStands = "existing_certificate_stands"
    /// §9.9 switch: nobody can act automatically; a person routes the product.
    case holdForManualRouting = "hold_for_manual_routing"

    /// True when the rules' decision is this route.
    public func matches(_ decision: RoutingDecision) -> Bool {
        switch (self, decision) {
        case (.certify, .certify): true
        case (.forward, .forward(_, nil)): true
        case (.certifyAndForward, .forward(_, _?)): true
        case (.notRecognised, .notRecognised): true
        case (.returnToDistrict, .returnForCertification(_, .district)): true
        case (.returnToProvince, .returnForCertification(_, .province)): true
        case (.existingCertificateStands, .existingCertificateStands): true
        case (.holdForManualRouting, .holdForManualRouting): true
        default: false
        }
    }

    /// What the event would do, for "… not: <name>".
    public var name: Bilingual {
        switch self {
        case .certify: Bilingual(vi: "công nhận", en: "certify")
        case .forward: Bilingual(vi: "chuyển lên cấp trên", en: "forward to the next level")
        case .certifyAndForward: Bilingual(vi: "công nhận rồi chuyển lên cấp trên", en: "certify, then forward")
        case .notRecognised: Bilingual(vi: "không công nhận", en: "not recognise")
        case .returnToDistrict: Bilingual(vi: "trả về cấp huyện công nhận", en: "return to the district to certify")
        case .returnToProvince: Bilingual(vi: "trả về cấp tỉnh công nhận", en: "return to the province to certify")
        case .existingCertificateStands: Bilingual(vi: "giữ nguyên hạng đã công nhận", en: "keep the star already certified")
        case .holdForManualRouting: Bilingual(vi: "chờ chuyển thủ công", en: "hold for manual routing")
        }
    }
}

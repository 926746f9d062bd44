import Foundation
import Hummingbird
import Store
import Workflow

/// The producer's page: every idea and product the user's grants cover — stage, missing items, next deadlines, council
/// scores and stars, certificates, claims and payments, and the reasons for every return or refusal — from the same
/// use case as `ocop producer status` and `GET /api/v1/ocop/producer-status`.
struct ProducerPage {
    let dependencies: ServerDependencies

    func register(on router: Router<AdminRequestContext>) {
        router.get("/producer") { request, context in try await render(request, context) }
    }

    func render(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let web = WebRoutes(dependencies: dependencies)
        let user = try web.session(context).holder.user
        let language = context.language
        let words = WebText.table(language)
        let pick = { (text: Bilingual) in language == .vi ? text.vi : text.en }
        guard let ocop = dependencies.services.ocop else { throw Problem.notFound(Bilingual(vi: "chưa bật OCOP", en: "OCOP is not enabled")) }
        let items = try await ocop.producerStatus(for: user.id, today: LocalDate(vietnamDayOf: dependencies.now()))
        let levels = ["district": Bilingual(vi: "Hội đồng cấp huyện", en: "District council"), "province": Bilingual(vi: "Hội đồng cấp tỉnh", en: "Province council"),
                      "central": Bilingual(vi: "Hội đồng Trung ương", en: "Central council")]
        let rows = items.map { item -> [String: Any] in
            let details = item.details
            return [
                "id": item.row.id, "name": item.row.name, "subject": item.row.subjectName, "kind": item.kind == "idea" ? words["idea"] ?? "" : words["product"] ?? "",
                "state": pick(item.row.stateLabel), "star": (item.row.fields["star"] ?? nil).map { "\($0)★" } ?? "",
                "missing": item.missing.map(pick), "hasMissing": !item.missing.isEmpty,
                "deadlines": item.deadlines.map { ["what": pick($0.label), "when": WebRoutes.time($0.at)] }, "hasDeadlines": !item.deadlines.isEmpty,
                "scores": details.scores.map { score -> [String: String] in
                    [
                        "level": levels[score.level].map(pick) ?? score.level, "round": "\(score.round)", "average": "\(score.average)",
                        "star": "\(score.bandStar)★", "sheets": "\(score.sheets)", "on": score.ratedOn.displayString,
                    ]
                },
                "hasScores": !details.scores.isEmpty,
                "certificates": details.certificates.map { certificate -> [String: String] in
                    [
                        "star": "\(certificate.star)★", "decision": certificate.decisionRef, "from": certificate.issuedOn.displayString,
                        "to": certificate.expiresOn.displayString, "state": pick(certificate.stateLabel),
                    ]
                },
                "hasCertificates": !details.certificates.isEmpty,
                "claims": details.claims.map { claim -> [String: String] in
                    [
                        "policy": claim.policy, "star": "\(claim.star)★", "amount": pick(claim.amount.text), "state": pick(claim.stateLabel),
                        "paid": claim.paid.map { pick($0.text) + (claim.paidOn.map { " (" + $0.displayString + ")" } ?? "") } ?? "—",
                    ]
                },
                "hasClaims": !details.claims.isEmpty,
                "reasons": details.reasons.map { reason -> [String: String] in
                    ["when": WebRoutes.time(reason.at), "what": pick(reason.eventLabel), "reason": reason.reason, "legal": reason.legalRef ?? ""]
                },
                "hasReasons": !details.reasons.isEmpty,
            ]
        }
        return web.page("producer", title: words["producerTitle"] ?? "", body: ["items": rows, "hasItems": !rows.isEmpty], request: request, context: context)
    }
}

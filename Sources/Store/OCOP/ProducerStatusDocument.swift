import Foundation
import Workflow

/// The producer's page as data: every idea and product with its stage, missing items, deadlines, scores and stars,
/// certificates, claims and payments, the reasons for returns and refusals, and the notifications sent about it. The
/// CLI's `--json` and the API answer with this same document.
public enum ProducerStatusDocument {
    public static func json(_ items: [ProducerItem], messages: [OutboxService.Entry]) -> JSONValue {
        .array(items.map { item in json(item, messages: messages.filter { item.relatedIDs.contains($0.instanceID) }) })
    }

    static func json(_ item: ProducerItem, messages: [OutboxService.Entry]) -> JSONValue {
        let details = item.details
        return .object([
            "kind": .string(item.kind), "id": .int(item.row.id), "name": .string(item.row.name),
            "subjectName": .string(item.row.subjectName), "state": .string(item.row.state), "stateLabel": label(item.row.stateLabel),
            "star": (item.row.fields["star"] ?? nil).flatMap(Int64.init).map(JSONValue.int) ?? .null,
            "missing": .array(item.missing.map(label)),
            "nextDeadline": item.nextDeadline.map { .object(["event": label($0.label), "at": time($0.at)]) } ?? .null,
            "deadlines": .array(item.deadlines.map { .object(["event": label($0.label), "at": time($0.at)]) }),
            "scores": .array(
                details.scores.map { score in
                    .object([
                        "level": .string(score.level), "round": .int(Int64(score.round)), "sheets": .int(Int64(score.sheets)),
                        "average": .decimal(score.average), "bandStar": .int(Int64(score.bandStar)), "ratedOn": .string(score.ratedOn.iso),
                    ])
                }),
            "certificates": .array(
                details.certificates.map { certificate in
                    .object([
                        "id": .int(certificate.id), "star": .int(Int64(certificate.star)), "level": .string(certificate.level),
                        "issuedOn": .string(certificate.issuedOn.iso), "expiresOn": .string(certificate.expiresOn.iso),
                        "decisionRef": .string(certificate.decisionRef), "state": .string(certificate.state), "stateLabel": label(certificate.stateLabel),
                    ])
                }),
            "claims": .array(
                details.claims.map { claim in
                    .object([
                        "id": .int(claim.id), "policy": .string(claim.policy), "star": .int(Int64(claim.star)), "amount": .int(claim.amount.dong),
                        "paid": claim.paid.map { .int($0.dong) } ?? .null, "paidOn": claim.paidOn.map { .string($0.iso) } ?? .null,
                        "state": .string(claim.state), "stateLabel": label(claim.stateLabel),
                    ])
                }),
            "reasons": .array(
                details.reasons.map { reason in
                    .object([
                        "recordId": .int(reason.recordID), "at": time(reason.at), "event": .string(reason.event), "eventLabel": label(reason.eventLabel),
                        "reason": .string(reason.reason), "legalRef": reason.legalRef.map(JSONValue.string) ?? .null,
                    ])
                }),
            "notifications": .array(
                messages.map { message in
                    .object([
                        "subject": message.subject.map(JSONValue.string) ?? .null, "channel": message.channel.map(JSONValue.string) ?? .null,
                        "status": .string(message.status), "at": time(message.deliveredAt ?? message.createdAt),
                    ])
                }),
        ])
    }

    static func label(_ value: Bilingual) -> JSONValue { .object(["vi": .string(value.vi), "en": .string(value.en)]) }
    static func time(_ value: Date) -> JSONValue { .string(VietnamTime.isoLocal(value)) }
}

import Foundation
import HTTPTypes
import Hummingbird
import OCOP
import Store
import Workflow

/// `/ntm/field`: the NTM field forms — one criterion's assessment of a unit, and a unit's progress report — as the
/// `ocop ntm assess` and `ocop ntm progress` commands take them. Posted online, or queued on the device with no
/// connection (``OfflineRoutes``); either way through ``Services/syncFieldEntry(_:as:at:)``, so one rule decides.
struct FieldPages {
    let dependencies: ServerDependencies
    static let path = "/ntm/field"

    func register(on router: Router<AdminRequestContext>) {
        router.get(.init(stringLiteral: Self.path)) { request, context in try await page(request, context) }
        router.post(.init(stringLiteral: Self.path + "/assessment")) { request, context in try await post(.ntmAssessment, request, context) }
        router.post(.init(stringLiteral: Self.path + "/progress")) { request, context in try await post(.ntmProgress, request, context) }
    }

    func page(_ request: Request, _ context: AdminRequestContext, flash: [String: String]? = nil) async throws -> Response {
        guard let session = context.session else { throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first")) }
        let language = context.language
        let vi = language == .vi
        let pick = { (text: Bilingual) in vi ? text.vi : text.en }
        let today = LocalDate(vietnamDayOf: dependencies.now())
        let units = try await dependencies.services.reference.units(inForceOn: today).filter { $0.kind != "province" }
        // Sets in force today first; the others stay choosable (an assessment as of an earlier date uses the set of its day).
        let sets = (dependencies.services.ntm?.criteria.sets ?? []).filter { !$0.criteria.isEmpty }
            .sorted { ($0.validity.contains(today) ? 0 : 1, $0.id) < ($1.validity.contains(today) ? 0 : 1, $1.id) }
        let body: [String: Any] = [
            "user": session.holder.user.id, "csrf": session.csrf, "today": today.displayString, "path": Self.path,
            "units": units.map { ["code": $0.code, "name": $0.name] },
            "sets": sets.map { set -> [String: Any] in
                ["id": set.id, "name": pick(set.name), "criteria": set.criteria.map { ["code": $0.code, "name": "\($0.code) — \(pick($0.name))"] }]
            },
            "scopes": CriteriaSet.Scope.allCases.map { ["code": $0.rawValue] },
            "statuses": Assessment.allCases.map { ["code": $0.rawValue, "name": $0.vietnamese] },
        ]
        return WebRoutes(dependencies: dependencies).page(
            "field", title: vi ? "Ghi nhận NTM tại thực địa" : "NTM field entry", body: body, request: request, context: context, flash: flash)
    }

    /// The form posted online: the same entry the offline queue would send, recorded now.
    func post(_ kind: FieldEntry.Kind, _ request: Request, _ context: AdminRequestContext) async throws -> Response {
        guard let session = context.session else { throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first")) }
        var input: [String: JSONValue] = [:]
        for (key, value) in context.form where key.hasPrefix("in_") && !value.isEmpty { input[String(key.dropFirst(3))] = .string(value) }
        let now = dependencies.now()
        let entry = FieldEntry(
            key: UUID().uuidString.lowercased(), kind: kind, input: input, comment: nil, businessTime: now, user: session.holder.user.id)
        let vi = context.language == .vi
        var flash: [String: String]
        var status = HTTPResponse.Status.ok
        do {
            switch try await dependencies.services.syncFieldEntry(entry, as: Caller(session.holder.user.id), at: now) {
            case .applied: flash = ["kind": "ok", "text": vi ? "Đã ghi nhận." : "Recorded."]
            case .replayed: flash = ["kind": "ok", "text": vi ? "Số liệu này đã được ghi trước đó." : "These figures were already recorded."]
            case .conflict(let conflict):
                flash = ["kind": "error", "text": vi ? conflict.message.vi : conflict.message.en]
                status = .conflict
            }
        } catch {
            let failure = error
            let problem = Problem.from(failure, logger: context.logger)
            flash = ["kind": "error", "text": vi ? problem.detail.vi : problem.detail.en]
            status = problem.status
        }
        var response = try await page(request, context, flash: flash)
        response.status = status
        return response
    }
}

extension WebTemplates {
    /// The NTM field forms. `data-field-entry` marks a form the offline script queues when there is no connection;
    /// its fields named `in_…` are the entry's inputs.
    static let fieldTemplates: [(String, String)] = [
        (
            "field",
            """
            <h1>{{t.fieldTitle}}</h1>
            <section class="card"><h2 id="assess-heading">{{t.fieldAssessment}}</h2>
            <form method="post" action="{{path}}/assessment" id="ntm-assessment" data-field-entry="ntm_assessment" data-user="{{user}}">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="a-unit">{{t.unit}} *</label><select id="a-unit" name="in_unit" required>{{#units}}<option value="{{code}}">{{name}}</option>{{/units}}</select>
            <label for="a-set">{{t.fieldSet}} *</label><select id="a-set" name="in_criteria_set" required>{{#sets}}<option value="{{id}}">{{name}}</option>{{/sets}}</select>
            <label for="a-criterion">{{t.fieldCriterion}} *</label><select id="a-criterion" name="in_criterion" required>{{#sets}}<optgroup label="{{name}}">{{#criteria}}<option value="{{code}}">{{name}}</option>{{/criteria}}</optgroup>{{/sets}}</select>
            <label for="a-status">{{t.fieldStatus}}</label><select id="a-status" name="in_status"><option value=""></option>{{#statuses}}<option value="{{code}}">{{name}}</option>{{/statuses}}</select>
            <label for="a-plan">{{t.fieldPlan}}</label><input id="a-plan" name="in_plan" placeholder="85-95" inputmode="decimal">
            <label for="a-asof">{{t.fieldAsOf}} <span class="muted">(dd/mm/yyyy)</span></label><input id="a-asof" name="in_as_of" placeholder="{{today}}" inputmode="numeric" autocomplete="off">
            <label for="a-note">{{t.comment}}</label><input id="a-note" name="in_note">
            <p><button type="submit">{{t.fieldRecord}}</button></p></form></section>
            <section class="card"><h2>{{t.fieldProgress}}</h2>
            <form method="post" action="{{path}}/progress" id="ntm-progress" data-field-entry="ntm_progress" data-user="{{user}}">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="p-unit">{{t.unit}} *</label><select id="p-unit" name="in_unit" required>{{#units}}<option value="{{code}}">{{name}}</option>{{/units}}</select>
            <label for="p-scope">{{t.fieldScope}} *</label><select id="p-scope" name="in_scope" required>{{#scopes}}<option value="{{code}}">{{code}}</option>{{/scopes}}</select>
            <label for="p-asof">{{t.fieldAsOf}} <span class="muted">(dd/mm/yyyy)</span></label><input id="p-asof" name="in_as_of" placeholder="{{today}}" inputmode="numeric" autocomplete="off">
            <label for="p-met">{{t.fieldMet}}</label><input id="p-met" name="in_met" inputmode="numeric">
            <label for="p-basic">{{t.fieldBasicallyMet}}</label><input id="p-basic" name="in_basically_met" inputmode="numeric">
            <label for="p-plan">{{t.fieldPlan}}</label><input id="p-plan" name="in_plan" placeholder="80-85" inputmode="decimal">
            <label for="p-kind">{{t.fieldKind}}</label><select id="p-kind" name="in_kind"><option value="estimate">estimate</option><option value="achieved">achieved</option><option value="forecast">forecast</option></select>
            <label for="p-note">{{t.comment}}</label><input id="p-note" name="in_note">
            <p><button type="submit">{{t.fieldRecord}}</button></p></form></section>
            """
        )
    ]
}

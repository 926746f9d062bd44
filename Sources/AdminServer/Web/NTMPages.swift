import Foundation
import HTTPTypes
import Hummingbird
import OCOP
import Store
import Workflow

/// The dashboard's NTM pages, for signed-in staff:
///
/// - `/ntm?asOf=yyyy-mm-dd[&district=…]`: progress per commune group — each unit's "x/N" as a bar, its % KH range,
///   state and blockers; towns and residential units; year-end forecasts apart. A commune officer sees their commune.
/// - `/report?asOf=…`: the district report (criteria, key results, groups, residential scopes, OCOP) with a date
///   picker and download links; `/report.csv` and `/report.json` are the same files as the API's, for the session.
///
/// The date defaults to today in Vietnam; a date that is not one is said so, and today is shown instead.
struct NTMPages {
    let dependencies: ServerDependencies

    func register(on router: Router<AdminRequestContext>) {
        router.get("/ntm") { request, context in try await ntm(request, context) }
        router.get("/report") { request, context in try await report(request, context) }
        router.get("/report.csv") { request, context in try await download(request, context, format: .csv) }
        router.get("/report.json") { request, context in try await download(request, context, format: .json) }
        router.get("/report.xlsx") { request, context in try await download(request, context, format: .xlsx) }
    }

    // MARK: - Pages

    func ntm(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try await render("ntm", title: "ntmTitle", purpose: .units, request, context) { scoped, views in
            views.progress(scoped)
        }
    }

    func report(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try await render("report", title: "reportTitle", purpose: .wholeReport, request, context) { scoped, views in
            var view = views.progress(scoped)
            if let report = scoped.report { view.merge(views.report(report)) { _, new in new } }
            var query = "asOf=\(scoped.asOf.iso)"
            if scoped.choices.count > 1 { query += "&district=\(scoped.district.code)" }
            view["query"] = query
            return view
        }
    }

    /// `/report.csv`, `/report.json`: the API's files for a signed-in user (same rules; the date defaults to today).
    func download(_ request: Request, _ context: AdminRequestContext, format: ReportFormat) async throws -> Response {
        let user = try session(context).holder.user
        let parameters = request.uri.queryParameters
        let access = ReportAccess(services: dependencies.services, now: dependencies.now)
        let asOf = try ReportAccess.date(parameters["asOf"]) ?? access.today()
        let scoped = try await access.report(user: user, district: parameters["district"].map(String.init), asOf: asOf, purpose: .wholeReport)
        guard let report = scoped.report else { throw Problem.notFound(Bilingual(vi: "không có báo cáo", en: "no report")) }
        return try ReportRoutes.response(report, format: format, language: context.language)
    }

    // MARK: - Rendering

    /// Reads the date and district, builds the scoped report and renders `template` with the date form; a caller
    /// who may not read it gets the page with the reason (403) rather than a bare error.
    private func render(
        _ template: String, title: String, purpose: ReportAccess.Purpose, _ request: Request, _ context: AdminRequestContext,
        _ body: @escaping (ReportAccess.Scoped, NTMViews) -> [String: Any]
    ) async throws -> Response {
        let user = try session(context).holder.user
        let words = WebText.table(context.language)
        let web = WebRoutes(dependencies: dependencies)
        let parameters = request.uri.queryParameters
        let access = ReportAccess(services: dependencies.services, now: dependencies.now)
        var flash: [String: String]?
        var asOf = access.today()
        do {
            if let day = try ReportAccess.date(parameters["asOf"]) { asOf = day }
        } catch {
            flash = ["kind": "error", "text": words["badDate"] ?? ""]
        }
        let scoped: ReportAccess.Scoped
        do {
            scoped = try await access.report(
                user: user, district: parameters["district"].map(String.init), asOf: asOf, purpose: purpose, firstChoice: true)
        } catch let error as ServiceError where error.kind == .forbidden {
            let problem = Problem.from(error, logger: context.logger)
            let text = context.language == .vi ? problem.detail.vi : problem.detail.en
            var response = web.page(
                template, title: words[title] ?? "", body: ["denied": true], request: request, context: context, flash: ["kind": "error", "text": text])
            response.status = .forbidden
            return response
        }
        var view = body(scoped, NTMViews(language: context.language))
        view["form"] = form(scoped, action: "/\(template)")
        return web.page(template, title: words[title] ?? "", body: view, request: request, context: context, flash: flash)
    }

    /// The date field (a GET form: nothing changes, so no CSRF token), with the districts when there is a choice. A text
    /// field showing dd/mm/yyyy whatever the browser's locale; ISO is accepted too.
    private func form(_ scoped: ReportAccess.Scoped, action: String) -> [String: Any] {
        [
            "action": action, "asOfISO": scoped.asOf.iso, "asOfDisplay": scoped.asOf.displayString, "hasChoices": scoped.choices.count > 1,
            "choices": scoped.choices.map { ["code": $0.code, "name": $0.name, "selected": $0.code == scoped.district.code] },
        ]
    }

    private func session(_ context: AdminRequestContext) throws -> SessionStore.Session {
        guard let session = context.session else { throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first")) }
        return session
    }
}

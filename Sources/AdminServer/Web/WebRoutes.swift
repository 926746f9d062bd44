import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import Store
import Workflow

/// The staff dashboard: sign-in, the pipeline by stage, record lists, a record's page with its actions and history.
struct WebRoutes {
    let dependencies: ServerDependencies
    static let sessionLifetime: Duration = .seconds(8 * 3600)

    func register(on router: Router<AdminRequestContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/pipeline"]) }
        AccountPages(dependencies: dependencies).register(on: router)
        ProducerPage(dependencies: dependencies).register(on: router)
        router.get("/pipeline") { request, context in try await pipeline(request, context) }
        router.get("/instances") { request, context in try await list(request, context) }
        router.get("/instances/:id") { request, context in try await instance(request, context) }
        router.post("/instances/:id/events/:event") { request, context in try await fire(request, context) }
        NTMPages(dependencies: dependencies).register(on: router)
        DocumentPages(dependencies: dependencies).register(on: router)
        PrintPages(dependencies: dependencies).register(on: router)
        SearchPage(dependencies: dependencies).register(on: router)
        OfflineRoutes(dependencies: dependencies).register(on: router)
    }

    // MARK: - Pages

    func pipeline(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let user = try session(context).holder.user
        let language = context.language
        let workflows = try await dependencies.services.workflows.pipeline(as: Caller(user.id), at: dependencies.now()).map { row -> [String: Any] in
            let definition = row.definition
            let states = row.counts.map { code, count -> [String: Any] in
                ["workflow": definition.name, "code": code, "label": Self.label(definition.state(code)?.label, code, language), "count": count]
            }
            // By date, some records are already in another state; the worker records it (the counts above are as recorded).
            let due = row.due.map { from, to, count -> [String: Any] in
                let (fromLabel, toLabel) = (Self.label(definition.state(from)?.label, from, language), Self.label(definition.state(to)?.label, to, language))
                return [
                    "text": language == .vi
                        ? "\(count) hồ sơ “\(fromLabel)” theo ngày đã là “\(toLabel)” (hệ thống sẽ ghi nhận)"
                        : "\(count) record(s) “\(fromLabel)” are by date “\(toLabel)” (the system will record it)"
                ]
            }
            return ["title": Self.label(definition.title, definition.name, language), "states": states, "due": due, "hasDue": !due.isEmpty]
        }
        // The user's own deadlines (a producer's ideas and products, their certificates and claims) and the notifications
        // sent to them — the same use cases as `ocop producer status`.
        var deadlines: [[String: Any]] = []
        if let ocop = dependencies.services.ocop, user.grants.contains(where: { $0.role == "CT" }) {
            let today = LocalDate(vietnamDayOf: dependencies.now())
            for item in try await ocop.producerStatus(for: user.id, today: today) {
                for deadline in item.deadlines.prefix(2) {
                    deadlines.append([
                        "id": item.row.id, "name": item.row.name, "what": language == .vi ? deadline.label.vi : deadline.label.en,
                        "when": Self.time(deadline.at),
                    ])
                }
            }
        }
        let texts = WebText.table(language)
        let notifications: [[String: Any]] = try await dependencies.services.outbox.messages(to: user.id, limit: 10).map { message in
            [
                "when": Self.time(message.deliveredAt ?? message.createdAt), "subject": message.subject ?? "",
                "status": message.deliveredAt != nil ? texts["sent"] ?? "" : texts["waiting"] ?? "",
            ]
        }
        return page(
            "pipeline", title: texts["pipeline"] ?? "",
            body: [
                "workflows": workflows, "deadlines": deadlines, "hasDeadlines": !deadlines.isEmpty, "notifications": notifications,
                "hasNotifications": !notifications.isEmpty,
            ], request: request, context: context)
    }

    func list(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let user = try session(context).holder.user
        let query = request.uri.queryParameters
        let filter = WorkflowStore.ListFilter(workflow: query["workflow"].map(String.init), state: query["state"].map(String.init), limit: 500)
        let language = context.language
        let found = try await dependencies.services.workflows.list(filter, as: Caller(user.id), at: dependencies.now()).items
        let names = try await ReferenceNames.load(dependencies.services, units: found.map(\.record.unitCode))
        let items = found.map { item -> [String: Any] in
            let record = item.record
            // As recorded, and by date when its timers (or a linked record's) have fallen due: the worker records it later.
            let stored = Self.label(item.definition.state(record.snapshot.state)?.label, record.snapshot.state, language)
            let state = item.dueState.map { due in
                "\(stored) → \(Self.label(item.definition.state(due.state)?.label, due.state, language)) (\(language == .vi ? "đến hạn" : "due"))"
            } ?? stored
            return [
                "id": record.id, "name": Self.name(of: record), "unit": names.unit(record.unitCode),
                "state": state,
                "updated": Self.time(record.updatedAt),
            ]
        }
        return page("list", title: WebText.table(language)["list"] ?? "", body: ["items": items, "heading": WebText.table(language)["list"] ?? ""], request: request, context: context)
    }

    func instance(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try session(context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw Problem.notFound(Bilingual(vi: "không có hồ sơ", en: "no such record")) }
        var view = try await InstancePage(dependencies: dependencies).render(id: id, session: session, language: context.language)
        view["printLinks"] = PrintPages.links(workflow: view["workflow"] as? String ?? "", id: id, language: context.language)
        var flash: [String: String]?
        if let done = request.uri.queryParameters["done"] {
            flash = ["kind": "ok", "text": "\(WebText.table(context.language)["fired"] ?? ""): \(done)"]
        }
        if let uploaded = request.uri.queryParameters["uploaded"] {
            flash = ["kind": "ok", "text": (context.language == .vi ? "Đã tải lên: " : "Uploaded: ") + String(uploaded)]
        }
        return page("instance", title: view["name"] as? String ?? "", body: view, request: request, context: context, flash: flash)
    }

    func fire(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try session(context)
        guard let id = context.parameters.get("id", as: Int64.self), let event = context.parameters.get("event") else {
            throw Problem.notFound(Bilingual(vi: "không có hồ sơ", en: "no such record"))
        }
        do {
            try await InstancePage(dependencies: dependencies).fire(id: id, event: event, form: context.form, session: session)
            return Response(status: .seeOther, headers: [.location: "/instances/\(id)?done=\(event)"])
        } catch let error as ServiceError where [.rejected, .staleVersion, .forbidden, .conflict, .badInput].contains(error.kind) {
            var view = try await InstancePage(dependencies: dependencies).render(id: id, session: session, language: context.language)
            view["version"] = view["version"] ?? 0
            let text = context.language == .vi ? error.fullMessage.vi : error.fullMessage.en
            var response = page("instance", title: view["name"] as? String ?? "", body: view, request: request, context: context, flash: ["kind": "error", "text": text])
            response.status = error.kind == .staleVersion ? .conflict : Problem.from(error, logger: context.logger).status
            return response
        }
    }

    // MARK: - Rendering

    func session(_ context: AdminRequestContext) throws -> SessionStore.Session {
        guard let session = context.session else { throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first")) }
        return session
    }

    /// A page in the dashboard's layout, or — `printable`, or `?print=1` on any page — in the A4 print layout (``PrintPages``).
    func page(
        _ template: String, title: String, body: [String: Any], request: Request, context: AdminRequestContext, flash: [String: String]? = nil,
        printable: Bool = false
    ) -> Response {
        let words = WebText.table(context.language)
        var content = body
        content["t"] = words
        content["csrf"] = context.session?.csrf ?? ""
        let inner = WebTemplates.library.render(content, withTemplate: template) ?? ""
        var layout: [String: Any] = ["lang": context.language.rawValue, "title": title, "css": WebTemplates.css, "body": inner, "t": words]
        if let session = context.session {
            layout["user"] = ["id": session.holder.user.id, "name": session.holder.user.name, "csrf": session.csrf, "staff": ReportAccess.isStaff(session.holder.user)]
        }
        if let flash { layout["flash"] = flash }
        let printing = printable || request.uri.queryParameters["print"] != nil
        if printing {
            let printWords = PrintPages.words(context.language)
            layout["hint"] = printWords["printHint"] ?? ""
            layout["backText"] = printWords["back"] ?? ""
            layout["back"] = Self.screenPath(of: request)
        }
        let html = WebTemplates.library.render(layout, withTemplate: printing ? "printLayout" : "layout") ?? ""
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .contentLanguage: context.language.rawValue, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The screen page a printed one comes from: `/report?asOf=…` for `/report?asOf=…&print=1`, the record for
    /// `/print/certificate/12`.
    static func screenPath(of request: Request) -> String {
        let path = request.uri.path
        if path.hasPrefix("/print/"), let id = path.split(separator: "/").last { return "/instances/\(id)" }
        let query = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("print=") && $0 != "print" }.joined(separator: "&")
        return query.isEmpty ? path : "\(path)?\(query)"
    }

    static func label(_ bilingual: Bilingual?, _ fallback: String, _ language: ServerLanguage) -> String {
        guard let bilingual else { return fallback }
        return language == .vi ? bilingual.vi : bilingual.en
    }

    /// The record's name for people: a product or idea name from its data, else its workflow and number.
    static func name(of record: InstanceRecord) -> String {
        for key in ["product_name", "idea_name", "name", "unit_name", "title"] {
            if let value = record.snapshot.data[key]?.stringValue, !value.isEmpty { return value }
        }
        return "\(record.workflow) #\(record.id)"
    }

    /// `28/11/2022 07:00` in Vietnam's time.
    static func time(_ instant: Date) -> String {
        let date = VietnamTime.date(of: instant)
        let seconds = Int(VietnamTime.secondsIntoDay(of: instant))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(date.day))/\(two(date.month))/\(date.year) \(two(seconds / 3600)):\(two(seconds / 60 % 60))"
    }
}

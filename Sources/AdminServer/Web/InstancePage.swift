import Foundation
import HTTPTypes
import OCOP
import Store
import Workflow

/// A record's page: stage, details, dossier items, the actions its viewer may take (as forms) and why the others
/// are blocked, and the history timeline; and the handling of those forms.
struct InstancePage {
    let dependencies: ServerDependencies

    func render(id: Int64, session: SessionStore.Session, language: ServerLanguage) async throws -> [String: Any] {
        let now = dependencies.now()
        let caller = Caller(session.holder.user.id)
        let (status, historyEntries) = try await dependencies.services.workflows.statusAndHistory(id, as: caller, at: now)
        let (record, definition, events) = (status.record, status.definition, status.events)
        do {
            let words = WebText.table(language)
            let names = try await ReferenceNames.load(dependencies.services, units: [record.unitCode], subjects: [record.subjectID])
            var facts: [[String: String]] = [
                ["key": words["subject"] ?? "", "value": names.subject(record.subjectID)], ["key": words["unit"] ?? "", "value": names.unit(record.unitCode)],
                ["key": words["updated"] ?? "", "value": WebRoutes.time(record.updatedAt)],
            ]
            let (items, listed, upload) = try await checklist(record, session: session, language: language, now: now)
            var dossier = items
            // Fields already shown (the title, the subject) are not repeated; dates read dd/mm/yyyy.
            let shown: Set<String> = ["product_name", "idea_name", "name", "subject_id", "dossier_not_applicable", DocumentService.filesField]
            // Field names as the workflow's forms label them where fields.yaml names none.
            var labels: [String: Bilingual] = [:]
            for event in definition.events { for input in event.inputs { if let label = input.label { labels[input.name] = label } } }
            let productGroups = Dictionary(
                (dependencies.services.ocop?.ruleSets.ruleSets ?? []).flatMap { $0.productGroups.map { ($0.code, $0.name) } }, uniquingKeysWith: { first, _ in first })
            let pick = { (text: Bilingual) in language == .vi ? text.vi : text.en }
            for fact in try await dependencies.services.facts(of: record, labels: dependencies.fieldLabels, skipping: shown.union(listed)) {
                let plain = fact.key.replacingOccurrences(of: "_", with: " ")
                if fact.key.hasPrefix("dossier_"), fact.key != "dossier_sent_on" {
                    dossier.append(["mark": "✓", "key": fact.label.map(pick) ?? String(plain.dropFirst("dossier ".count)), "value": pick(fact.value)])
                } else {
                    let label = fact.label.map(pick) ?? labels[fact.key].map(pick).map { $0.prefix(1).uppercased() + $0.dropFirst() }
                    facts.append(["key": label ?? plain, "value": pick(fact.value)])
                }
            }
            // Steps reserved to a service are offered only where the dashboard takes them through that service.
            let owner = { (name: String) in definition.events.first { $0.name == name && $0.from.contains(record.snapshot.state) }?.service }
            let offered = events.filter { $0.isAvailable && (owner($0.event) == nil || Self.webServiceEvents.contains($0.event)) }
            let reserved = events.filter { $0.isAvailable && owner($0.event) != nil && !Self.webServiceEvents.contains($0.event) }
            let available = offered.map { event -> [String: Any] in
                [
                    "event": event.event, "label": WebRoutes.label(event.label, event.event, language), "id": id, "version": record.snapshot.version,
                    // A field step (survey, field check): its form is queued on the device when there is no connection.
                    "field": OfflineRoutes.fieldEvents.contains(event.event),
                    "csrf": session.csrf,
                    // A step that asks for its own decision or document number gets no second, generic one.
                    "legalField": !event.inputs.contains { Self.isReference($0.name) },
                    "inputs": event.inputs.map { input -> [String: Any] in
                        var field: [String: Any] = [
                            "event": event.event, "name": input.name, "label": WebRoutes.label(input.label, input.name, language), "required": input.isRequired,
                            "html": "text", "isDate": false, "isSelect": false,
                        ]
                        switch input.kind {
                        case .date:
                            // Typed as dd/mm/yyyy whatever the browser's language (a date picker would follow the browser's).
                            field["isDate"] = true
                        case .oneOf(let codes):
                            field["isSelect"] = true
                            field["options"] = codes.map { code -> [String: String] in
                                let name = dependencies.fieldLabels.value(code, of: input.name) ?? productGroups[code]
                                return ["code": code, "name": name.map { language == .vi ? $0.vi : $0.en } ?? code]
                            }
                        case .bool:
                            field["isSelect"] = true
                            field["options"] = [["code": "true", "name": language == .vi ? "Có" : "Yes"], ["code": "false", "name": language == .vi ? "Không" : "No"]]
                        case .int, .decimal, .money:
                            field["html"] = "text"
                            field["numeric"] = true
                        default:
                            break
                        }
                        return field
                    },
                ]
            }
            var blocked = events.filter { !$0.isAvailable }.map { event -> [String: String] in
                ["label": WebRoutes.label(event.label, event.event, language),
                 "reasons": event.reasons.map { language == .vi ? $0.message.vi : $0.message.en }.joined(separator: "; ")]
            }
            for event in reserved {
                let message = WorkflowStoreError.serviceOnly(id, event: event.event, service: owner(event.event) ?? "").message
                blocked.append(["label": WebRoutes.label(event.label, event.event, language), "reasons": language == .vi ? message.vi : message.en])
            }
            let history = historyEntries.reversed().map { entry -> [String: Any] in
                [
                    "time": WebRoutes.time(entry.at), "event": Self.eventLabel(entry.event, in: definition, language),
                    "from": entry.fromState.map { WebRoutes.label(definition.state($0)?.label, $0, language) } ?? "—",
                    "to": WebRoutes.label(definition.state(entry.toState)?.label, entry.toState, language), "actor": entry.actor, "role": entry.actingRole,
                    "onBehalfOf": entry.onBehalfOf ?? "", "legalRef": entry.legalRef ?? "",
                    "comment": [
                        entry.causedBy.map {
                            language == .vi ? "Tự động, do hồ sơ \($0.instanceID) thay đổi" : "Automatic, because record \($0.instanceID) changed"
                        },
                        entry.note,
                        // A file attached or removed: which file, for which item.
                        DocumentService.entryLabels[entry.event] != nil
                            ? entry.input["file_name"].map { "\($0.displayText) (\(entry.input["item"]?.displayText ?? ""))" } : nil,
                    ].compactMap { $0 }.joined(separator: "; "),
                ]
            }
            var view: [String: Any] = [
                "id": id, "name": WebRoutes.name(of: record), "workflow": record.workflow, "version": record.snapshot.version,
                "state": WebRoutes.label(
                    definition.state(status.dueState?.state ?? record.snapshot.state)?.label, status.dueState?.state ?? record.snapshot.state, language),
                "due": status.dueState.map { due in
                    language == .vi
                        ? "Theo ngày: đã đến hạn từ \(WebRoutes.time(due.since)); hệ thống sẽ ghi nhận bước này (đang ghi: \(WebRoutes.label(definition.state(record.snapshot.state)?.label, record.snapshot.state, language)))."
                        : "By date: due since \(WebRoutes.time(due.since)); the system will record this step (recorded: \(WebRoutes.label(definition.state(record.snapshot.state)?.label, record.snapshot.state, language)))."
                } ?? "",
                "facts": facts, "dossier": dossier, "hasDossier": !dossier.isEmpty, "available": available, "blocked": blocked,
                "hasBlocked": !blocked.isEmpty, "history": Array(history),
            ]
            if let upload { view["upload"] = upload }
            return view
        }
    }

    /// A product's dossier checklist (``DocumentService``): every item of its rule set (the one fixed at submission, else
    /// the one in force today) by its name, present (✓ with its files as download links, or the note typed before files
    /// could be attached), missing (✗) or not applicable (–); the data fields used; and the upload form while the
    /// dossier may change.
    private func checklist(
        _ record: InstanceRecord, session: SessionStore.Session, language: ServerLanguage, now: Date
    ) async throws -> ([[String: Any]], Set<String>, [String: Any]?) {
        guard record.workflow == "ocop_product", let documents = dependencies.services.documents else { return ([], [], nil) }
        let checklist = try await documents.checklist(productID: record.id, by: session.holder.user.id, now: now)
        var items: [[String: Any]] = []
        var listed: Set<String> = []
        for entry in checklist.entries {
            listed.insert("dossier_" + entry.item.code.replacingOccurrences(of: "-", with: "_"))
            let name = language == .vi ? entry.item.name.vi : entry.item.name.en
            let files = entry.documents.map { document -> [String: Any] in
                ["id": document.id, "name": document.fileName, "size": DocumentService.megabytes(document.size)]
            }
            let (mark, value): (String, String) =
                switch entry.status {
                case .present: ("✓", entry.note ?? "")
                case .notApplicable: ("–", language == .vi ? "không áp dụng" : "not applicable")
                case .missing: ("✗", language == .vi ? "chưa có" : "missing")
                }
            items.append([
                "mark": mark, "key": name, "value": value, "missing": entry.status == .missing, "code": entry.item.code,
                "status": entry.status.rawValue, "files": files,
            ])
        }
        guard checklist.editable else { return (items, listed, nil) }
        let firstMissing = checklist.missing.first
        let upload: [String: Any] = [
            "id": record.id, "csrf": session.csrf, "accept": DocumentKind.allCases.flatMap(\.extensions).map { "." + $0 }.joined(separator: ","),
            "limit": DocumentService.megabytes(documents.maxBytes),
            "heading": language == .vi ? "Đính kèm tệp vào hồ sơ" : "Attach a file to the dossier",
            "itemLabel": language == .vi ? "Mục hồ sơ" : "Dossier item", "fileLabel": language == .vi ? "Tệp" : "File",
            "button": language == .vi ? "Tải lên" : "Upload",
            "items": checklist.entries.map { entry -> [String: Any] in
                ["code": entry.item.code, "name": language == .vi ? entry.item.name.vi : entry.item.name.en, "selected": entry.item.code == firstMissing]
            },
        ]
        return (items, listed, upload)
    }

    /// Fires the event of a submitted form as the signed-in user (their roles covering this record).
    func fire(id: Int64, event: String, form: [String: String], session: SessionStore.Session) async throws {
        var collected: [String: JSONValue] = [:]
        for (key, value) in form where key.hasPrefix("in_") && !value.isEmpty {
            collected[String(key.dropFirst(3))] = .string(value)
        }
        let input = collected
        let expected = form["version"].flatMap(Int.init)
        let comment = form["comment"].flatMap { $0.isEmpty ? nil : $0 }
        // The step's own decision number stands for the record's legal reference when the generic field is not offered.
        let legalRef =
            form["legal_ref"].flatMap { $0.isEmpty ? nil : $0 }
            ?? collected.keys.sorted().first(where: Self.isReference).flatMap { collected[$0]?.stringValue }
        _ = try await dependencies.services.workflows.fire(
            EventRequest(instanceID: id, event: event, input: input, comment: comment, legalRef: legalRef, expectedVersion: expected),
            as: Caller(session.holder.user.id), at: dependencies.now())
    }

    /// Service-reserved steps the dashboard takes through the service itself (the others are done with their commands).
    static let webServiceEvents: Set<String> = ["submit_for_rating", "apply_for_rerating"]

    /// A data value for people (``Services/display(_:)``).
    static func display(_ value: JSONValue?) -> String { value.map(Services.display) ?? "" }

    /// An event's label as people read it; the creation row and unknown events keep their code.
    static func eventLabel(_ event: String, in definition: WorkflowDefinition, _ language: ServerLanguage) -> String {
        if event == "create" { return language == .vi ? "Tạo hồ sơ" : "Created" }
        if let label = DocumentService.entryLabels[event] { return language == .vi ? label.vi : label.en }
        return WebRoutes.label(definition.events(named: event).first?.label, event, language)
    }

    /// An input that holds a decision's or document's number (`approval_ref`, `decision_ref`…).
    static func isReference(_ name: String) -> Bool { name.hasSuffix("_ref") }
}

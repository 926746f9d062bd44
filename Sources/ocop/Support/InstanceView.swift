import Foundation
import Store
import Workflow

/// How an instance is shown: the lines `ocop start` and `ocop status` print, and its JSON object.
struct InstanceView {
    let record: InstanceRecord
    let definition: WorkflowDefinition
    let language: Language

    /// Stable JSON keys: id, workflow, state, stateLabel, final, version, definitionId, definitionHash, subjectId,
    /// unitCode, data, createdAt, updatedAt.
    var json: [String: JSONValue] {
        let state = definition.state(record.snapshot.state)
        return [
            "id": .int(record.id), "workflow": .string(record.workflow), "state": .string(record.snapshot.state),
            "stateLabel": .label(state?.label), "final": .bool(state?.isFinal ?? false), "version": .number(record.snapshot.version),
            "definitionId": .int(record.definitionID), "definitionHash": .string(record.definitionHash),
            "definitionVersion": .string(definition.versionLabel), "subjectId": .text(record.subjectID), "unitCode": .text(record.unitCode),
            "data": .object(record.snapshot.data), "createdAt": .time(record.createdAt), "updatedAt": .time(record.updatedAt),
        ]
    }

    /// Label–value lines; with `facts`, one line per data field by its label (codes by name, dates dd/mm/yyyy), and the
    /// subject and unit by name.
    func fields(facts: [RecordFact]? = nil, names: (units: [String: String], subjects: [String: String]) = ([:], [:])) -> Fields {
        let data = facts != nil
        let text = { (vi: String, en: String) in Text(vi, en)(language) }
        var fields = Fields()
        fields.add(text("Hồ sơ", "Instance"), "\(record.id)")
        let title = definition.title.map { " — " + $0.text(language) } ?? ""
        fields.add(text("Quy trình", "Workflow"), record.workflow + title)
        var state = record.snapshot.state
        if let definition = definition.state(state) {
            state += " — " + definition.label.text(language) + (definition.isFinal ? text(" (kết thúc)", " (final)") : "")
        }
        fields.add(text("Trạng thái", "State"), state)
        fields.add(text("Phiên bản", "Version"), "\(record.snapshot.version)")
        fields.add(
            text("Định nghĩa", "Definition"), "\(definition.versionLabel) · #\(record.definitionID) · \(record.definitionHash.prefix(12))")
        if let subject = record.subjectID { fields.add(text("Chủ thể", "Subject"), names.subjects[subject].map { "\($0) (\(subject))" } ?? subject) }
        if let unit = record.unitCode { fields.add(text("Đơn vị", "Unit"), names.units[unit].map { "\($0) (\(unit))" } ?? unit) }
        fields.add(text("Tạo lúc", "Created"), VietnamClock.screen(record.createdAt))
        fields.add(text("Cập nhật", "Updated"), VietnamClock.screen(record.updatedAt))
        if data, let facts {
            if facts.isEmpty { fields.add(text("Dữ liệu", "Data"), "—") }
            for fact in facts {
                fields.add(fact.label?.text(language) ?? fact.key, fact.value.text(language))
            }
        }
        return fields
    }

    /// A value for the screen: dates `yyyy-mm-dd` as `dd/mm/yyyy`, the rest as JSON shows them.
    static func display(_ value: JSONValue) -> String {
        if let date = value.dateValue { return VietnamClock.day(date) }
        if case .string(let text) = value, let instant = try? Date(text, strategy: .iso8601) { return VietnamClock.screen(instant) }
        return value.displayText
    }
}

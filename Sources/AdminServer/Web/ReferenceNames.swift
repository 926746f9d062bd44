import Store

/// Units and subjects by name on the dashboard, where records hold their codes ("Xã Quang Thọ", not `quang-tho`).
struct ReferenceNames: Sendable {
    var units: [String: String] = [:]
    var subjects: [String: String] = [:]

    /// The names of the given codes (one query each).
    static func load(_ services: Services, units: [String?] = [], subjects: [String?] = []) async throws -> ReferenceNames {
        let (unitNames, subjectNames) = try await services.reference.names(
            units: Array(Set(units.compactMap { $0 })), subjects: Array(Set(subjects.compactMap { $0 })))
        return ReferenceNames(units: unitNames, subjects: subjectNames)
    }

    func unit(_ code: String?) -> String {
        guard let code, !code.isEmpty else { return "—" }
        return units[code] ?? code
    }

    func subject(_ code: String?) -> String {
        guard let code, !code.isEmpty else { return "—" }
        return subjects[code] ?? code
    }
}

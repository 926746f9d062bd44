import Foundation
import LibPQ
import OCOP
import Workflow

/// Reference data — administrative units and OCOP subjects — as use cases. Kept by ADMIN, or by staff (HUYEN, XA,
/// VPDPT) whose grants cover the unit concerned.
public struct ReferenceService: Sendable {
    let pool: ConnectionPool
    let ntm: NTMService?
    let reference = ReferenceStore()

    /// The roles that may change reference data within their scope.
    static let keepers: Set<String> = ["ADMIN", "HUYEN", "XA", "VPDPT"]

    /// Adds an administrative unit (under `parentCode`, which the user's grants must cover).
    public func addUnit(_ unit: ReferenceStore.Unit, by userID: String) async throws(ServiceError) {
        try await write { connection in
            try self.requireKeeper(userID, unit: unit.parentCode, on: connection)
            try self.reference.add(unit, on: connection)
        }
    }

    /// Merges units into a new one; with a decision, their NTM recognitions await re-confirmation in the same
    /// transaction (DOMAIN §4.9). Returns the registrations moved to re-confirmation.
    public func mergeUnits(
        _ predecessors: [String], into successor: ReferenceStore.Unit, decision: Decision?, decisionRef: String?, by userID: String, now: Date
    ) async throws(ServiceError) -> [Int64] {
        try await write { connection in
            try self.requireKeeper(userID, unit: successor.parentCode, on: connection)
            try self.reference.merge(predecessors, into: successor, decisionRef: decision?.historyText ?? decisionRef, on: connection)
            guard let decision, let ntm = self.ntm else { return [] }
            return try ntm.unitsMerged(predecessors, into: successor.code, decision: decision, by: userID, now: now, on: connection)
        }
    }

    /// The units (in force on a day, or all).
    public func units(inForceOn date: LocalDate? = nil) async throws(ServiceError) -> [ReferenceStore.Unit] {
        let reference = reference
        return try await ServiceError.translating { try await pool.read { connection in try reference.units(inForceOn: date, on: connection) } }
    }

    /// Adds an OCOP subject (producer) in a unit the user's grants cover.
    public func addSubject(_ subject: ReferenceStore.Subject, by userID: String) async throws(ServiceError) {
        try await write { connection in
            try self.requireKeeper(userID, unit: subject.unitCode, on: connection)
            try self.reference.add(subject, on: connection)
        }
    }

    /// Every subject.
    public func subjects() async throws(ServiceError) -> [ReferenceStore.Subject] {
        let reference = reference
        return try await ServiceError.translating { try await pool.read { connection in try reference.subjects(on: connection) } }
    }

    /// The names of some units and subjects by code, for screens that show names where data holds codes. Names are
    /// not secret (they are on every report); codes not found are left out.
    public func names(units: [String], subjects: [String]) async throws(ServiceError) -> (units: [String: String], subjects: [String: String]) {
        try await ServiceError.translating {
            try await pool.read { connection in
                var unitNames: [String: String] = [:]
                var subjectNames: [String: String] = [:]
                if !units.isEmpty {
                    for row in try connection.query("SELECT code, name FROM admin_unit WHERE code = ANY(\(units)::text[])") {
                        unitNames[try row.decode("code")] = try row.decode("name")
                    }
                }
                if !subjects.isEmpty {
                    for row in try connection.query("SELECT id, name FROM ocop_subject WHERE id = ANY(\(subjects)::text[])") {
                        subjectNames[try row.decode("id")] = try row.decode("name")
                    }
                }
                return (unitNames, subjectNames)
            }
        }
    }

    private func requireKeeper(_ userID: String, unit: String?, on connection: Connection) throws {
        let user = try UserStore().user(userID, on: connection)
        let covering = try AccessPolicy().coveringGrants(of: user, subjectID: nil, unitCode: unit, on: connection)
        guard covering.contains(where: { Self.keepers.contains($0.role) }) else {
            throw ServiceError(
                .forbidden,
                message: Bilingual(
                    vi: "người dùng \"\(userID)\" không có quyền quản lý danh mục (cần ADMIN, HUYEN, XA hoặc VPDPT trong phạm vi)",
                    en: "user \"\(userID)\" may not change reference data (needs ADMIN, HUYEN, XA or VPDPT in scope)"))
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = pool
        return try await ServiceError.translating { try await pool.write(.readCommitted, maxAttempts: 1, body) }
    }
}

import Foundation
import LibPQ
import OCOP
import Workflow

/// One entry an officer made in the field, possibly with no connection, sent later by the dashboard's offline queue
/// (or any other door): what was done, on which record, at which version, when — and the key that makes sending it
/// again harmless.
public struct FieldEntry: Sendable, Hashable {
    /// What kind of step the entry is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A workflow step on a record (the idea survey, a product's field check…), fired through ``WorkflowService``.
        case event
        /// One NTM criterion's assessment of a unit (the same use case as `ocop ntm assess`).
        case ntmAssessment = "ntm_assessment"
        /// An NTM progress report of a unit (the same use case as `ocop ntm progress`).
        case ntmProgress = "ntm_progress"
    }

    /// The device's idempotency key (a UUID made when the entry was recorded).
    public var key: String
    public var kind: Kind
    /// The record, for `.event`.
    public var recordID: Int64?
    /// The workflow event, for `.event`.
    public var event: String?
    /// The record's version the officer saw, for `.event`; another current version is a conflict.
    public var expectedVersion: Int?
    /// The step's inputs (for NTM entries: unit, criteria_set, criterion, as_of, status… as the forms name them).
    public var input: [String: JSONValue]
    public var comment: String?
    /// When the officer recorded it (the business time); the server's clock says when it arrived.
    public var businessTime: Date
    /// The user the device recorded the entry for; it must be the caller.
    public var user: String

    /// Creates an entry.
    public init(
        key: String, kind: Kind, recordID: Int64? = nil, event: String? = nil, expectedVersion: Int? = nil, input: [String: JSONValue] = [:],
        comment: String? = nil, businessTime: Date, user: String
    ) {
        self.key = key
        self.kind = kind
        self.recordID = recordID
        self.event = event
        self.expectedVersion = expectedVersion
        self.input = input
        self.comment = comment
        self.businessTime = businessTime
        self.user = user
    }
}

/// What became of a synced entry.
public enum FieldSyncOutcome: Sendable {
    /// Applied now; the record's new version (events).
    case applied(version: Int?)
    /// Already applied by an earlier sending of the same key (or the identical NTM figure was already recorded):
    /// nothing was applied again.
    case replayed(version: Int?)
    /// Not applied: the record moved on, a guard now fails, the entry is dated before the record's last step, or it
    /// was recorded for another user. The entry stays with the officer, who applies it anew or discards it.
    case conflict(FieldConflict)
}

/// Why an entry was not applied, and the record as it is now (to show against what the officer saw).
public struct FieldConflict: Sendable {
    /// `stale-version`, `rejected`, `backdated`, `other-user`, `duplicate`, … (the error's code).
    public var code: String
    public var message: Bilingual
    /// The record's current state (code and label) and version, for events.
    public var currentState: String?
    public var currentStateLabel: Bilingual?
    public var currentVersion: Int?
    /// The record's last change: who, what and when (business time).
    public var lastChangedBy: String?
    public var lastEvent: String?
    public var lastChangedAt: Date?
}

extension Services {
    /// How far ahead of the server's clock a device's business time may be (clocks on phones drift).
    public static let fieldClockSkew: TimeInterval = 10 * 60

    /// Syncs one field entry as the caller: the one use case behind the dashboard's offline queue.
    ///
    /// The same scope rules as every door (a record outside the caller's grants does not exist: `notFound`), the
    /// same workflow rules (`late_entry`, guards, versions) and the idempotency key of the API. Throws for requests
    /// that can never apply as sent (bad input, wrong scope, a business time in the future); answers `.conflict`
    /// for what the officer has to look at.
    public func syncFieldEntry(_ entry: FieldEntry, as caller: Caller, at now: Date) async throws(ServiceError) -> FieldSyncOutcome {
        try Self.checkFieldEntry(entry, now: now)
        guard entry.user == caller.userID else {
            return .conflict(
                FieldConflict(
                    code: "other-user",
                    message: Bilingual(
                        vi: "mục này được ghi cho người dùng \"\(entry.user)\", không phải \"\(caller.userID)\"; hãy đăng nhập bằng tài khoản đó để đồng bộ",
                        en: "this entry was recorded for user \"\(entry.user)\", not \"\(caller.userID)\"; sign in as that user to sync it")))
        }
        switch entry.kind {
        case .event:
            return try await syncEvent(entry, as: caller, now: now)
        case .ntmAssessment:
            guard let ntm else { throw Self.noNTM }
            let row = try Self.assessmentRow(entry)
            do {
                let written = try await ntm.recordAssessment(row, by: caller.userID, now: now)
                return written == 0 ? .replayed(version: nil) : .applied(version: nil)
            } catch {
                return try Self.ntmConflict(error)
            }
        case .ntmProgress:
            guard let ntm else { throw Self.noNTM }
            let report = try Self.progressReport(entry)
            do {
                // The same report again changes nothing (the service compares); a different one the same day is a conflict.
                let id = try await ntm.reportProgress(report, by: caller.userID, now: now)
                _ = id
                return .applied(version: nil)
            } catch {
                return try Self.ntmConflict(error)
            }
        }
    }

    /// A workflow step at its business time, with its key and the version the officer saw.
    private func syncEvent(_ entry: FieldEntry, as caller: Caller, now: Date) async throws(ServiceError) -> FieldSyncOutcome {
        guard let id = entry.recordID, let event = entry.event else {
            throw ServiceError.badInput(vi: "mục \(entry.key): thiếu \"record\" hoặc \"event\"", en: "entry \(entry.key): \"record\" or \"event\" is missing")
        }
        let request = EventRequest(
            instanceID: id, event: event, input: entry.input, comment: entry.comment, expectedVersion: entry.expectedVersion,
            idempotencyKey: entry.key)
        let failure: ServiceError
        do {
            let result = try await workflows.fire(request, as: caller, at: entry.businessTime)
            return result.replayed ? .replayed(version: result.version) : .applied(version: result.version)
        } catch {
            failure = error
        }
        // Capture first, judge after (see the project's note on typed throws in catch clauses).
        guard Self.conflictKinds.contains(failure.kind) || failure.code == "backdated" else { throw failure }
        var conflict = FieldConflict(code: failure.code, message: failure.fullMessage)
        if let history = try? await workflows.history(id, as: caller) {
            let record = history.record
            conflict.currentState = record.snapshot.state
            conflict.currentStateLabel = history.definition.state(record.snapshot.state)?.label
            conflict.currentVersion = record.snapshot.version
            if let last = history.entries.last {
                conflict.lastChangedBy = last.actor
                conflict.lastEvent = last.event
                conflict.lastChangedAt = last.at
            }
        }
        return .conflict(conflict)
    }

    static let conflictKinds: Set<ServiceError.Kind> = [.staleVersion, .rejected, .conflict]

    static let noNTM = ServiceError(.unavailable, vi: "máy chủ chạy không có phần NTM", en: "the server runs without the NTM part")

    /// NTM refusals the officer must look at (a different figure already recorded that day); the rest is thrown.
    static func ntmConflict(_ error: ServiceError) throws(ServiceError) -> FieldSyncOutcome {
        let recordedDifferently = error.message.en.contains("already recorded differently") || error.message.en.contains("already has a different")
        guard recordedDifferently || conflictKinds.contains(error.kind) else { throw error }
        return .conflict(FieldConflict(code: recordedDifferently ? "duplicate" : error.code, message: error.fullMessage))
    }

    /// A key the API would take; a business time not in the future (beyond the allowed clock drift).
    static func checkFieldEntry(_ entry: FieldEntry, now: Date) throws(ServiceError) {
        try WorkflowService.checkKey(entry.key)
        if entry.key.isEmpty {
            throw ServiceError.badInput(vi: "thiếu khóa chống lặp \"key\"", en: "the idempotency \"key\" is missing")
        }
        if entry.businessTime > now.addingTimeInterval(fieldClockSkew) {
            throw ServiceError(
                .badInput, code: "future-time",
                message: Bilingual(
                    vi: "mục \(entry.key): thời điểm ghi \(VietnamTime.screen(entry.businessTime)) sau giờ máy chủ (\(VietnamTime.screen(now))); kiểm tra đồng hồ của thiết bị",
                    en: "entry \(entry.key): recorded at \(VietnamTime.screen(entry.businessTime)), after the server's time (\(VietnamTime.screen(now))); check the device's clock"))
        }
    }
}

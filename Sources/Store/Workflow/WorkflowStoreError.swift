import Foundation
import Workflow

/// Why a workflow operation did not happen. Nothing was changed.
public struct WorkflowStoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; the CLI maps it to an exit code and the server to an HTTP status.
    public enum Code: String, Sendable {
        /// No instance with that id.
        case instanceNotFound
        /// No workflow with that name is registered.
        case workflowNotFound
        /// The engine refused the event; see ``WorkflowStoreError/rejection``.
        case rejected
        /// The caller's expected version is not the current one.
        case conflict
        /// The idempotency key was used before for another instance or event.
        case idempotencyKeyReused
        /// A stored definition no longer loads (e.g. a guard it names is gone).
        case definitionUnavailable
        /// The step's business time is before the record's last step (and the workflow does not allow late entry).
        case backdated
        /// Bad input that is not the engine's to judge (a state map naming unknown states, …).
        case badInput
    }

    public var code: Code
    /// The instance concerned, if any.
    public var instanceID: Int64?
    /// The engine's explanation, for `.rejected`.
    public var rejection: Rejection?
    /// The instance's current state and version, for `.conflict`.
    public var currentState: String?
    public var currentVersion: Int?
    /// The version the caller expected, for `.conflict`.
    public var expectedVersion: Int?
    /// A sentence in each language, for the codes that carry no rejection.
    public var message: Bilingual

    public init(
        _ code: Code, instanceID: Int64? = nil, rejection: Rejection? = nil, currentState: String? = nil, currentVersion: Int? = nil,
        expectedVersion: Int? = nil, message: Bilingual
    ) {
        self.code = code
        self.instanceID = instanceID
        self.rejection = rejection
        self.currentState = currentState
        self.currentVersion = currentVersion
        self.expectedVersion = expectedVersion
        self.message = message
    }

    static func notFound(_ id: Int64) -> WorkflowStoreError {
        WorkflowStoreError(
            .instanceNotFound, instanceID: id, message: Bilingual(vi: "không có hồ sơ số \(id)", en: "no instance \(id)"))
    }

    static func rejected(_ id: Int64, _ rejection: Rejection) -> WorkflowStoreError {
        WorkflowStoreError(.rejected, instanceID: id, rejection: rejection, message: rejection.message)
    }

    public static func conflict(_ id: Int64, state: String, version: Int, expected: Int) -> WorkflowStoreError {
        WorkflowStoreError(
            .conflict, instanceID: id, currentState: state, currentVersion: version, expectedVersion: expected,
            message: Bilingual(
                vi: "hồ sơ \(id) đã thay đổi: đang ở trạng thái \(state), phiên bản \(version) (bạn thấy phiên bản \(expected)); hãy xem lại rồi thử lại",
                en: "instance \(id) has changed: it is now \(state) at version \(version) (you saw version \(expected)); review and retry"))
    }

    /// A step dated before the record's last step: both times, so the officer can see which entry is wrong.
    static func backdated(_ id: Int64, at: Date, last: Date) -> WorkflowStoreError {
        WorkflowStoreError(
            .backdated, instanceID: id,
            message: Bilingual(
                vi: "hồ sơ \(id): thời điểm \(VietnamTime.screen(at)) sớm hơn bước gần nhất của hồ sơ (\(VietnamTime.screen(last))); "
                    + "không ghi được bước lùi ngày — kiểm tra lại --at",
                en: "instance \(id): \(VietnamTime.screen(at)) is before the record's last step (\(VietnamTime.screen(last))); "
                    + "a step cannot be dated back — check --at"))
    }

    public var description: String { "\(message.vi) / \(message.en)" }
}

extension WorkflowStoreError {
    /// The commands that take each service's steps, for the message.
    static let serviceCommands: [String: Bilingual] = [
        "ocop": Bilingual(vi: "các lệnh ocop idea|product|score|certificate|claim", en: "the ocop idea|product|score|certificate|claim commands"),
        "ntm": Bilingual(vi: "các lệnh ocop ntm", en: "the ocop ntm commands"),
    ]

    /// A step only its service may take (it writes the service's own records too); nothing changed.
    public static func serviceOnly(_ id: Int64, event: String, service: String) -> WorkflowStoreError {
        let commands = serviceCommands[service] ?? Bilingual(vi: "chức năng \(service)", en: "the \(service) functions")
        return WorkflowStoreError(
            .rejected, instanceID: id,
            message: Bilingual(
                vi: "bước \(event) của hồ sơ \(id) chỉ thực hiện qua \(commands.vi), vì nó ghi cả dữ liệu nghiệp vụ đi kèm",
                en: "step \(event) of record \(id) is taken only through \(commands.en), as it also writes that service's records"))
    }
}

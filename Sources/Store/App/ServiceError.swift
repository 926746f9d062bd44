import Foundation
import LibPQ
import OCOP
import Workflow

/// The one error that crosses from the services to the doors (CLI, API, dashboard): a kind each door maps once — to an
/// exit code, to an HTTP status — a message in both languages, and the details that explain it.
///
/// Every service method throws only this; ``ServiceError/init(_:)`` translates the errors of the layers underneath
/// (workflow store, OCOP and NTM rules, users, migrations, the database) in one place.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, for exit codes and HTTP statuses.
    public enum Kind: String, Sendable, CaseIterable {
        /// The input is malformed or out of range (400, exit 6).
        case badInput
        /// The caller is not who they say (an unknown or deactivated user, a bad token) (401, exit 4).
        case unauthenticated
        /// The caller may see the record but not do this (a role not held, a subject they do not represent) (403, exit 4).
        case forbidden
        /// No such record — or one outside the caller's scope, which is the same answer (404, exit 3).
        case notFound
        /// The step is not possible now: the engine's explanation, or the record's stage (422, exit 4).
        case rejected
        /// The record changed since the caller saw it (412, exit 5).
        case staleVersion
        /// The request collides with an existing one: a duplicate record, an idempotency key reused differently (409, exit 5).
        case conflict
        /// The database cannot be reached now; try again later (503, exit 7).
        case unavailable
        /// A fault of ocop or its installation; logged with its context (500, exit 1).
        case `internal`
    }

    /// The kind.
    public var kind: Kind
    /// A stable code for machines, e.g. `transition-rejected`, `stale-version`, `idempotency-key-reused`.
    public var code: String
    /// What went wrong and where, in both languages.
    public var message: Bilingual
    /// One line per further problem (CSV lines, definition errors), in both languages.
    public var details: [Bilingual]
    /// The engine's explanation of a refused step, when that is the cause.
    public var rejection: Rejection?
    /// The record's current state and version, for a stale version.
    public var currentState: String?
    public var currentVersion: Int?
    /// The request parameter at fault, for bad input (e.g. `asOf`).
    public var parameter: String?
    /// The error underneath, for logs only (never shown to users: it may carry row values).
    public var underlying: String?

    /// Creates an error.
    public init(
        _ kind: Kind, code: String? = nil, message: Bilingual, details: [Bilingual] = [], rejection: Rejection? = nil,
        currentState: String? = nil, currentVersion: Int? = nil, underlying: String? = nil
    ) {
        self.kind = kind
        self.code = code ?? Self.defaultCode(kind)
        self.message = message
        self.details = details
        self.rejection = rejection
        self.currentState = currentState
        self.currentVersion = currentVersion
        self.underlying = underlying
    }

    /// Creates an error from its two sentences.
    public init(_ kind: Kind, vi: String, en: String, details: [Bilingual] = []) {
        self.init(kind, message: Bilingual(vi: vi, en: en), details: details)
    }

    /// Bad input naming what and where.
    public static func badInput(vi: String, en: String) -> ServiceError { ServiceError(.badInput, vi: vi, en: en) }

    /// No such record (or none the caller may see).
    public static func notFound(vi: String, en: String) -> ServiceError { ServiceError(.notFound, vi: vi, en: en) }

    /// "No record N": the one answer for a record that does not exist and one outside the caller's scope.
    public static func noRecord(_ id: Int64) -> ServiceError {
        ServiceError(.notFound, code: "not-found", message: Bilingual(vi: "không có hồ sơ số \(id)", en: "no record \(id)"))
    }

    /// The reasons of a refused step (each unmet condition).
    public var reasons: [Rejection.Reason] { rejection?.reasons ?? [] }

    /// The message with its details, one per line, in both languages.
    public var fullMessage: Bilingual {
        guard !details.isEmpty else { return message }
        return Bilingual(
            vi: ([message.vi] + details.map { "  - " + $0.vi }).joined(separator: "\n"),
            en: ([message.en] + details.map { "  - " + $0.en }).joined(separator: "\n"))
    }

    public var description: String { "\(kind.rawValue): \(fullMessage.vi) / \(fullMessage.en)" }

    static func defaultCode(_ kind: Kind) -> String {
        switch kind {
        case .badInput: "bad-request"
        case .unauthenticated: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not-found"
        case .rejected: "rejected"
        case .staleVersion: "stale-version"
        case .conflict: "conflict"
        case .unavailable: "database-unavailable"
        case .internal: "internal"
        }
    }
}

extension ServiceError {
    /// Runs `body` and translates whatever it throws into a `ServiceError`.
    public static func translating<T>(_ body: () async throws -> T) async throws(ServiceError) -> T {
        do {
            return try await body()
        } catch {
            throw ServiceError(error)
        }
    }

    /// Runs `body` and translates whatever it throws into a `ServiceError` (synchronous form).
    public static func translating<T>(_ body: () throws -> T) throws(ServiceError) -> T {
        do {
            return try body()
        } catch {
            throw ServiceError(error)
        }
    }
}

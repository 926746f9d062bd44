import ArgumentParser
import Foundation
import Store
import Workflow

/// How a command failed, for the exit code: scripts tell these apart.
enum FailureKind: Int32 {
    case unexpected = 1
    case notFound = 3
    case rejected = 4
    case conflict = 5
    case badInput = 6
    case databaseUnavailable = 7
    /// `ocop audit verify` found tampering or inconsistency in the history.
    case auditFindings = 8
}

/// Prints an error in the user's language on stderr and exits with its code.
enum Failure {
    static func exit(_ error: any Error, language: Language) -> Never {
        // A signal cancelled the query: its handler reports that and exits with the signal's status.
        while Interrupts.shared.isStopping { Thread.sleep(forTimeInterval: 0.05) }
        let (kind, message) = describe(error, language: language)
        FileHandle.standardError.write(Data("ocop: \(Text("lỗi", "error")(language)): \(message)\n".utf8))
        Foundation.exit(kind.rawValue)
    }

    static func describe(_ error: any Error, language: Language) -> (FailureKind, String) {
        if let error = error as? CommandError { return (error.kind, error.message.text(language)) }
        let failure = ServiceError(error)
        return (kind(of: failure.kind), failure.fullMessage.text(language))
    }

    /// The exit code of each kind of service error — the CLI's half of the one mapping table (the API's is
    /// `Problem.from`): 404 ↔ 3, 401/403/422 ↔ 4, 409/412 ↔ 5, 400 ↔ 6, 503 ↔ 7, 500 ↔ 1.
    static func kind(of kind: ServiceError.Kind) -> FailureKind {
        switch kind {
        case .notFound: .notFound
        case .unauthenticated, .forbidden, .rejected: .rejected
        case .staleVersion, .conflict: .conflict
        case .badInput: .badInput
        case .unavailable: .databaseUnavailable
        case .internal: .unexpected
        }
    }
}

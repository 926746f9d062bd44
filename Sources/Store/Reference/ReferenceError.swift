import LibPQ
import Workflow

/// Why a reference-data change was refused; nothing changed.
public struct ReferenceError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case duplicate, unitNotFound, invalid
    }

    public var code: Code
    /// The unit or subject concerned.
    public var subject: String
    public var message: Bilingual

    public init(_ code: Code, subject: String, message: Bilingual) {
        self.code = code
        self.subject = subject
        self.message = message
    }

    /// Translates a constraint violation into a sentence naming the record and the rule.
    init(_ error: DatabaseError, subject: String) {
        self.subject = subject
        switch error.sqlState {
        case .uniqueViolation?:
            code = .duplicate
            message = Bilingual(vi: "\"\(subject)\" đã có", en: "\"\(subject)\" already exists")
        case .foreignKeyViolation?:
            code = .unitNotFound
            message = Bilingual(vi: "\"\(subject)\": đơn vị hành chính cha/được tham chiếu không có", en: "\"\(subject)\": the referenced unit does not exist")
        default:
            code = .invalid
            let rule = error.constraint ?? error.column ?? ""
            message = Bilingual(vi: "\"\(subject)\" không hợp lệ (\(rule))", en: "\"\(subject)\" is invalid (\(rule))")
        }
    }

    public var description: String { message.description }
}

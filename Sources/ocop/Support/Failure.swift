import ArgumentParser
import Foundation
import LibPQ
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
        let (kind, message) = describe(error, language: language)
        FileHandle.standardError.write(Data("ocop: \(Text("lỗi", "error")(language)): \(message)\n".utf8))
        Foundation.exit(kind.rawValue)
    }

    static func describe(_ error: any Error, language: Language) -> (FailureKind, String) {
        switch error {
        case let error as LocalClusterError:
            return (.databaseUnavailable, clusterMessage(error)(language) + (error.detail.isEmpty ? "" : "\n" + error.detail))
        case let error as StoreError:
            return (storeKind(error), storeMessage(error)(language) + (error.detail.isEmpty ? "" : " — " + error.detail))
        case let error as WorkflowStoreError:
            return (workflowKind(error), workflowMessage(error, language: language))
        case let error as UserStoreError:
            let kind: FailureKind = switch error.code {
            case .notFound, .grantNotFound: .notFound
            case .exists: .conflict
            case .notAdministrator, .inactive: .rejected
            default: .badInput
            }
            return (kind, error.message.text(language))
        case let error as DefinitionErrors:
            return (.badInput, definitionMessages(error, language: language))
        case let error as Rejection:
            return (.rejected, rejectionMessage(error, language: language))
        case let error as CommandError:
            return (error.kind, error.message.text(language))
        case let error as DatabaseError:
            let kind: FailureKind = error.isConnectionError || error.code == .poolTimeout ? .databaseUnavailable : .unexpected
            let head = error.isConnectionError
                ? Text("không kết nối được cơ sở dữ liệu", "cannot reach the database")(language)
                : Text("cơ sở dữ liệu báo lỗi", "the database reported an error")(language)
            return (kind, "\(head): \(error.description)")
        default:
            return (.unexpected, "\(error)")
        }
    }

    private static func workflowKind(_ error: WorkflowStoreError) -> FailureKind {
        switch error.code {
        case .instanceNotFound, .workflowNotFound: return .notFound
        case .rejected: return .rejected
        case .conflict: return .conflict
        case .idempotencyKeyReused, .badInput: return .badInput
        case .definitionUnavailable: return .unexpected
        }
    }

    private static func workflowMessage(_ error: WorkflowStoreError, language: Language) -> String {
        if let rejection = error.rejection { return rejectionMessage(rejection, language: language) }
        return error.message.text(language)
    }

    /// "Không thể approve:" then one line per unmet condition.
    static func rejectionMessage(_ rejection: Rejection, language: Language) -> String {
        let head = Text("Không thể \(rejection.event) (trạng thái \(rejection.state)):", "Cannot \(rejection.event) (state \(rejection.state)):")(language)
        return ([head] + rejection.reasons.map { "  - " + $0.message.text(language) }).joined(separator: "\n")
    }

    /// One `file:line:column: lỗi: …` line per problem.
    static func definitionMessages(_ errors: DefinitionErrors, language: Language) -> String {
        let word = Text("lỗi", "error")(language)
        let lines = errors.errors.map { error in
            "\(error.location.path):\(error.location.line):\(error.location.column): \(word): \(error.message.text(language)) [\(error.code)]"
        }
        let count = Text("\(errors.errors.count) lỗi", "\(errors.errors.count) error(s)")(language)
        return "\(count)\n" + lines.joined(separator: "\n")
    }

    private static func storeKind(_ error: StoreError) -> FailureKind {
        switch error.code {
        case .resourcesNotFound: return .notFound
        case .schemaOutdated: return .databaseUnavailable
        default: return .badInput
        }
    }

    private static func clusterMessage(_ error: LocalClusterError) -> Text {
        switch error.code {
        case .binariesNotFound:
            return Text(
                "không tìm thấy chương trình máy chủ PostgreSQL (initdb, pg_ctl); hãy cài: apt-get install postgresql",
                "PostgreSQL server programs (initdb, pg_ctl) not found; install them: apt-get install postgresql")
        case .noServiceUser:
            return Text(
                "đang chạy với quyền root nhưng không có tài khoản thường để chạy PostgreSQL (\(error.path)); đặt OCOP_PG_USER",
                "running as root but no unprivileged account to run PostgreSQL as (\(error.path)); set OCOP_PG_USER")
        case .storageNotWritable:
            return Text("không ghi được \(error.path)", "cannot write \(error.path)")
        case .initdbFailed:
            return Text("initdb không tạo được cụm dữ liệu tại \(error.path)", "initdb could not create the cluster at \(error.path)")
        case .startFailed:
            return Text("PostgreSQL không khởi động được từ \(error.path)", "PostgreSQL did not start from \(error.path)")
        case .stopFailed:
            return Text("PostgreSQL không dừng được (\(error.path))", "PostgreSQL did not stop (\(error.path))")
        case .databaseSetupFailed:
            return Text("không tạo được cơ sở dữ liệu ocop trong \(error.path)", "could not create the ocop database in \(error.path)")
        }
    }

    private static func storeMessage(_ error: StoreError) -> Text {
        switch error.code {
        case .resourcesNotFound:
            return Text("không tìm thấy thư mục \(error.subject)/ (đặt OCOP_HOME)", "cannot find the \(error.subject)/ folder (set OCOP_HOME)")
        case .badMigrationName:
            return Text("\(error.subject): tệp migration phải có tên dạng NNNN_ten.sql", "\(error.subject): a migration file is named NNNN_name.sql")
        case .duplicateMigration:
            return Text("hai tệp migration trùng số: \(error.subject)", "two migration files share a number: \(error.subject)")
        case .migrationChanged:
            return Text(
                "\(error.subject) đã bị sửa sau khi áp dụng; migration đã phát hành không được sửa — hãy thêm tệp mới",
                "\(error.subject) was changed after it was applied; a shipped migration is never edited — add a new file")
        case .unknownMigration:
            return Text(
                "cơ sở dữ liệu có migration \(error.subject) mà bản ocop này không biết (ocop cũ hơn cơ sở dữ liệu?)",
                "the database has migration \(error.subject), unknown to this ocop (is ocop older than the database?)")
        case .migrationFailed:
            return Text("\(error.subject) lỗi và đã được hoàn tác", "\(error.subject) failed and was rolled back")
        case .schemaOutdated:
            return Text(
                "lược đồ cơ sở dữ liệu đang ở phiên bản \(error.subject); hãy chạy `ocop db migrate`",
                "the database schema is at version \(error.subject); run `ocop db migrate`")
        }
    }
}

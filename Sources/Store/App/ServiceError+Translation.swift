import Foundation
import LibPQ
import OCOP
import Workflow

extension ServiceError {
    /// Translates any error of the layers underneath — the only place that knows them all.
    public init(_ error: any Error) {
        switch error {
        case let error as ServiceError:
            self = error
        case let error as WorkflowStoreError:
            self.init(workflow: error)
        case let error as OCOPError:
            let kind: Kind =
                switch error.code {
                case .forbidden: .forbidden
                case .notFound: .notFound
                case .badInput: .badInput
                case .duplicate: .conflict
                case .wrongStage: .rejected
                }
            let code: String? =
                switch error.code {
                case .duplicate: "duplicate"
                case .wrongStage: "wrong-stage"
                default: nil
                }
            self.init(kind, code: code, message: error.message, details: error.details)
        case let error as NTMError:
            self.init(.badInput, message: error.message, details: error.problems)
        case let error as UserStoreError:
            let kind: Kind =
                switch error.code {
                case .notFound: .notFound
                case .grantNotFound: .notFound
                case .exists: .conflict
                case .inactive, .noRoles: .unauthenticated
                case .notAdministrator, .roleNotHeld: .forbidden
                case .invalid, .unknownRole: .badInput
                }
            self.init(kind, message: error.message)
        case let error as Rejection:
            self.init(
                Self.rejectionKind(error), code: "transition-rejected", message: Self.rejectionHead(error), rejection: error)
        case let error as DefinitionErrors:
            self.init(
                .badInput, code: "invalid-definition",
                message: Bilingual(vi: "\(error.errors.count) lỗi trong tệp quy trình", en: "\(error.errors.count) error(s) in workflow files"),
                details: error.errors.map { item in
                    let place = "\(item.location.path):\(item.location.line):\(item.location.column)"
                    return Bilingual(vi: "\(place): lỗi: \(item.message.vi) [\(item.code)]", en: "\(place): error: \(item.message.en) [\(item.code)]")
                })
        case let error as RatingError:
            self.init(.badInput, message: error.message)
        case let error as StoreError:
            self.init(store: error)
        case let error as LocalClusterError:
            self.init(
                .unavailable, code: "database-unavailable", message: Self.clusterMessage(error),
                details: error.detail.isEmpty ? [] : [Bilingual(vi: error.detail, en: error.detail)], underlying: error.description)
        case let error as DatabaseError where error.isConnectionError || error.code == .poolTimeout:
            self.init(
                .unavailable, code: "database-unavailable",
                message: Bilingual(
                    vi: "không kết nối được cơ sở dữ liệu; hãy thử lại sau", en: "cannot reach the database; try again later"),
                underlying: error.description)
        case let error as DatabaseError where error.sqlState == .insufficientPrivilege:
            self.init(
                .forbidden, code: "insufficient-privilege",
                message: Bilingual(
                    vi: "tài khoản cơ sở dữ liệu của ứng dụng không được làm việc này", en: "the application's database role may not do this"),
                underlying: error.description)
        case let error as DatabaseError where error.sqlState == .characterNotInRepertoire || error.sqlState == .untranslatableCharacter:
            self.init(
                .badInput, code: "invalid-character",
                message: Bilingual(
                    vi: "dữ liệu nhập có ký tự NUL hoặc ký tự không lưu được; hãy nhập lại nội dung",
                    en: "the input holds a NUL or another character that cannot be stored; type the text again"),
                underlying: error.description)
        case let error as DatabaseError:
            self.init(
                .internal, code: "internal",
                message: Bilingual(vi: "cơ sở dữ liệu báo lỗi: \(error.description)", en: "the database reported an error: \(error.description)"),
                // For logs: the description and the query text (placeholders, no values), never the DETAIL (row values).
                underlying: error.description + (error.query.map { "\n  query: \($0)" } ?? ""))
        case let error as DataFileError:
            self.init(.badInput, code: "invalid-data-file", message: Bilingual(vi: error.description, en: error.description))
        case let error as CriteriaError:
            self.init(.badInput, message: Bilingual(vi: error.description, en: error.description))
        default:
            self.init(
                .internal, code: "internal",
                message: Bilingual(vi: "lỗi hệ thống: \(error)", en: "internal error: \(error)"), underlying: String(reflecting: error))
        }
    }

    private init(workflow error: WorkflowStoreError) {
        switch error.code {
        case .instanceNotFound:
            self = .noRecord(error.instanceID ?? 0)
        case .workflowNotFound:
            self.init(.notFound, code: "workflow-not-found", message: error.message)
        case .rejected:
            if let rejection = error.rejection {
                self.init(Self.rejectionKind(rejection), code: "transition-rejected", message: Self.rejectionHead(rejection), rejection: rejection)
            } else {
                self.init(.rejected, code: "service-step", message: error.message)
            }
        case .conflict:
            self.init(
                .staleVersion, code: "stale-version", message: error.message, currentState: error.currentState, currentVersion: error.currentVersion)
        case .idempotencyKeyReused:
            self.init(.conflict, code: "idempotency-key-reused", message: error.message)
        case .badInput:
            self.init(.badInput, message: error.message)
        case .backdated:
            self.init(.badInput, code: "backdated", message: error.message)
        case .definitionUnavailable:
            self.init(.internal, code: "definition-unavailable", message: error.message)
        }
    }

    private init(store error: StoreError) {
        let kind: Kind =
            switch error.code {
            case .resourcesNotFound: .internal
            case .schemaOutdated: .unavailable
            default: .badInput
            }
        let code = error.code == .schemaOutdated ? "schema-outdated" : nil
        let detail = error.detail.isEmpty ? [] : [Bilingual(vi: error.detail, en: error.detail)]
        self.init(kind, code: code, message: Self.storeMessage(error), details: detail)
    }

    /// A refusal only for want of a role is "forbidden"; any other unmet condition is a rejected step.
    static func rejectionKind(_ rejection: Rejection) -> Kind {
        rejection.codes.contains(.roleNotAllowed) ? .forbidden : .rejected
    }

    /// "Không thể approve (trạng thái X):" then one line per unmet condition.
    static func rejectionHead(_ rejection: Rejection) -> Bilingual {
        Bilingual(
            vi: (["Không thể \(rejection.event) (trạng thái \(rejection.state)):"] + rejection.reasons.map { "  - " + $0.message.vi })
                .joined(separator: "\n"),
            en: (["Cannot \(rejection.event) (state \(rejection.state)):"] + rejection.reasons.map { "  - " + $0.message.en })
                .joined(separator: "\n"))
    }

    static func clusterMessage(_ error: LocalClusterError) -> Bilingual {
        switch error.code {
        case .binariesNotFound:
            return Bilingual(
                vi: "không tìm thấy chương trình máy chủ PostgreSQL (initdb, pg_ctl); hãy cài: apt-get install postgresql",
                en: "PostgreSQL server programs (initdb, pg_ctl) not found; install them: apt-get install postgresql")
        case .noServiceUser:
            return Bilingual(
                vi: "đang chạy với quyền root nhưng không có tài khoản thường để chạy PostgreSQL (\(error.path)); đặt OCOP_PG_USER",
                en: "running as root but no unprivileged account to run PostgreSQL as (\(error.path)); set OCOP_PG_USER")
        case .storageNotWritable:
            return Bilingual(vi: "không ghi được \(error.path)", en: "cannot write \(error.path)")
        case .initdbFailed:
            return Bilingual(vi: "initdb không tạo được cụm dữ liệu tại \(error.path)", en: "initdb could not create the cluster at \(error.path)")
        case .startFailed:
            return Bilingual(vi: "PostgreSQL không khởi động được từ \(error.path)", en: "PostgreSQL did not start from \(error.path)")
        case .stopFailed:
            return Bilingual(vi: "PostgreSQL không dừng được (\(error.path))", en: "PostgreSQL did not stop (\(error.path))")
        case .databaseSetupFailed:
            return Bilingual(vi: "không tạo được cơ sở dữ liệu ocop trong \(error.path)", en: "could not create the ocop database in \(error.path)")
        }
    }

    static func storeMessage(_ error: StoreError) -> Bilingual {
        switch error.code {
        case .resourcesNotFound:
            return Bilingual(vi: "không tìm thấy thư mục \(error.subject)/ (đặt OCOP_HOME)", en: "cannot find the \(error.subject)/ folder (set OCOP_HOME)")
        case .badMigrationName:
            return Bilingual(vi: "\(error.subject): tệp migration phải có tên dạng NNNN_ten.sql", en: "\(error.subject): a migration file is named NNNN_name.sql")
        case .duplicateMigration:
            return Bilingual(vi: "hai tệp migration trùng số: \(error.subject)", en: "two migration files share a number: \(error.subject)")
        case .migrationChanged:
            return Bilingual(
                vi: "\(error.subject) đã bị sửa sau khi áp dụng; migration đã phát hành không được sửa — hãy thêm tệp mới",
                en: "\(error.subject) was changed after it was applied; a shipped migration is never edited — add a new file")
        case .unknownMigration:
            return Bilingual(
                vi: "cơ sở dữ liệu có migration \(error.subject) mà bản ocop này không biết (ocop cũ hơn cơ sở dữ liệu?)",
                en: "the database has migration \(error.subject), unknown to this ocop (is ocop older than the database?)")
        case .migrationFailed:
            return Bilingual(vi: "\(error.subject) lỗi và đã được hoàn tác", en: "\(error.subject) failed and was rolled back")
        case .schemaOutdated:
            return Bilingual(
                vi: "lược đồ cơ sở dữ liệu đang ở phiên bản \(error.subject); hãy chạy `ocop db migrate`",
                en: "the database schema is at version \(error.subject); run `ocop db migrate`")
        }
    }
}

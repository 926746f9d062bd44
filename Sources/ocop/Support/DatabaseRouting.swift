import ArgumentParser

/// `--listen-database-url` and `--report-database-url` (issue 15: several servers on one database), for the commands
/// that listen (`serve`, `timers run`, `outbox run`) or read reports (`serve`, `report`). Unset, the services read
/// `OCOP_LISTEN_DATABASE_URL` and `OCOP_REPORT_DATABASE_URL`.
struct DatabaseRouting: Sendable {
    var listenDatabaseURL: String?
    var reportDatabaseURL: String?
}

/// `--listen-database-url URL|off`.
struct ListenOption: ParsableArguments {
    @Option(
        name: .customLong("listen-database-url"),
        help: """
            Kết nối LISTEN riêng, thẳng tới PostgreSQL khi --database-url đi qua PgBouncer; off: thăm dò định kỳ; mặc định \
            OCOP_LISTEN_DATABASE_URL hoặc --database-url (direct URL for LISTEN; off to poll).
            """)
    var listenDatabaseURL: String?
}

/// `--report-database-url URL`.
struct ReportDatabaseOption: ParsableArguments {
    @Option(
        name: .customLong("report-database-url"),
        help: """
            Báo cáo đọc từ bản sao (streaming replica) này; không tới được thì đọc máy chính; mặc định OCOP_REPORT_DATABASE_URL \
            (reports read this replica, else the primary).
            """)
    var reportDatabaseURL: String?
}

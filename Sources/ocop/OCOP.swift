import ArgumentParser
import Foundation

/// `ocop`: the OCOP and NTM workflow engine's command line.
@main
struct OCOP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocop",
        abstract: "Quy trình OCOP và Nông thôn mới — OCOP and New Rural Development workflows.",
        discussion: """
            Không cấu hình cơ sở dữ liệu thì ocop dùng PostgreSQL nhúng trong ~/.local/share/ocop/pg.
            With no database configured, ocop uses an embedded PostgreSQL under ~/.local/share/ocop/pg.
            Otherwise: --database-url, OCOP_DATABASE_URL, DATABASE_URL, or libpq's PG* variables.
            """,
        version: "0.1.0",
        subcommands: [
            WorkflowCommand.self, StartCommand.self, FireCommand.self, StatusCommand.self, HistoryCommand.self, ListCommand.self,
            BulkCommand.self, TimersCommand.self, OutboxCommand.self, AuditCommand.self, UserCommand.self, DatabaseCommand.self, ServeCommand.self,
            IdeaCommand.self, ProductCommand.self, CouncilCommand.self, ScoreCommand.self, CertificateCommand.self, ClaimCommand.self, ProducerCommand.self,
            SubjectCommand.self, UnitCommand.self, DemoCommand.self, NTMCommand.self, ReportCommand.self, SearchCommand.self,
        ]
    )

    /// Runs the command line; usage errors are said in the user's language (``UsageError``).
    static func main() async {
        await UsageError.main(OCOP.self)
    }
}

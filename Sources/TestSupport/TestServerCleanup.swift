import Foundation
import LibPQ

#if canImport(Glibc)
    import Glibc
#endif

/// Removes the test server's traces when the process ends: at normal exit through `atexit`, and after a crash
/// through a watchdog shell that waits for this process to disappear.
enum TestServerCleanup {
    nonisolated(unsafe) private static var action: (() -> Void)?

    static func register(_ started: TestServer.Started) {
        if let cluster = started.cluster, let root = started.root {
            action = {
                cluster.stopImmediately()
                try? FileManager.default.removeItem(atPath: root)
            }
            try? cluster.cleanUpAfterProcessExit(removing: root)
        } else {
            let admin = started.adminConninfo
            let prefix = started.prefix
            let template = started.templateName
            action = {
                guard let connection = try? Connection(conninfo: admin) else { return }
                let names = (try? connection.query("SELECT datname FROM pg_database WHERE datname LIKE \(prefix + "\\_%")").map {
                    try $0.decode("datname", as: String.self)
                }) ?? []
                for name in names + [template] {
                    _ = try? connection.queryUnprepared("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
                }
            }
        }
        atexit { TestServerCleanup.action?() }
    }
}

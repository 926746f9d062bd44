import Foundation
import LibPQ
import Store

/// What `ocop db status` prints.
struct DatabaseReport {
    let target: DatabaseTarget
    let conninfo: String
    let serverVersion: String
    let database: String
    let user: String
    let schema: Migrator.Status

    func text(_ language: Language) -> String {
        var lines: [(Text, String)] = []
        switch target {
        case .embedded(let cluster):
            let status = cluster.status()
            let location = status.storage == status.root ? status.root : "\(status.root) → \(status.storage)"
            lines.append((Text("Cơ sở dữ liệu", "Database"), Text("PostgreSQL nhúng", "embedded PostgreSQL")(language)))
            lines.append((Text("Thư mục dữ liệu", "Data directory"), location))
            var server = Text("đang chạy", "running")(language)
            if let pid = status.pid { server += ", PID \(pid)" }
            if let account = status.serviceUser { server += Text(", dưới tài khoản \(account)", ", as user \(account)")(language) }
            lines.append((Text("Máy chủ", "Server"), server))
            lines.append((Text("Socket", "Socket"), cluster.socketDirectory))
        case .external(_, let source):
            lines.append((Text("Cơ sở dữ liệu", "Database"), Text("máy chủ ngoài, theo \(source)", "external server, from \(source)")(language)))
        }
        lines.append((Text("Phiên bản PostgreSQL", "PostgreSQL version"), serverVersion))
        lines.append((Text("Kết nối", "Connected as"), "\(user)@\(database)"))
        let current = schema.current.map(String.init) ?? "0"
        let state = schema.pending.isEmpty
            ? Text("mới nhất", "up to date")(language)
            : Text("còn \(schema.pending.count) migration chưa áp dụng — chạy `ocop db migrate`",
                "\(schema.pending.count) pending — run `ocop db migrate`")(language)
        lines.append((Text("Lược đồ", "Schema"), "\(current)/\(schema.latest) (\(state))"))
        let width = lines.map { $0.0(language).count }.max() ?? 0
        return lines.map { label, value in
            let name = label(language)
            return name + String(repeating: " ", count: width - name.count + 2) + value
        }.joined(separator: "\n")
    }

    func json() -> String {
        var object: [String: Any] = [
            "serverVersion": serverVersion, "database": database, "user": user,
            "schema": ["current": schema.current ?? 0, "latest": schema.latest, "pending": schema.pending],
        ]
        switch target {
        case .embedded(let cluster):
            let status = cluster.status()
            object["kind"] = "embedded"
            object["root"] = status.root
            object["storage"] = status.storage
            object["running"] = status.running
            object["pid"] = status.pid.map(Int.init) ?? NSNull()
            object["socketDirectory"] = cluster.socketDirectory
            object["serviceUser"] = status.serviceUser ?? NSNull()
        case .external(_, let source):
            object["kind"] = "external"
            object["source"] = source
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

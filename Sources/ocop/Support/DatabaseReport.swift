import Foundation
import Store

/// What `ocop db status` prints.
struct DatabaseReport {
    let status: DatabaseService.Status

    func text(_ language: Language) -> String {
        var lines: [(Text, String)] = []
        if status.embedded {
            let location = status.storage == status.root ? status.root ?? "" : "\(status.root ?? "") → \(status.storage ?? "")"
            lines.append((Text("Cơ sở dữ liệu", "Database"), Text("PostgreSQL nhúng", "embedded PostgreSQL")(language)))
            lines.append((Text("Thư mục dữ liệu", "Data directory"), location))
            var server = Text("đang chạy", "running")(language)
            if let pid = status.pid { server += ", PID \(pid)" }
            if let account = status.serviceUser { server += Text(", dưới tài khoản \(account)", ", as user \(account)")(language) }
            lines.append((Text("Máy chủ", "Server"), server))
            lines.append((Text("Socket", "Socket"), status.socketDirectory ?? ""))
        } else {
            let source = status.source ?? ""
            lines.append((Text("Cơ sở dữ liệu", "Database"), Text("máy chủ ngoài, theo \(source)", "external server, from \(source)")(language)))
        }
        lines.append((Text("Phiên bản PostgreSQL", "PostgreSQL version"), status.serverVersion))
        let privilege = status.superuser ? Text(" (siêu người dùng!)", " (superuser!)")(language) : Text(" (chỉ đọc/ghi dữ liệu)", " (rows only)")(language)
        lines.append((Text("Kết nối", "Connected as"), "\(status.user)@\(status.database)" + privilege))
        let schema = status.schema
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
        let schema = status.schema
        var object: [String: Any] = [
            "serverVersion": status.serverVersion, "database": status.database, "user": status.user, "superuser": status.superuser,
            "schema": ["current": schema.current ?? 0, "latest": schema.latest, "pending": schema.pending],
        ]
        if status.embedded {
            object["kind"] = "embedded"
            object["root"] = status.root ?? NSNull()
            object["storage"] = status.storage ?? NSNull()
            object["running"] = status.running ?? false
            object["pid"] = status.pid.map(Int.init) ?? NSNull()
            object["socketDirectory"] = status.socketDirectory ?? NSNull()
            object["serviceUser"] = status.serviceUser ?? NSNull()
        } else {
            object["kind"] = "external"
            object["source"] = status.source ?? NSNull()
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

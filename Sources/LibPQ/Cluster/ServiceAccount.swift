import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The unprivileged account the embedded server runs as when ocop itself runs as root.
struct ServiceAccount: Sendable {
    let name: String
    let uid: uid_t
    let gid: gid_t
    let runuser: String

    /// `explicit`, else `$OCOP_PG_USER`, else `postgres`, else `nobody`.
    static func resolve(_ explicit: String?) throws -> ServiceAccount {
        let environment = ProcessInfo.processInfo.environment
        let names = [explicit, environment["OCOP_PG_USER"], "postgres", "nobody"].compactMap { $0 }.filter { !$0.isEmpty }
        let runusers: [String] = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        guard let runuser = runusers.first(where: { access($0, X_OK) == 0 }) else {
            throw LocalClusterError(.noServiceUser, path: "runuser", detail: "runuser (util-linux) is missing")
        }
        for name in names {
            guard let entry = getpwnam(name) else { continue }
            return ServiceAccount(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, runuser: runuser)
        }
        throw LocalClusterError(.noServiceUser, path: names.joined(separator: ", "))
    }

    /// Whether this account may walk down to `path` (execute permission on every existing ancestor).
    func canTraverse(to path: String) -> Bool {
        var current = URL(fileURLWithPath: path).standardized.path
        var ancestors: [String] = []
        while current != "/" && !current.isEmpty {
            current = (current as NSString).deletingLastPathComponent
            ancestors.append(current)
        }
        for directory in ancestors {
            var info = stat()
            guard stat(directory, &info) == 0 else { continue }  // not created yet: we will create it traversable
            let mode = info.st_mode
            let allowed: Bool
            if info.st_uid == uid {
                allowed = mode & S_IXUSR != 0
            } else if info.st_gid == gid {
                allowed = mode & S_IXGRP != 0
            } else {
                allowed = mode & S_IXOTH != 0
            }
            if !allowed { return false }
        }
        return true
    }
}

extension LocalCluster {
    /// Where the files go. Under root, when a parent of `root` is closed to the service account (root's home is
    /// 0700), the cluster lives under /var/lib/ocop/clusters and `root` becomes a link to it.
    static func resolveStorage(root: String, account: ServiceAccount?) throws -> String {
        let manager = FileManager.default
        if let destination = try? manager.destinationOfSymbolicLink(atPath: root) { return destination }
        guard let account, !manager.fileExists(atPath: root), !account.canTraverse(to: root + "/data") else { return root }
        let storage = "/var/lib/ocop/clusters/\(fnv1a(root))"
        do {
            try manager.createDirectory(atPath: "/var/lib/ocop/clusters", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            try manager.createDirectory(atPath: (root as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try manager.createSymbolicLink(atPath: root, withDestinationPath: storage)
        } catch {
            throw LocalClusterError(.storageNotWritable, path: root, detail: "\(error.localizedDescription)")
        }
        return storage
    }

    private static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

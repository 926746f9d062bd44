import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on a file, held until ``unlock()`` or deinit; the kernel drops it if the process dies.
final class FileLock {
    private var descriptor: Int32

    /// Blocks until the lock on `path` is ours (creating the file if needed).
    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LocalClusterError(.storageNotWritable, path: path, detail: String(cString: strerror(errno)))
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let detail = String(cString: strerror(errno))
                close(descriptor)
                throw LocalClusterError(.storageNotWritable, path: path, detail: detail)
            }
        }
    }

    /// Releases the lock.
    func unlock() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }
}

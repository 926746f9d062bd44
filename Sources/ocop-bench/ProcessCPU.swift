#if canImport(Glibc)
    import Glibc
#endif

/// CPU time (user + system) from `getrusage`: how much a client costs, which wall-clock figures on a shared
/// two-core machine hide.
enum ProcessCPU {
    /// Seconds of CPU this process has used.
    static func ownSeconds() -> Double { seconds(RUSAGE_SELF.rawValue) }

    /// Seconds of CPU used by child processes that have exited and been waited for (pgbench).
    static func childrenSeconds() -> Double { seconds(RUSAGE_CHILDREN.rawValue) }

    private static func seconds(_ who: __rusage_who_t) -> Double {
        var usage = rusage()
        getrusage(who, &usage)
        func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return value(usage.ru_utime) + value(usage.ru_stime)
    }
}

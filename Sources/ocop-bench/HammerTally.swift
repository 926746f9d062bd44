/// What a load driver's fires did, counted exactly; printed as one JSON line.
struct HammerTally: Sendable, Encodable {
    /// Fires that changed an instance (replays of an earlier request not included).
    var succeeded = 0
    /// Fires the engine refused (the event was not valid from the instance's state).
    var rejected = 0
    /// Fires whose expected version was no longer current.
    var conflicts = 0
    /// Retries that returned the first request's result without firing again.
    var replayed = 0
    /// Retries of a successful request that fired a second time: must stay 0.
    var duplicates = 0
    /// Successful fires per instance id.
    var byInstance: [String: Int] = [:]

    enum CodingKeys: String, CodingKey {
        case succeeded, rejected, conflicts, replayed, duplicates
        case byInstance = "by_instance"
    }

    mutating func merge(_ other: HammerTally) {
        succeeded += other.succeeded
        rejected += other.rejected
        conflicts += other.conflicts
        replayed += other.replayed
        duplicates += other.duplicates
        byInstance.merge(other.byInstance, uniquingKeysWith: +)
    }
}

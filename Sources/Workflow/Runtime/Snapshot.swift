/// The current state of one instance: what the persistence layer keeps on the instance row.
public struct Snapshot: Sendable, Hashable, Codable {
    /// The state code.
    public var state: String
    /// The instance's data fields.
    public var data: [String: JSONValue]
    /// 1 at creation, plus one per accepted event; the history sequence number of the last transition.
    public var version: Int

    /// Creates a snapshot.
    public init(state: String, data: [String: JSONValue] = [:], version: Int) {
        self.state = state
        self.data = data
        self.version = version
    }
}

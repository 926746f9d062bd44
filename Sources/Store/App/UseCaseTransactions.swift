import LibPQ

/// How a service's use case runs: in its own transaction on the store's pool, any failure translated to
/// ``ServiceError`` — one definition for the OCOP and NTM services (the workflow service has its own retrying form).
protocol UseCaseTransactions {
    /// The store whose pool the transactions run on.
    var workflows: WorkflowStore { get }
}

extension UseCaseTransactions {
    /// One attempt, read committed: the steps check, then write under their own row and advisory locks.
    func inTransaction<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = workflows.pool
        return try await ServiceError.translating { try await pool.write(.readCommitted, maxAttempts: 1, body) }
    }

    /// A read on one consistent snapshot.
    func inSnapshot<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = workflows.pool
        return try await ServiceError.translating { try await pool.read(body) }
    }
}

extension OCOPService: UseCaseTransactions {}
extension NTMService: UseCaseTransactions {}

/// Template data ([String: Any] for Mustache) carried back from a database worker thread. Built and read by one
/// request only, never shared, so the unchecked conformance is sound.
struct ViewModel: @unchecked Sendable {
    let value: [String: Any]
}

/// A list of template rows carried back from a database worker thread (see ``ViewModel``).
struct ViewRows: @unchecked Sendable {
    let value: [[String: Any]]
}

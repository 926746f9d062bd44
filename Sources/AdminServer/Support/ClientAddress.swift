import Foundation

/// The address a request comes from, for throttling and logs: the socket peer — or, only when that peer is a proxy
/// the server was told to trust (`ocop serve --trust-proxy`), the last address in `X-Forwarded-For` that is not itself
/// a trusted proxy. A client can always write `X-Forwarded-For`; believing it from anyone else would let an attacker
/// pick a fresh address for every guess.
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: String?, trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trusted.contains(hop) {
            return String(hop.prefix(64))
        }
        return peer
    }
}

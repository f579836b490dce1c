import Crypto
import FoundationEssentials
import HummingbirdBcrypt
import M365Reports
import NIOPosix
import Synchronization

/// Checks `Authorization: Basic` headers against the bcrypt hashes of
/// `basic_auth_users`. bcrypt is slow on purpose (about 70 ms at cost 10),
/// so it runs on NIO's blocking thread pool, never on an event loop or the
/// cooperative pool, and each verdict is cached by a SHA-256 of the user's
/// hash and the header: a scraper sending the same header every few seconds
/// costs one bcrypt in all, and a changed hash misses the cache.
final class BasicAuthenticator: Sendable {
    private let verdicts = Mutex<[SHA256.Digest: Bool]>([:])
    /// bcrypt checks run so far: what the cache saves.
    private let bcryptRuns = Atomic<Int>(0)
    /// Distinct headers remembered; past this the cache starts afresh, so a
    /// flood of made-up passwords cannot grow memory.
    static let cacheLimit = 1024

    /// Whether `header` names a configured user with the right password.
    func authenticate(_ header: String?, users: [String: String]) async -> Bool {
        guard let header, let (user, password) = Self.credentials(in: header) else { return false }
        // An unknown user is checked against a hash of its own too, so the
        // time taken does not tell which user names exist.
        let knownHash = users[user]
        var hasher = SHA256()
        hasher.update(data: Data((knownHash ?? "unknown user").utf8))
        hasher.update(data: Data([0]))
        hasher.update(data: Data(header.utf8))
        let key = hasher.finalize()
        if let verdict = verdicts.withLock({ $0[key] }) { return verdict }

        bcryptRuns.add(1, ordering: .relaxed)
        let matches = (try? await NIOThreadPool.singleton.runIfActive {
            Bcrypt.verify(password, hash: knownHash ?? Self.unknownUserHash)
        }) ?? false
        let verdict = matches && knownHash != nil
        verdicts.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = verdict
        }
        return verdict
    }

    /// How many bcrypt checks ran.
    var bcryptChecks: Int { bcryptRuns.load(ordering: .relaxed) }

    /// User and password of a `Basic` header (RFC 7617): base64 of `user:password`.
    static func credentials(in header: String) -> (user: String, password: String)? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: parts[1].trimmingASCIIWhitespace()),
              let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// A cost-10 hash of a random password, made once, on the thread pool.
    private static let unknownUserHash = Bcrypt.hash(UUID().uuidString, cost: 10)
}

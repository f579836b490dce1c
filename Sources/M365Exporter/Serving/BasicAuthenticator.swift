import Crypto
import FoundationEssentials
import HummingbirdBcrypt
import M365Reports
import NIOCore
import NIOPosix
import Synchronization

/// Checks `Authorization: Basic` headers against the bcrypt hashes of
/// `basic_auth_users`, at a cost to an attacker rather than to us.
///
/// - bcrypt is slow on purpose (about 70 ms at cost 10), so it runs on
///   NIO's blocking thread pool, never on an event loop or the cooperative
///   pool, and each verdict is cached by a SHA-256 of the user's hash and
///   the header: a scraper sending the same header every few seconds costs
///   one bcrypt in all, and a changed hash misses the cache. Accepted and
///   refused headers have caches of their own, so a flood of made-up
///   passwords cannot push a scraper's accepted header out.
/// - Failed checks are limited per client address (``FailedAttemptLimiter``)
///   before bcrypt runs, and at most `maxPending` checks wait or run at
///   once; anything over either is refused unchecked (`throttled`).
/// - An unknown user is checked against a hash of the highest cost among
///   the configured users, and a check of a cheaper hash is padded to the
///   time a check at that cost took last, so the time taken does not tell
///   which user names exist, whatever costs their hashes use.
final class BasicAuthenticator: Sendable {
    /// The outcome of a check.
    enum Verdict: Sendable, Equatable {
        case allowed
        case denied
        /// Refused without a check: too many failures from the address, or
        /// too many checks pending.
        case throttled
    }

    private let accepted = Mutex<Set<SHA256.Digest>>([])
    private let refused = Mutex<Set<SHA256.Digest>>([])
    private let limiter: FailedAttemptLimiter
    /// bcrypt checks waiting or running.
    private let pending = Atomic<Int>(0)
    let maxPending: Int
    /// bcrypt checks run so far: what the cache saves.
    private let bcryptRuns = Atomic<Int>(0)
    /// A hash of a random password per cost, for unknown users.
    private let decoys = Mutex<[Int: String]>([:])
    /// How long the last check at each cost took.
    private let checkTimes = Mutex<[Int: Duration]>([:])
    /// Distinct headers remembered in each cache; past this a cache starts
    /// afresh, so a flood of made-up passwords cannot grow memory.
    static let cacheLimit = 1024

    init(limiter: FailedAttemptLimiter = FailedAttemptLimiter(), maxPending: Int = max(4, 2 * System.coreCount)) {
        self.limiter = limiter
        self.maxPending = maxPending
    }

    /// Whether `header` names a configured user with the right password.
    func authenticate(_ header: String?, users: [String: String], client: String? = nil) async -> Bool {
        await check(header, users: users, client: client) == .allowed
    }

    /// Checks `header` sent from `client` (an IP address).
    func check(_ header: String?, users: [String: String], client: String?) async -> Verdict {
        guard let header, let (user, password) = Self.credentials(in: header) else { return .denied }
        let knownHash = users[user]
        var hasher = SHA256()
        hasher.update(data: Data((knownHash ?? "unknown user").utf8))
        hasher.update(data: Data([0]))
        hasher.update(data: Data(header.utf8))
        let key = hasher.finalize()
        if accepted.withLock({ $0.contains(key) }) { return .allowed }
        if refused.withLock({ $0.contains(key) }) { return .denied }
        guard limiter.allows(client) else { return .throttled }
        guard pending.wrappingAdd(1, ordering: .relaxed).newValue <= maxPending else {
            pending.wrappingSubtract(1, ordering: .relaxed)
            return .throttled
        }

        let highestCost = users.values.compactMap(BcryptHash.cost).max() ?? 10
        let hash: String
        if let knownHash {
            hash = knownHash
        } else {
            hash = await decoy(cost: highestCost)
        }
        let cost = BcryptHash.cost(hash) ?? highestCost
        bcryptRuns.add(1, ordering: .relaxed)
        let started = ContinuousClock.now
        let matches = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
        let took = ContinuousClock.now - started
        pending.wrappingSubtract(1, ordering: .relaxed)
        let reference = checkTimes.withLock { times in
            times[cost] = took
            return times[highestCost]
        }
        if cost < highestCost, let reference, reference > took {
            try? await Task.sleep(for: reference - took)
        }

        let verdict = matches && knownHash != nil
        func remember(_ cache: inout Set<SHA256.Digest>) {
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache.insert(key)
        }
        if verdict {
            accepted.withLock { remember(&$0) }
        } else {
            refused.withLock { remember(&$0) }
        }
        if !verdict { limiter.recordFailure(client) }
        return verdict ? .allowed : .denied
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

    /// A hash of a random password at `cost`, made once per cost on the thread pool.
    private func decoy(cost: Int) async -> String {
        if let hash = decoys.withLock({ $0[cost] }) { return hash }
        let secret = UUID().uuidString
        let hash = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(secret, cost: UInt8(cost)) })
            ?? Bcrypt.hash(secret, cost: UInt8(cost))
        decoys.withLock { $0[cost] = $0[cost] ?? hash }
        return hash
    }
}

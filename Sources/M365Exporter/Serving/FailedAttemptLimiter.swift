import Synchronization

/// Limits failed basic-auth attempts per client address before bcrypt runs:
/// each address has a bucket of `burst` failures that refills at one per
/// `refill`; an address whose bucket is empty is refused unchecked.
///
/// The table is bounded: past `capacity` addresses, those that have
/// recovered are forgotten, and addresses that still find no room share
/// one bucket, so a flood from many addresses neither grows memory nor
/// escapes the limit. IPv6 clients are counted by their /64, which is what
/// one host usually holds.
final class FailedAttemptLimiter: Sendable {
    let burst: Double
    let refill: Duration
    let capacity: Int

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var shared: Bucket
    }

    private let state: Mutex<State>

    init(burst: Int = 10, refill: Duration = .seconds(6), capacity: Int = 4096) {
        self.burst = Double(burst)
        self.refill = refill
        self.capacity = capacity
        state = Mutex(State(shared: Bucket(tokens: Double(burst), updated: .now)))
    }

    /// Whether `client` may have its credentials checked now.
    func allows(_ client: String?) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let client = client.map(Self.key) else { return topUp(&state.shared, now) >= 1 }
            if var bucket = state.buckets[client] {
                let tokens = topUp(&bucket, now)
                state.buckets[client] = bucket
                return tokens >= 1
            }
            // Not seen failing so far: its first failure finds room, or the shared bucket decides.
            return state.buckets.count < capacity || topUp(&state.shared, now) >= 1
        }
    }

    /// Counts a failed check of `client`'s credentials.
    func recordFailure(_ client: String?) {
        let now = ContinuousClock.now
        state.withLock { state in
            guard let client = client.map(Self.key) else {
                _ = topUp(&state.shared, now)
                state.shared.tokens = max(0, state.shared.tokens - 1)
                return
            }
            if state.buckets[client] == nil, state.buckets.count >= capacity {
                // Forget the addresses whose buckets are full again.
                state.buckets = state.buckets.filter { _, bucket in
                    var bucket = bucket
                    return topUp(&bucket, now) < burst
                }
            }
            if state.buckets[client] == nil, state.buckets.count >= capacity {
                _ = topUp(&state.shared, now)
                state.shared.tokens = max(0, state.shared.tokens - 1)
                return
            }
            var bucket = state.buckets[client] ?? Bucket(tokens: burst, updated: now)
            _ = topUp(&bucket, now)
            bucket.tokens = max(0, bucket.tokens - 1)
            state.buckets[client] = bucket
        }
    }

    /// Addresses remembered now.
    var trackedClients: Int { state.withLock { $0.buckets.count } }

    /// Refills `bucket` for the time passed; returns its tokens.
    private func topUp(_ bucket: inout Bucket, _ now: ContinuousClock.Instant) -> Double {
        let earned = (now - bucket.updated) / refill
        bucket.tokens = min(burst, bucket.tokens + earned)
        bucket.updated = now
        return bucket.tokens
    }

    /// The table key of an address: IPv4 as it is, IPv6 by its first four
    /// groups (the /64), IPv4-mapped IPv6 as the IPv4 address.
    static func key(_ address: String) -> String {
        if address.hasPrefix("::ffff:"), address.contains(".") { return String(address.dropFirst(7)) }
        guard address.contains(":") else { return address }
        // Expand "::" so that the first four groups are the /64.
        let halves = address.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let head = halves[0].split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        let tail = halves.count > 1 ? halves[1].split(separator: ":", omittingEmptySubsequences: true).map(String.init) : []
        let groups = head + Array(repeating: "0", count: max(0, 8 - head.count - tail.count)) + tail
        return groups.prefix(4).joined(separator: ":") + "::/64"
    }
}

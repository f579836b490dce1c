import M365Graph
import Synchronization

/// Counts token requests by tenant and outcome for
/// `m365_token_requests_total{tenant,result}`.
///
/// Token providers run on their own actors and count from there; the
/// refresher reads the counts when it renders. A mutex rather than an actor:
/// recording is a few nanoseconds on the path of every token request and
/// must not wait for a hop. The version tells the refresher whether anything
/// changed since its last render.
final class TokenRequestCounter: Sendable {
    private struct Counts {
        var version = 0
        var byTenant: [String: [TokenRequestResult: Int]] = [:]
    }

    private let counts = Mutex(Counts())

    init() {}

    func record(tenant: String, _ result: TokenRequestResult) {
        counts.withLock {
            $0.version += 1
            $0.byTenant[tenant, default: [:]][result, default: 0] += 1
        }
    }

    /// Changes with every request recorded.
    var version: Int { counts.withLock { $0.version } }

    /// Every count so far, by tenant and result.
    var snapshot: (version: Int, byTenant: [String: [TokenRequestResult: Int]]) {
        counts.withLock { ($0.version, $0.byTenant) }
    }
}

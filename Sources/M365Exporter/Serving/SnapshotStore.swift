import M365Reports
import Synchronization

/// Holds the snapshot that scrapes read. The refresher publishes a new,
/// immutable exposition after each burst of changes; a scrape takes the
/// current snapshot and writes its buffers.
///
/// The listener's own counter (`m365_exporter_http_auth_failures_total`)
/// is a small buffer of its own written after the exposition's, so counting
/// a refused request never copies the exposition. It does drop the
/// snapshot's gzip-compressed bodies, which hold the counter too: refused
/// requests alone make a new served snapshot at most every
/// `authFailureRenderInterval`, so that a flood of them cannot make every
/// scrape compress the whole exposition anew. The counter is behind by at
/// most that long.
///
/// A `Mutex` rather than an actor: the lock guards only the swap of a
/// reference to immutable data, held for nanoseconds (rendering happens
/// outside it), and it keeps the scrape path on the event loop with no
/// executor hop.
public final class SnapshotStore: Sendable {
    private let current: Mutex<State>
    let authFailureRenderInterval: Duration

    private struct State {
        var authFailures = 0
        var served: ServedSnapshot
        /// The count in `served`, and when it was made.
        var servedAuthFailures = 0
        var madeAt = ContinuousClock.now - .seconds(3600)
    }

    public init(authFailureRenderInterval: Duration = .seconds(5)) {
        self.authFailureRenderInterval = authFailureRenderInterval
        current = Mutex(State(served: ServedSnapshot(exposition: .empty, readiness: Readiness(tried: 0, reports: 0), authFailures: 0)))
    }

    public var snapshot: ServedSnapshot {
        let now = ContinuousClock.now
        // Making a served snapshot renders one line: cheap enough under the lock.
        return current.withLock { state in
            if state.authFailures != state.servedAuthFailures, now - state.madeAt >= authFailureRenderInterval {
                state.served = ServedSnapshot(
                    exposition: state.served.exposition, readiness: state.served.readiness, authFailures: state.authFailures)
                state.servedAuthFailures = state.authFailures
                state.madeAt = now
            }
            return state.served
        }
    }

    /// Replaces the served exposition and readiness.
    public func publish(_ exposition: Exposition, readiness: Readiness) {
        let failures = current.withLock { $0.authFailures }
        let served = ServedSnapshot(exposition: exposition, readiness: readiness, authFailures: failures)
        current.withLock { state in
            state.served = served
            state.servedAuthFailures = failures
            state.madeAt = .now
        }
    }

    /// Counts a request refused for missing or wrong credentials.
    public func recordAuthFailure() {
        current.withLock { $0.authFailures += 1 }
    }
}

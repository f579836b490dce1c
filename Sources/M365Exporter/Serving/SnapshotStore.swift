import M365Reports
import Synchronization

/// Holds the snapshot that scrapes read. The refresher publishes a new,
/// immutable exposition after each burst of changes; a scrape takes the
/// current snapshot and writes its buffers.
///
/// The listener's own counters (``ListenerCounters``: refused requests,
/// refused connections, dropped log lines) are a small buffer of their own
/// written after the exposition's, so counting never copies the
/// exposition. It does drop the snapshot's gzip-compressed bodies, which
/// hold the counters too: the counters alone make a new served snapshot at
/// most every `authFailureRenderInterval`, so that a flood of refused
/// requests or connections cannot make every scrape compress the whole
/// exposition anew. The counters are behind by at most that long.
///
/// A `Mutex` rather than an actor: the lock guards only the swap of a
/// reference to immutable data, held for nanoseconds (rendering happens
/// outside it), and it keeps the scrape path on the event loop with no
/// executor hop.
public final class SnapshotStore: Sendable {
    private let current: Mutex<State>
    let authFailureRenderInterval: Duration

    private struct State {
        var counters = ListenerCounters()
        var served: ServedSnapshot
        /// The counts in `served`, and when it was made.
        var servedCounters = ListenerCounters()
        var madeAt = ContinuousClock.now - .seconds(3600)
    }

    public init(authFailureRenderInterval: Duration = .seconds(5)) {
        self.authFailureRenderInterval = authFailureRenderInterval
        current = Mutex(State(served: ServedSnapshot(exposition: .empty, readiness: Readiness(tried: 0, reports: 0), counters: ListenerCounters())))
    }

    public var snapshot: ServedSnapshot {
        let now = ContinuousClock.now
        // Making a served snapshot renders one line: cheap enough under the lock.
        let dropped = StandardStream.droppedLogLines
        return current.withLock { state in
            state.counters.droppedLogLines = dropped
            if state.counters != state.servedCounters, now - state.madeAt >= authFailureRenderInterval {
                state.served = ServedSnapshot(
                    exposition: state.served.exposition, readiness: state.served.readiness, counters: state.counters)
                state.servedCounters = state.counters
                state.madeAt = now
            }
            return state.served
        }
    }

    /// Replaces the served exposition and readiness.
    public func publish(_ exposition: Exposition, readiness: Readiness) {
        let dropped = StandardStream.droppedLogLines
        let counters = current.withLock { state in
            state.counters.droppedLogLines = dropped
            return state.counters
        }
        let served = ServedSnapshot(exposition: exposition, readiness: readiness, counters: counters)
        current.withLock { state in
            state.served = served
            state.servedCounters = counters
            state.madeAt = .now
        }
    }

    /// Counts a request refused for missing or wrong credentials.
    public func recordAuthFailure() {
        current.withLock { $0.counters.authFailures += 1 }
    }

    /// Counts a request whose credentials were refused unchecked (rate
    /// limit or full bcrypt queue); it is an auth failure too.
    public func recordAuthThrottled() {
        current.withLock { $0.counters.authThrottled += 1 }
    }

    /// Counts a connection closed at once for the connection limit.
    public func recordRejectedConnection() {
        current.withLock { $0.counters.rejectedConnections += 1 }
    }

    /// Counts a connection closed because its request passed the deadline.
    public func recordRequestDeadline() {
        current.withLock { $0.counters.requestDeadlines += 1 }
    }
}

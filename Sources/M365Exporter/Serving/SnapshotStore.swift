import M365Reports
import Synchronization

/// Holds the snapshot that scrapes read. The refresher publishes a new,
/// immutable snapshot after each burst of changes; a scrape takes the
/// current one and copies its bytes.
///
/// The listener's own counter (`m365_exporter_http_auth_failures_total`)
/// is appended to the refresher's exposition here, so that a scrape still
/// only copies bytes. A publish renders it at once; refused requests alone
/// make a scrape render the served bytes again at most every
/// `authFailureRenderInterval`, so a flood of refused requests cannot make
/// every scrape or probe render and compress the whole exposition anew. The
/// counter is behind by at most that long.
///
/// A `Mutex` rather than an actor: the lock guards only the swap of a
/// reference to immutable data, held for nanoseconds (rendering happens
/// outside it), and it keeps the scrape path on the event loop with no
/// executor hop.
public final class SnapshotStore: Sendable {
    private let current: Mutex<State>
    let authFailureRenderInterval: Duration

    private struct State {
        var base: MetricsSnapshot
        var catalog: [ReportDefinition]
        /// Counts publishes, so that a slow render never replaces a newer snapshot.
        var generation = 0
        var authFailures = 0
        var served: ServedSnapshot
        /// The count in `served`, and when it was rendered.
        var servedAuthFailures = 0
        var renderedAt = ContinuousClock.now - .seconds(3600)
        /// A scrape is rendering the counter's change; the others serve `served` meanwhile.
        var rendering = false
    }

    public init(authFailureRenderInterval: Duration = .seconds(5)) {
        self.authFailureRenderInterval = authFailureRenderInterval
        let empty = MetricsSnapshot(statuses: [], catalog: [], version: ExporterVersion.current)
        current = Mutex(State(base: empty, catalog: [], served: ServedSnapshot(empty, catalog: [], authFailures: 0)))
    }

    public var snapshot: ServedSnapshot {
        let now = ContinuousClock.now
        let job: (MetricsSnapshot, [ReportDefinition], Int, Int)? = current.withLock { state in
            guard state.authFailures != state.servedAuthFailures, !state.rendering,
                  now - state.renderedAt >= authFailureRenderInterval else { return nil }
            state.rendering = true
            return (state.base, state.catalog, state.authFailures, state.generation)
        }
        guard let (base, catalog, failures, generation) = job else { return current.withLock { $0.served } }
        let served = ServedSnapshot(base, catalog: catalog, authFailures: failures)
        return current.withLock { state in
            state.rendering = false
            guard state.generation == generation else { return state.served }
            state.served = served
            state.servedAuthFailures = failures
            state.renderedAt = now
            return served
        }
    }

    /// Replaces the served snapshot; its bytes are wrapped and compressed for
    /// serving once, here, before the swap.
    public func publish(_ snapshot: MetricsSnapshot, catalog: [ReportDefinition]) {
        let failures = current.withLock { $0.authFailures }
        let served = ServedSnapshot(snapshot, catalog: catalog, authFailures: failures)
        current.withLock { state in
            state.base = snapshot
            state.catalog = catalog
            state.generation += 1
            state.served = served
            state.servedAuthFailures = failures
            state.renderedAt = .now
        }
    }

    /// Counts a request refused for missing or wrong credentials.
    public func recordAuthFailure() {
        current.withLock { $0.authFailures += 1 }
    }
}

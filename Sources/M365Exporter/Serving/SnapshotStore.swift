import M365Reports
import Synchronization

/// Holds the snapshot that scrapes read. The refresher publishes a new,
/// immutable snapshot after each burst of changes; a scrape takes the
/// current one and copies its bytes.
///
/// The listener's own counter (`m365_exporter_http_auth_failures_total`)
/// is appended to the refresher's exposition here, when either changes, so
/// that a scrape still only copies bytes.
///
/// A `Mutex` rather than an actor: the lock guards only the swap of a
/// reference to immutable data, held for nanoseconds, and it keeps the scrape
/// path on the event loop with no executor hop.
public final class SnapshotStore: Sendable {
    private let current: Mutex<State>

    private struct State {
        var base: MetricsSnapshot
        var catalog: [ReportDefinition]
        var authFailures: Int
        /// `nil` after a change, until the next scrape renders it.
        var served: ServedSnapshot?
    }

    public init() {
        let empty = MetricsSnapshot(statuses: [], catalog: [], version: ExporterVersion.current)
        current = Mutex(State(
            base: empty, catalog: [], authFailures: 0, served: ServedSnapshot(empty, catalog: [], authFailures: 0)))
    }

    public var snapshot: ServedSnapshot {
        current.withLock { state in
            if let served = state.served { return served }
            let served = ServedSnapshot(state.base, catalog: state.catalog, authFailures: state.authFailures)
            state.served = served
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
            // A failure counted meanwhile: render again at the next scrape.
            state.served = state.authFailures == failures ? served : nil
        }
    }

    /// Counts a request refused for missing or wrong credentials.
    public func recordAuthFailure() {
        current.withLock { state in
            state.authFailures += 1
            state.served = nil
        }
    }
}

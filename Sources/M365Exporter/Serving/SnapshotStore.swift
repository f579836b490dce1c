import M365Reports
import NIOCore
import Synchronization

/// Holds the snapshot that scrapes read. The refresher publishes a new,
/// immutable snapshot after every refresh; a scrape takes the current one
/// and copies its bytes.
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
        var authFailures: Int
        /// `nil` after a change, until the next scrape renders it.
        var served: ServedSnapshot?
    }

    public init() {
        let empty = MetricsSnapshot(statuses: [], catalog: [], version: ExporterVersion.current)
        current = Mutex(State(base: empty, authFailures: 0, served: ServedSnapshot(empty, authFailures: 0)))
    }

    public var snapshot: ServedSnapshot {
        current.withLock { state in
            if let served = state.served { return served }
            let served = ServedSnapshot(state.base, authFailures: state.authFailures)
            state.served = served
            return served
        }
    }

    /// Replaces the served snapshot; its bytes are wrapped for serving once, here.
    public func publish(_ snapshot: MetricsSnapshot) {
        let failures = current.withLock { $0.authFailures }
        let served = ServedSnapshot(snapshot, authFailures: failures)
        current.withLock { state in
            state.base = snapshot
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

/// A snapshot as the listener serves it: the report states (for the landing
/// page and readiness) and the exposition in NIO buffers, copied once here so
/// that a scrape answers with a buffer that shares their storage: no copy and
/// no rendering per scrape.
public struct ServedSnapshot: Sendable {
    public let statuses: [ReportStatus]
    public let text: ByteBuffer
    public let openMetrics: ByteBuffer

    init(_ snapshot: MetricsSnapshot, authFailures: Int) {
        statuses = snapshot.statuses
        let listener = [MetricFamily(descriptor: HealthMetrics.httpAuthFailures, samples: [
            Sample(metric: HealthMetrics.httpAuthFailures.name, labels: [], value: Double(authFailures)),
        ])]
        var text = ByteBuffer(bytes: snapshot.text)
        text.writeBytes(ExpositionRenderer.render(listener, format: .prometheusText))
        self.text = text
        // OpenMetrics ends with `# EOF`: the family goes before it.
        let eof = Array("# EOF\n".utf8)
        var openMetrics = ByteBuffer(bytes: snapshot.openMetrics.suffix(eof.count) == eof[...]
            ? snapshot.openMetrics.dropLast(eof.count) : snapshot.openMetrics[...])
        openMetrics.writeBytes(ExpositionRenderer.render(listener, format: .openMetrics))
        self.openMetrics = openMetrics
    }

    public func body(for format: ExpositionFormat) -> ByteBuffer {
        switch format {
        case .prometheusText: text
        case .openMetrics: openMetrics
        }
    }
}

import M365Reports
import NIOCore
import Synchronization

/// Holds the snapshot that scrapes read. The refresher publishes a new,
/// immutable snapshot after every refresh; a scrape takes the current one
/// and copies its bytes.
///
/// A `Mutex` rather than an actor: the lock guards only the swap of a
/// reference to immutable data, held for nanoseconds, and it keeps the scrape
/// path on the event loop with no executor hop.
public final class SnapshotStore: Sendable {
    private let current: Mutex<ServedSnapshot>

    public init() {
        current = Mutex(ServedSnapshot(MetricsSnapshot(statuses: [], catalog: [], version: ExporterVersion.current)))
    }

    public var snapshot: ServedSnapshot { current.withLock { $0 } }

    /// Replaces the served snapshot; its bytes are wrapped for serving once, here.
    public func publish(_ snapshot: MetricsSnapshot) {
        let served = ServedSnapshot(snapshot)
        current.withLock { $0 = served }
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

    init(_ snapshot: MetricsSnapshot) {
        statuses = snapshot.statuses
        text = ByteBuffer(bytes: snapshot.text)
        openMetrics = ByteBuffer(bytes: snapshot.openMetrics)
    }

    public func body(for format: ExpositionFormat) -> ByteBuffer {
        switch format {
        case .prometheusText: text
        case .openMetrics: openMetrics
        }
    }
}

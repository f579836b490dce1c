import CompressNIO
import M365Reports
import NIOCore
import Synchronization

/// A snapshot as the listener serves it: the report states (for the landing
/// page, readiness and probes) and the exposition in NIO buffers, plain and
/// gzip-compressed, made once here so that a scrape answers with a buffer
/// that shares their storage: no rendering, no compression and no copy per
/// scrape.
public struct ServedSnapshot: Sendable {
    public let statuses: [ReportStatus]
    public let text: ByteBuffer
    public let openMetrics: ByteBuffer
    /// `nil` if zlib could not compress (it fails only without memory for its state).
    public let gzippedText: ByteBuffer?
    public let gzippedOpenMetrics: ByteBuffer?
    private let catalog: [ReportDefinition]
    private let probes: ProbeCache

    /// The refresher's snapshot with the listener's own counter appended.
    init(_ snapshot: MetricsSnapshot, catalog: [ReportDefinition], authFailures: Int) {
        statuses = snapshot.statuses
        self.catalog = catalog
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
        gzippedText = Self.gzip(text)
        gzippedOpenMetrics = Self.gzip(openMetrics)
        probes = ProbeCache()
    }

    /// The exposition in `format`.
    public func body(for format: ExpositionFormat) -> ByteBuffer {
        switch format {
        case .prometheusText: text
        case .openMetrics: openMetrics
        }
    }

    /// The exposition in `format`, gzip-compressed; `nil` if compression failed.
    public func gzippedBody(for format: ExpositionFormat) -> ByteBuffer? {
        switch format {
        case .prometheusText: gzippedText
        case .openMetrics: gzippedOpenMetrics
        }
    }

    /// The value and health series of one tenant, from this snapshot's
    /// states; `nil` for a tenant the snapshot does not hold. Rendered at the
    /// first probe of each tenant and kept with the snapshot.
    public func probe(tenant: String, format: ExpositionFormat) -> ByteBuffer? {
        probes.body(tenant: tenant, format: format) {
            let own = statuses.filter { $0.tenant == tenant }
            guard !own.isEmpty else { return nil }
            return ByteBuffer(bytes: MetricsSnapshot.renderReports(own, catalog: catalog, format: format))
        }
    }

    private static func gzip(_ buffer: ByteBuffer) -> ByteBuffer? {
        var input = buffer
        return try? input.compress(with: .gzip())
    }
}

/// The probe answers rendered from one snapshot, shared by its copies.
private final class ProbeCache: Sendable {
    private struct Key: Hashable {
        let tenant: String
        let format: ExpositionFormat
    }

    private let bodies = Mutex<[Key: ByteBuffer]>([:])

    func body(tenant: String, format: ExpositionFormat, render: () -> ByteBuffer?) -> ByteBuffer? {
        let key = Key(tenant: tenant, format: format)
        if let body = bodies.withLock({ $0[key] }) { return body }
        guard let body = render() else { return nil }
        bodies.withLock { $0[key] = body }
        return body
    }
}

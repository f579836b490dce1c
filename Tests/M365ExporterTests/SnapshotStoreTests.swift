@testable import M365Exporter
import CompressNIO
import M365Reports
import M365TestSupport
import NIOCore
import Testing

/// The listener's counter in the served bytes, and what refused requests may cost.
@Suite struct SnapshotStoreTests {
    static func joined(_ buffers: [ByteBuffer]) -> ByteBuffer {
        var joined = ByteBuffer()
        for buffer in buffers { joined.writeImmutableBuffer(buffer) }
        return joined
    }

    static func text(_ store: SnapshotStore, _ format: ExpositionFormat = .prometheusText) -> String {
        String(buffer: joined(store.snapshot.body(for: format)))
    }

    static func failures(_ store: SnapshotStore) -> Double? {
        parseExposition(text(store))["m365_exporter_http_auth_failures_total"]
    }

    static func exposition(tenant: String) -> (Exposition, [ReportStatus]) {
        var builder = ExpositionBuilder()
        let status = ReportStatus(tenant: tenant, report: "getOffice365GroupsActivityGroupCounts")
        let values = [Sample(metric: "o365_groups", labels: [Label("tenant", tenant)], value: 481)]
        let exposition = builder.render([status.key: .updated(status, values: values)], throttled: ReportHealthSeries.throttledSamples(of: [status]),
                                        catalog: ReportCatalog.seedReports, version: "1", reload: nil)
        return (exposition, [status])
    }

    @Test func aPublishShowsTheCountAtOnceAndRefusalsAloneRenderAtMostEveryInterval() async throws {
        let store = SnapshotStore(authFailureRenderInterval: .milliseconds(300))
        #expect(Self.failures(store) == 0)
        store.recordAuthFailure()
        // Never rendered since the start: the first change is rendered at once.
        #expect(Self.failures(store) == 1)
        let rendered = try #require(await store.snapshot.gzippedBody(for: .prometheusText))
        for _ in 0..<1000 { store.recordAuthFailure() }
        // Within the interval, scrapes share the bytes already compressed.
        for _ in 0..<100 { #expect(await store.snapshot.gzippedBody(for: .prometheusText) == rendered) }
        try await Task.sleep(for: .milliseconds(350))
        #expect(Self.failures(store) == 1001)

        store.recordAuthFailure()
        let (exposition, statuses) = Self.exposition(tenant: "t")
        store.publish(exposition, readiness: Readiness(tried: statuses.count, reports: statuses.count))
        #expect(Self.failures(store) == 1002)
        let open = Self.text(store, .openMetrics)
        // The listener's counters (in name order) come after the exposition, before the end marker.
        #expect(open.contains("\nm365_exporter_http_auth_failures_total 1002\n"))
        #expect(open.hasSuffix("m365_exporter_log_lines_dropped_total 0\n# EOF\n"))
        #expect(open.contains("o365_groups{tenant=\"t\"} 481\n"))
    }

    @Test func theGzipBodyIsTheWholeExpositionCompressedOncePerSnapshot() async throws {
        let store = SnapshotStore()
        let (exposition, statuses) = Self.exposition(tenant: "t")
        store.publish(exposition, readiness: Readiness(tried: statuses.count, reports: statuses.count))
        let snapshot = store.snapshot
        // Many scrapes at once: one compression, the same bytes for all.
        let bodies = await withTaskGroup(of: ByteBuffer?.self) { group in
            for _ in 0..<16 { group.addTask { await snapshot.gzippedBody(for: .openMetrics) } }
            return await group.reduce(into: [ByteBuffer?]()) { $0.append($1) }
        }
        let first = try #require(bodies.first ?? nil)
        #expect(bodies.allSatisfy { $0 == first })
        let storages = Set(bodies.compactMap { $0?.withUnsafeReadableBytes { Int(bitPattern: $0.baseAddress) } })
        #expect(storages.count == 1)
        var compressed = first
        let plain = try compressed.decompress(with: .gzip())
        #expect(String(buffer: plain) == String(buffer: Self.joined(snapshot.body(for: .openMetrics))))
        #expect(String(buffer: plain).hasSuffix("# EOF\n"))
    }

    @Test func aProbeServesOneTenantsSeriesAndNothingForAnUnknownOne() throws {
        let store = SnapshotStore()
        let (exposition, statuses) = Self.exposition(tenant: "t")
        store.publish(exposition, readiness: Readiness(tried: statuses.count, reports: statuses.count))
        let probe = String(buffer: Self.joined(try #require(store.snapshot.probe(tenant: "t", format: .openMetrics))))
        #expect(probe.contains("o365_groups{tenant=\"t\"} 481\n"))
        #expect(!probe.contains("m365_exporter_"))
        #expect(probe.hasSuffix("# EOF\n"))
        #expect(store.snapshot.probe(tenant: "u", format: .openMetrics) == nil)
        #expect(store.snapshot.probe(tenant: "", format: .openMetrics) == nil)
    }
}

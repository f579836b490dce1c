@testable import M365Exporter
import M365Reports
import M365TestSupport
import NIOCore
import Testing

/// The listener's counter in the served bytes, and what refused requests may cost.
@Suite struct SnapshotStoreTests {
    static func failures(_ store: SnapshotStore) -> Double? {
        parseExposition(String(buffer: store.snapshot.text))["m365_exporter_http_auth_failures_total"]
    }

    @Test func aPublishShowsTheCountAtOnceAndRefusalsAloneRenderAtMostEveryInterval() async throws {
        let store = SnapshotStore(authFailureRenderInterval: .milliseconds(300))
        #expect(Self.failures(store) == 0)
        store.recordAuthFailure()
        // Never rendered since the start: the first change is rendered at once.
        #expect(Self.failures(store) == 1)
        let rendered = store.snapshot.text
        for _ in 0..<1000 { store.recordAuthFailure() }
        // Within the interval, scrapes share the bytes already rendered.
        for _ in 0..<100 { #expect(store.snapshot.text == rendered) }
        try await Task.sleep(for: .milliseconds(350))
        #expect(Self.failures(store) == 1001)

        store.recordAuthFailure()
        store.publish(MetricsSnapshot(statuses: [], catalog: [], version: "1"), catalog: [])
        #expect(Self.failures(store) == 1002)
        let open = String(buffer: store.snapshot.openMetrics)
        #expect(open.hasSuffix("m365_exporter_http_auth_failures_total 1002\n# EOF\n"))
    }
}

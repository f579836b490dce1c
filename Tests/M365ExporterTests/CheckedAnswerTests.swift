import Logging
import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// What comes back from Graph and Entra ID is checked before it is published.
@Suite struct CheckedAnswerTests {
    static let services = "getOffice365ServicesUserCounts"
    static let groups = "getOffice365GroupsActivityGroupCounts"

    @Test func aD7AnswerToARequestForD30IsNeverPublishedAsD30() async throws {
        try await FaultHarness.run(prepare: { fake in
            // Graph answers the D30 request with the D7 body (Report Period 7).
            var bodies = SeedReports.bodies().first { $0.function == Self.services }!.bodies
            bodies[.d30] = bodies[.d7]
            await fake.setReport(Self.services, apiVersion: .v1, bodies: bodies)
        }) { h in
            let series = try await h.scrape()
            #expect(series[FaultHarness.up(Self.services)] == 0)
            // Neither period of the report was published: the refresh failed as a whole.
            #expect(series.keys.filter { $0.hasPrefix("o365_active_users{") }.isEmpty)
            for report in ReportCatalog.defaultReports.map(\.function) where report != Self.services {
                #expect(series[FaultHarness.up(report)] == 1, "\(report)")
            }
            let warnings = h.logs.lines.filter {
                $0.level == .warning && $0.metadata["report"] == Self.services && $0.message == "report refresh failed"
            }
            let first = try #require(warnings.first)
            #expect(first.metadata["err"]?.contains("7 days") == true, "\(first)")
            #expect(first.metadata["err"]?.contains("D30") == true, "\(first)")
        }
    }

    @Test func theEntityTagSentBackIsTheDownloadedFilesNotTheRedirects() async throws {
        try await FaultHarness.run(prepare: { await $0.setConditionalRequests(true) }) { h in
            let notModified = "m365_graph_requests_total{tenant=\"\(FaultHarness.tenant)\",report=\"\(Self.groups)\",code=\"304\"}"
            #expect(try await eventually(timeout: .seconds(15)) { (try await h.scrape()[notModified] ?? 0) >= 1 })
            let fileTag = try #require(await h.fake.fileTag(Self.groups, period: .d7, tenant: FaultHarness.tenant))
            let sent = await h.graphRequests(for: Self.groups).compactMap(\.ifNoneMatch)
            #expect(!sent.isEmpty)
            #expect(sent.allSatisfy { $0 == fileTag }, "\(sent) instead of \(fileTag)")
            #expect(!fileTag.contains("redirect"))
            FaultHarness.expectServed(try await h.scrape())
        }
    }

    @Test func expiresInAsAStringIsReadAsTheTokensLifetime() async throws {
        try await FaultHarness.run(prepare: { fake in
            await fake.setExpiresInAsString(true)
            await fake.setTokenLifetime(seconds: 4)
        }) { h in
            FaultHarness.expectServed(try await h.scrape())
            // Renewed halfway through its 4 s: the lifetime was read, not defaulted to an hour.
            #expect(try await eventually(timeout: .seconds(15)) { await h.fake.requestCount(.login) >= 3 })
            try await Task.sleep(for: .seconds(2))
            FaultHarness.expectServed(try await h.scrape())
            let success = "m365_token_requests_total{tenant=\"\(FaultHarness.tenant)\",result=\"success\"}"
            #expect((try await h.scrape()[success] ?? 0) >= 3)
        }
    }
}

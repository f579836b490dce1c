import Logging
import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// A token endpoint that is down for a moment is a blip, not an outage of
/// the refresh interval.
@Suite struct TokenOutageTests {
    @Test func fifteenSecondsOf503AtTokenTimeCostMinutesAndFewRequests() async throws {
        let outage = 15.0
        try await FaultHarness.run(
            interval: .seconds(3600),
            prepare: { await $0.setTokenOutage(status: 503, seconds: outage) }
        ) { h in
            let start = await h.fake.now
            let reports = ReportCatalog.defaultReports.map(\.function)
            // Every report is down first, then up again well within two minutes.
            var series = try await h.scrape()
            #expect(reports.allSatisfy { series[FaultHarness.up($0)] == 0 })
            let recovered = try await eventually(timeout: .seconds(120), every: .milliseconds(250)) {
                let series = try await h.scrape()
                return reports.allSatisfy { series[FaultHarness.up($0)] == 1 }
            }
            let upAt = await h.fake.now
            #expect(recovered, "not every report was up within two minutes")
            #expect(upAt - start < 120)
            series = try await h.scrape()
            FaultHarness.expectServed(series)

            let logins = await h.fake.requestCount(.login)
            let tenant = FaultHarness.tenant
            let refused = Int(series["m365_token_requests_total{tenant=\"\(tenant)\",result=\"unavailable\"}"] ?? -1)
            // Every request of the outage got its 503, and one token after it served every report.
            #expect(series["m365_token_requests_total{tenant=\"\(tenant)\",result=\"success\"}"] == 1)
            #expect(refused + 1 == logins)
            #expect(refused > 0 && refused < 30, "\(refused) token requests during the outage")
            // A transient failure is a warning once per run of failures, never an error.
            let tokenLines = h.logs.lines.filter { $0.message.hasPrefix("token request") }
            #expect(tokenLines.filter { $0.level == .warning }.count == 1)
            #expect(tokenLines.allSatisfy { $0.level != .error })
            print("token outage of \(outage)s: every report up \(upAt - start)s after the test began, \(refused) token requests during it")
        }
    }
}

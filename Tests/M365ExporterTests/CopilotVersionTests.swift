import AsyncHTTPClient
import Logging
@testable import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// The Copilot reports are asked for in version 2 and, where Graph refuses
/// that version, in version 1, from the fake Graph on loopback.
@Suite struct CopilotVersionTests {
    static let app = FakeApp(tenantID: "11111111-2222-3333-4444-555555555555", clientID: "client-1", clientSecret: "s3cr3t~value")

    /// A Graph report source of one tenant against a started fake.
    private func withSource(
        versionRecheck: Duration = .seconds(86_400), _ body: (FakeGraph, GraphReportSource) async throws -> Void
    ) async throws {
        let fake = try await FakeGraph.start()
        await fake.register(Self.app)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let logger = Logger(label: "test")
        let tokens = TokenProvider(
            http: http,
            credentials: TenantCredentials(
                tenantID: Self.app.tenantID, clientID: Self.app.clientID, credential: .secret(Secret(Self.app.clientSecret)),
                authorityHost: fake.authorityURL),
            graphURL: fake.graphURL, logger: logger)
        var source = GraphReportSource(
            client: GraphReportClient(http: http, graphURL: fake.graphURL, tokens: tokens, limiter: RequestLimiter(limit: 4)),
            logger: logger)
        source.versionRecheck = versionRecheck
        do {
            try await body(fake, source)
        } catch {
            try? await http.shutdown()
            await fake.stop()
            throw error
        }
        try await http.shutdown()
        await fake.stop()
    }

    private let summary = ReportCatalog.definition(named: "getMicrosoft365CopilotUserCountSummary")!

    /// Version 1 as Microsoft's page shows it, two periods.
    private let versionOne = Array("""
        Report Refresh Date,Report Period,Microsoft Teams Enabled Users,Microsoft Teams Active Users,Word Enabled Users,Word Active Users,PowerPoint Enabled Users,PowerPoint Active Users,Outlook Enabled Users,Outlook Active Users,Excel Enabled Users,Excel Active Users,OneNote Enabled Users,OneNote Active Users,Loop Enabled Users,Loop Active Users,Any App Enabled Users,Any App Active Users,Copilot Chat Enabled Users,Copilot Chat Active Users\r
        2026-07-03,7,25,3,25,0,25,0,25,0,25,0,25,0,25,0,25,9,25,4\r
        2026-07-03,30,25,5,25,1,25,0,25,0,25,0,25,0,25,0,25,12,25,6\r

        """.utf8)

    private func paths(_ fake: FakeGraph) async -> [String] {
        await fake.requests.filter { $0.host == .graph }.map(\.path)
    }

    @Test func asksVersionTwoAndGetsThePromptCounts() async throws {
        try await withSource { fake, source in
            await fake.setReport(summary, pages: [try ReportSamples.body(for: summary.function)])
            let report = try await source.report(summary, period: .d7) { _ in }
            let samples = ReportSampleMapper.latestSamples(of: report, definition: summary, tenant: "t", period: .d7)
            #expect(samples.contains { $0.metric == "m365_copilot_prompts_submitted" })
            #expect(samples.contains { $0.labels.contains(Label("app", "copilot_chat_work")) })
            #expect(await paths(fake) == ["/v1.0/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL',version='v2')"])
        }
    }

    @Test func fallsBackToVersionOneWhenGraphRefusesTheVersionAndKeepsToIt() async throws {
        try await withSource { fake, source in
            await fake.setReport(summary, pages: [versionOne], refusedVersions: ["v2"])
            let report = try await source.report(summary, period: .d7) { _ in }
            let samples = ReportSampleMapper.latestSamples(of: report, definition: summary, tenant: "t", period: .d7)
            // Nine apps of version 1, enabled and active, for two periods; no prompt counts.
            #expect(samples.count == 9 * 2 * 2)
            #expect(!samples.contains { $0.metric == "m365_copilot_prompts_submitted" })
            let active = samples.first {
                $0.metric == "m365_copilot_active_users" && $0.labels == [Label("tenant", "t"), Label("period", "D30"), Label("app", "any_app")]
            }
            #expect(active?.value == 12)
            _ = try await source.report(summary, period: .d7) { _ in }
            // v2 refused once; from then on version 1 straight away.
            #expect(await paths(fake) == [
                "/v1.0/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL',version='v2')",
                "/v1.0/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL')",
                "/v1.0/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL')",
            ])
        }
    }

    @Test func theRefusedVersionIsAskedAgainOnceTheFallbackIsOld() async throws {
        // A recheck interval of zero: every refresh asks version 2 first again.
        try await withSource(versionRecheck: .zero) { fake, source in
            await fake.setReport(summary, pages: [versionOne], refusedVersions: ["v2"])
            _ = try await source.report(summary, period: .d7) { _ in }
            _ = try await source.report(summary, period: .d7) { _ in }
            let v2 = "/v1.0/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL',version='v2')"
            let v1 = "/v1.0/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL')"
            #expect(await paths(fake) == [v2, v1, v2, v1])
        }
    }

    @Test func aTenantWithoutCopilotLicencesHasNoDataAndNoError() async throws {
        try await withSource { fake, source in
            let header = Array(versionOne.prefix { $0 != UInt8(ascii: "\r") }) + [13, 10]
            await fake.setReport(summary, pages: [header])
            let report = try await source.report(summary, period: .d7) { _ in }
            #expect(report.rows.isEmpty)
            #expect(ReportSampleMapper.latestSamples(of: report, definition: summary, tenant: "t", period: .d7).isEmpty)
        }
    }

    @Test func anErrorOtherThanARefusedVersionIsNotRetriedWithAnotherVersion() async throws {
        try await withSource { fake, source in
            await fake.setReport(summary, pages: [versionOne])
            await fake.enqueue(.status(403), for: summary.function)
            await #expect(throws: GraphError.self) { _ = try await source.report(summary, period: .d7) { _ in } }
            #expect(await paths(fake).count == 1)
        }
    }
}

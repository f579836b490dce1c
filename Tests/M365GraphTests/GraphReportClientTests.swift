import Logging
import M365Graph
import M365Reports
import M365TestSupport
import Testing

@Suite struct GraphReportClientTests {
    let logger = Logger(label: "test")
    let groups = ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts")!
    let services = ReportCatalog.definition(named: "getOffice365ServicesUserCounts")!
    let body = ReportCSV(
        header: ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"],
        rows: [["2026-11-19", "481", "310", "2026-11-18", "7"]]).bytes

    @Test func followsTheRedirectWithoutTheTokenAndReturnsTheBodyByteForByte() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(groups.function, apiVersion: .beta, body: body)
            let log = AnswerLog()
            let fetched = try await context.client.fetchCSV(groups, period: .d30, logger: logger) {
                await log.record($0)
            }
            #expect(fetched == body)
            #expect(Array(fetched.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(await log.codes == [302, 200])

            let requests = await context.fake.requests
            let graph = try #require(requests.first { $0.host == .graph })
            #expect(graph.path == "/beta/reports/getOffice365GroupsActivityGroupCounts(period='D30')")
            #expect(graph.authorization?.hasPrefix("Bearer fake-token-") == true)
            let downloads = requests.filter { $0.host == .download }
            #expect(downloads.count == 1)
            #expect(downloads.allSatisfy { $0.authorization == nil })
        }
    }

    @Test func usesTheCatalogsAPIVersion() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(services.function, apiVersion: .v1, body: body)
            _ = try await context.client.fetchCSV(services, period: .d7, logger: logger) { _ in }
            let graph = await context.fake.requests.first { $0.host == .graph }
            #expect(graph?.path == "/v1.0/reports/getOffice365ServicesUserCounts(period='D7')")
        }
    }

    @Test func aRevokedTokenIsReplacedOnceAfter401() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(groups.function, apiVersion: .beta, body: body)
            _ = try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            await context.fake.revokeTokens()
            let log = AnswerLog()
            let fetched = try await context.client.fetchCSV(groups, period: .d7, logger: logger) {
                await log.record($0)
            }
            #expect(fetched == body)
            #expect(await log.codes == [401, 302, 200])
            #expect(await context.fake.requests.filter { $0.host == .login }.count == 2)
        }
    }

    @Test func honoursRetryAfterAndSendsNothingEarly() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(groups.function, apiVersion: .beta, body: body)
            await context.fake.enqueue(.throttle(retryAfter: 1), for: groups.function)
            let log = AnswerLog()
            let fetched = try await context.client.fetchCSV(groups, period: .d7, logger: logger) {
                await log.record($0)
            }
            #expect(fetched == body)
            #expect(await log.codes == [429, 302, 200])
            let graph = await context.fake.requests.filter { $0.host == .graph }
            #expect(graph.count == 2)
            #expect(graph[1].at - graph[0].at >= 1.0)
        }
    }

    @Test func aRetryAfterLongerThanThePolicyAllowsFailsAtOnce() async throws {
        try await GraphTestContext.with(retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .seconds(5))) { context in
            await context.fake.setReport(groups.function, apiVersion: .beta, body: body)
            await context.fake.enqueue(.throttle(retryAfter: 600), for: groups.function)
            let error = await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            #expect(String(describing: error).contains("Retry-After 600s"))
            #expect(await context.fake.requests.filter { $0.host == .graph }.count == 1)
        }
    }

    @Test func serverErrorsAreRetriedWithinTheAttemptBound() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(groups.function, apiVersion: .beta, body: body)
            for _ in 0..<5 { await context.fake.enqueue(.status(503), for: groups.function) }
            let error = await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            #expect(String(describing: error).contains("HTTP 503"))
            // maxAttempts 3: three requests, never more.
            #expect(await context.fake.requests.filter { $0.host == .graph }.count == 3)
        }
    }

    @Test func aFlakyAnswerIsRetriedAndSucceeds() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(groups.function, apiVersion: .beta, body: body)
            await context.fake.enqueue(.status(504), for: groups.function)
            let log = AnswerLog()
            let fetched = try await context.client.fetchCSV(groups, period: .d7, logger: logger) {
                await log.record($0)
            }
            #expect(fetched == body)
            #expect(await log.codes == [504, 302, 200])
        }
    }

    @Test func anExpiredDownloadURLIsFetchedAnewOnce() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(groups.function, apiVersion: .beta, body: body)
            await context.fake.enqueue(.expiredDownload, for: groups.function)
            let log = AnswerLog()
            let fetched = try await context.client.fetchCSV(groups, period: .d7, logger: logger) {
                await log.record($0)
            }
            #expect(fetched == body)
            #expect(await log.codes == [302, 403, 302, 200])
        }
    }

    @Test func aClientErrorIsNotRetriedAndCarriesGraphsMessage() async throws {
        try await GraphTestContext.with { context in
            // Not served by the fake: Graph answers 400 for an unknown function.
            let error = await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            #expect(String(describing: error).contains("HTTP 400"))
            #expect(String(describing: error).contains("BadRequest"))
            #expect(await context.fake.requests.filter { $0.host == .graph }.count == 1)
        }
    }

    @Test func aHungUpstreamEndsAtTheRequestTimeout() async throws {
        try await GraphTestContext.with(
            retry: RetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(10), maxDelay: .seconds(1)),
            requestTimeout: .seconds(1)
        ) { context in
            await context.fake.setReport(groups.function, apiVersion: .beta, body: body)
            await context.fake.enqueue(.hang, for: groups.function)
            let started = ContinuousClock.now
            await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }
}

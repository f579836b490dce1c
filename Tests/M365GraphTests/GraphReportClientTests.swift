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
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            let log = AnswerLog()
            let fetched = try await context.client.fetchCSV(groups, period: .d30, logger: logger) {
                await log.record($0)
            }
            #expect(fetched == body)
            #expect(Array(fetched.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(await log.codes == [302, 200])

            let requests = await context.fake.requests
            let graph = try #require(requests.first { $0.host == .graph })
            #expect(graph.path == "/v1.0/reports/getOffice365GroupsActivityGroupCounts(period='D30')")
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
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
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
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
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
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
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
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            await context.fake.enqueue(.status(503), for: groups.function, times: 5)
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
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
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
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
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
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            await context.fake.enqueue(.status(403), for: groups.function)
            let error = await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            #expect(String(describing: error).contains("HTTP 403"))
            #expect(String(describing: error).contains("ServiceUnavailable"))
            #expect(await context.fake.requests.filter { $0.host == .graph }.count == 1)
        }
    }

    @Test func aFunctionGraphDoesNotHaveIsUnsupportedAndNotRetried() async throws {
        try await GraphTestContext.with { context in
            // Not served by the fake: Graph answers 400 "Resource not found for the segment".
            let error = await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            guard case .unsupported(let cloud, let message)? = error else {
                Issue.record("\(String(describing: error)) is not .unsupported")
                return
            }
            #expect(cloud == "global")
            #expect(message?.contains("Resource not found for the segment") == true)
            #expect(await context.fake.requests.filter { $0.host == .graph }.count == 1)
        }
    }

    @Test func aHungUpstreamEndsAtTheRequestTimeout() async throws {
        try await GraphTestContext.with(
            retry: RetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(10), maxDelay: .seconds(1)),
            requestTimeout: .seconds(1)
        ) { context in
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            await context.fake.enqueue(.hang, for: groups.function)
            let started = ContinuousClock.now
            await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func retriesCarryTheFetchsRequestIDAndTheirAttemptAndAreCountedByReason() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            await context.fake.enqueue(.status(503), for: groups.function)
            await context.fake.enqueue(.throttle(retryAfter: 0), for: groups.function)
            let log = AnswerLog()
            _ = try await context.client.fetchCSV(groups, period: .d7, logger: logger) { await log.record($0) }
            #expect(await log.retries == [.serverError, .throttled])
            let graph = await context.fake.requests.filter { $0.host == .graph }
            #expect(graph.count == 3)
            #expect(Set(graph.map(\.clientRequestID)).count == 1)
            #expect(graph.map(\.retryAttempt) == [nil, 1, 2])
            // The next fetch is another request id.
            _ = try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            let next = await context.fake.requests.filter { $0.host == .graph }.last
            #expect(next?.clientRequestID != graph[0].clientRequestID)
            #expect(next?.retryAttempt == nil)
        }
    }

    @Test func aRetryAfterHoldsTheReportForTheNextFetchToo() async throws {
        try await GraphTestContext.with(retry: RetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(10), maxDelay: .seconds(5))) { context in
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            await context.fake.setReport(services.function, apiVersion: .v1, body: body)
            await context.fake.enqueue(.throttle(retryAfter: 2), for: groups.function)
            // One attempt only: this fetch gives up on the 429…
            await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            let throttledAt = try #require(await context.fake.requests.last { $0.host == .graph }?.at)
            // …another report is not held…
            _ = try await context.client.fetchCSV(services, period: .d7, logger: logger) { _ in }
            // …and the next fetch of this one waits out the rest of the 2 s before asking.
            let log = AnswerLog()
            _ = try await context.client.fetchCSV(groups, period: .d30, logger: logger) { await log.record($0) }
            let next = try #require(await context.fake.requests.last { $0.host == .graph && $0.path.contains(groups.function) })
            #expect(next.at - throttledAt >= 2.0)
            #expect(await log.throttled > .zero)
        }
    }

    @Test func aHeldReportLongerThanARefreshWaitsFailsWithoutARequest() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            await context.fake.enqueue(.throttle(retryAfter: 3600), for: groups.function)
            await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            let error = await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            #expect(String(describing: error).contains("Retry-After"))
            #expect(await context.fake.requests.filter { $0.host == .graph }.count == 1)
        }
    }

    @Test func anUnchangedReportIsNotDownloadedAgain() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setConditionalRequests(true)
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            let first = try await context.client.fetch(groups, period: .d7, etag: nil, logger: logger) { _ in }
            guard case .body(let fetched, let etag?) = first else {
                Issue.record("no body with an entity tag: \(first)")
                return
            }
            #expect(fetched == body)
            let log = AnswerLog()
            let second = try await context.client.fetch(groups, period: .d7, etag: etag, logger: logger) { await log.record($0) }
            #expect(second == .notModified)
            #expect(await log.codes == [304])
            #expect(await context.fake.requests.last { $0.host == .graph }?.ifNoneMatch == etag)
            #expect(await context.fake.requests.filter { $0.host == .download }.count == 1)
            // A changed report comes whole, with its new tag.
            let changed = body + Array("2026-11-20,482,311,2026-11-19,7\r\n".utf8)
            await context.fake.setReport(groups.function, apiVersion: .v1, body: changed)
            let third = try await context.client.fetch(groups, period: .d7, etag: etag, logger: logger) { _ in }
            guard case .body(let again, let newTag?) = third else {
                Issue.record("no body with an entity tag: \(third)")
                return
            }
            #expect(again == changed)
            #expect(newTag != etag)
        }
    }

    @Test func aBodyOverTheLimitFailsAtOnceWithoutRetries() async throws {
        try await GraphTestContext.with(maxBodyBytes: 16) { context in
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            let error = await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { _ in }
            }
            #expect(String(describing: error).contains("larger than the limit of 16 bytes"))
            #expect(await context.fake.requests.filter { $0.host == .graph }.count == 1)
            #expect(await context.fake.requests.filter { $0.host == .download }.count == 1)
        }
    }

    // The time limit turns a lost deadline into a failure instead of a hung run.
    @Test(.timeLimit(.minutes(1)))
    func aBodyThatNeverEndsIsCutOffAtTheRequestTimeout() async throws {
        try await GraphTestContext.with(
            retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10), maxDelay: .seconds(1)),
            requestTimeout: .seconds(1)
        ) { context in
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            await context.fake.enqueue(.trickle, for: groups.function)
            await context.fake.enqueue(.trickle, for: groups.function)
            let started = ContinuousClock.now
            let log = AnswerLog()
            let error = await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { await log.record($0) }
            }
            #expect(String(describing: error).contains("no complete answer"))
            #expect(ContinuousClock.now - started < .seconds(6))
            #expect(await log.retries == [.timeout])
        }
    }

    @Test func aTokenRefusedTwiceEndsTheFetchAfterOneRenewal() async throws {
        try await GraphTestContext.with { context in
            await context.fake.setReport(groups.function, apiVersion: .v1, body: body)
            // Every token is dead on arrival.
            await context.fake.setTokenLifetime(seconds: 600)
            await context.fake.setTokenClockSkew(seconds: 600)
            let log = AnswerLog()
            let error = await #expect(throws: GraphError.self) {
                try await context.client.fetchCSV(groups, period: .d7, logger: logger) { await log.record($0) }
            }
            #expect(String(describing: error).contains("HTTP 401"))
            #expect(await log.codes == [401, 401])
            #expect(await log.retries == [.unauthorized])
            #expect(await context.fake.requests.filter { $0.host == .login }.count == 2)
        }
    }
}

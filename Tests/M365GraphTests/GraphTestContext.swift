import AsyncHTTPClient
import M365Graph
import M365Reports
import M365TestSupport

/// A started fake Graph, an app registered with it, and a client for it.
struct GraphTestContext {
    static let app = FakeApp(tenantID: "11111111-2222-3333-4444-555555555555", clientID: "client-1", clientSecret: "s3cr3t~value")

    let fake: FakeGraph
    let http: HTTPClient
    let tokens: TokenProvider
    let client: GraphReportClient
    /// What the token provider logged.
    let logs: LogCapture

    /// Runs `body` with a fresh fake and client, and stops both afterwards.
    static func with(
        secret: String = app.clientSecret,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .seconds(5)),
        requestTimeout: Duration = .seconds(10),
        limit: Int = 8,
        maxBodyBytes: Int = 64 << 20,
        tokenFailureHold: Duration = .zero,
        _ body: (GraphTestContext) async throws -> Void
    ) async throws {
        let fake = try await FakeGraph.start()
        await fake.register(app)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let logs = LogCapture()
        let tokens = TokenProvider(
            http: http,
            credentials: TenantCredentials(
                tenantID: app.tenantID, clientID: app.clientID, credential: .secret(Secret(secret)),
                authorityHost: fake.authorityURL),
            graphURL: fake.graphURL,
            retry: retry,
            failureHold: tokenFailureHold,
            logger: logs.logger())
        let client = GraphReportClient(
            http: http, graphURL: fake.graphURL, tokens: tokens, limiter: RequestLimiter(limit: limit),
            retry: retry, requestTimeout: requestTimeout, maxBodyBytes: maxBodyBytes)
        let context = GraphTestContext(fake: fake, http: http, tokens: tokens, client: client, logs: logs)
        do {
            try await body(context)
        } catch {
            try? await http.shutdown()
            await fake.stop()
            throw error
        }
        try await http.shutdown()
        await fake.stop()
    }
}

/// Keeps the events a client reports.
actor AnswerLog {
    var events: [GraphEvent] = []
    func record(_ event: GraphEvent) { events.append(event) }

    /// The status codes of the answers, in order.
    var codes: [Int] {
        events.compactMap { if case .answer(let code) = $0 { code } else { nil } }
    }

    /// The reasons of the retries, in order.
    var retries: [RetryReason] {
        events.compactMap { if case .retry(let reason) = $0 { reason } else { nil } }
    }

    /// Time spent waiting on Retry-After.
    var throttled: Duration {
        events.reduce(.zero) { total, event in if case .throttled(let wait) = event { total + wait } else { total } }
    }
}

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

    /// Runs `body` with a fresh fake and client, and stops both afterwards.
    static func with(
        secret: String = app.clientSecret,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .seconds(5)),
        requestTimeout: Duration = .seconds(10),
        limit: Int = 8,
        _ body: (GraphTestContext) async throws -> Void
    ) async throws {
        let fake = try await FakeGraph.start()
        await fake.register(app)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let tokens = TokenProvider(
            http: http,
            credentials: TenantCredentials(
                tenantID: app.tenantID, clientID: app.clientID, credential: .secret(Secret(secret)),
                authorityHost: fake.authorityURL),
            graphURL: fake.graphURL)
        let client = GraphReportClient(
            http: http, graphURL: fake.graphURL, tokens: tokens, limiter: RequestLimiter(limit: limit),
            retry: retry, requestTimeout: requestTimeout)
        let context = GraphTestContext(fake: fake, http: http, tokens: tokens, client: client)
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

/// Counts the status codes a client reports.
actor AnswerLog {
    var codes: [Int] = []
    func record(_ code: Int) { codes.append(code) }
}

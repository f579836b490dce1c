import AsyncHTTPClient
import FoundationEssentials
import Logging
import M365Reports
import NIOCore
import NIOHTTP1

/// Reads JSON resources of one tenant from Microsoft Graph (`subscribedSkus`,
/// service health, the app's own application object) for the collectors,
/// following `@odata.nextLink` pages.
///
/// It shares the report client's token provider, request limiter, retry
/// policy and throttle gate, so a collector's requests count against the
/// same `--graph.max-concurrency` and honour the same `Retry-After`; unlike
/// a report, Graph answers these with the JSON itself (`200`), no redirect.
/// A next link is followed only on the Graph host the client was given: the
/// bearer token never leaves it.
public struct GraphJSONClient: Sendable {
    private let http: OutboundHTTP
    private let graphURL: String
    private let tokens: TokenProvider
    private let limiter: RequestLimiter
    private let retry: RetryPolicy
    private let requestTimeout: Duration
    private let maxBodyBytes: Int
    private let gate: ThrottleGate
    /// Pages followed at most per collection: a next link that loops must
    /// not hold a refresh for ever.
    public static let maxPages = 100

    public init(
        http: OutboundHTTP,
        graphURL: String,
        tokens: TokenProvider,
        limiter: RequestLimiter,
        retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(60),
        maxBodyBytes: Int = GraphReportClient.defaultMaxBodyBytes,
        gate: ThrottleGate = ThrottleGate()
    ) {
        self.http = http
        var base = graphURL
        while base.hasSuffix("/") { base.removeLast() }
        self.graphURL = base
        self.tokens = tokens
        self.limiter = limiter
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.maxBodyBytes = maxBodyBytes
        self.gate = gate
    }

    /// The URL of a path below the Graph base (`/v1.0/subscribedSkus`).
    public func url(_ path: String) -> String { graphURL + path }

    /// Every page of a collection, in order, starting at `path`; `resource`
    /// names it in the throttle gate and in errors. `maxPageSize` asks for
    /// larger pages (`Prefer: odata.maxpagesize`) where the resource
    /// documents it, so that fewer requests fetch the whole collection.
    public func pages(
        _ path: String, resource: String, maxPageSize: Int? = nil, logger: Logger,
        record: GraphReportClient.EventRecorder
    ) async throws(GraphError) -> [[UInt8]] {
        var pages: [[UInt8]] = []
        var next: String? = url(path)
        var seen: Set<String> = []
        while let link = next {
            guard pages.count < Self.maxPages, seen.insert(link).inserted else {
                throw .transport("\(resource): more than \(Self.maxPages) pages, or a next link that loops")
            }
            guard link.hasPrefix(graphURL + "/") else {
                // Never send the token to another host than Graph's.
                throw .transport("\(resource): @odata.nextLink leads away from \(graphURL)")
            }
            let page = try await get(link, resource: resource, maxPageSize: maxPageSize, logger: logger, record: record)
            pages.append(page)
            next = GraphCollection.nextLink(in: page)
        }
        return pages
    }

    /// One JSON resource (a single entity, not a collection).
    public func object(
        _ path: String, resource: String, logger: Logger, record: GraphReportClient.EventRecorder
    ) async throws(GraphError) -> [UInt8] {
        try await get(url(path), resource: resource, logger: logger, record: record)
    }

    /// One GET with the report client's policy: retries for 429 (waiting
    /// `Retry-After`), 5xx, timeouts and connection errors, a new token once
    /// after a 401; any other status ends it at once (a 403 names a missing
    /// permission, which another attempt would not grant).
    private func get(
        _ link: String, resource: String, maxPageSize: Int? = nil, logger: Logger, record: GraphReportClient.EventRecorder
    ) async throws(GraphError) -> [UInt8] {
        let requestID = UUID().uuidString.lowercased()
        var failures = 0
        var sent = 0
        var renewedToken = false
        while true {
            try await attempts.waitForGate(resource, record: record)
            let token = try await attempts.token()
            var request = HTTPClientRequest(url: link)
            request.headers.add(name: "Authorization", value: "Bearer \(token.value.exposedValue)")
            request.headers.add(name: "Accept", value: "application/json")
            request.headers.add(name: "client-request-id", value: requestID)
            if let maxPageSize { request.headers.add(name: "Prefer", value: "odata.maxpagesize=\(maxPageSize)") }
            if sent > 0 { request.headers.add(name: "Retry-Attempt", value: String(sent)) }
            sent += 1

            let answer: GraphAnswer
            switch await exchange(request, record: record) {
            case .failed(let reason, let failure):
                try await attempts.backOff(&failures, reason, failure, logger: logger, record: record)
                continue
            case .refused(let failure):
                throw failure
            case .answer(let received):
                answer = received
            }
            switch answer.status {
            case 200:
                return answer.body
            case 401:
                guard !renewedToken else { throw .status(401, message: GraphErrorBody.message(in: answer.body)) }
                renewedToken = true
                await tokens.invalidate(token)
                await record(.retry(.unauthorized))
            case 429:
                let message = GraphErrorBody.message(in: answer.body)
                guard let seconds = answer.retryAfterSeconds else {
                    try await attempts.backOff(&failures, .throttled, .status(429, message: message), logger: logger, record: record)
                    continue
                }
                let wait = Duration.seconds(min(seconds, retry.longestHold.seconds))
                await gate.close(resource, until: .now + wait)
                failures += 1
                guard failures < retry.maxAttempts, wait <= retry.maxDelay else {
                    throw .throttled(retryAfterSeconds: Int(seconds.rounded(.up)))
                }
                logger.info("throttled by Graph, waiting", metadata: ["retry_after_seconds": "\(seconds)"])
                await record(.retry(.throttled))
            case 500...599:
                try await attempts.backOff(
                    &failures, .serverError, .status(answer.status, message: GraphErrorBody.message(in: answer.body)),
                    logger: logger, record: record)
            default:
                throw .status(answer.status, message: GraphErrorBody.message(in: answer.body))
            }
        }
    }

    private var attempts: GraphAttempts { GraphAttempts(tokens: tokens, retry: retry, gate: gate) }

    /// One request and its whole body (see ``GraphExchange``).
    private func exchange(_ request: HTTPClientRequest, record: GraphReportClient.EventRecorder) async -> GraphExchange.Outcome {
        await GraphExchange(http: http, limiter: limiter, requestTimeout: requestTimeout, maxBodyBytes: maxBodyBytes)
            .run(request, record: record)
    }
}

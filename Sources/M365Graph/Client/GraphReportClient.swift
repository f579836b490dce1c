import AsyncHTTPClient
import FoundationEssentials
import Logging
import M365Reports
import NIOCore
import NIOHTTP1

/// Fetches usage reports of one tenant from Microsoft Graph.
///
/// Graph answers a report request with `302 Found` and a pre-authenticated
/// download URL on another host. The client follows that redirect itself
/// (the `HTTPClient` it is given must not follow redirects) so that the
/// bearer token is never sent to the download host, and so that an expired
/// download URL can be told apart from an error of Graph.
///
/// Every request follows one ``RetryPolicy``; the retries of one fetch carry
/// the same `client-request-id` and a `Retry-Attempt` header, as Microsoft's
/// own Graph SDKs send them. A ``ThrottleGate`` shared by every fetch of the
/// tenant keeps each report's `Retry-After` across refreshes.
public struct GraphReportClient: Sendable {
    private let http: OutboundHTTP
    private let graphURL: String
    private let tokens: TokenProvider
    private let limiter: RequestLimiter
    private let retry: RetryPolicy
    private let requestTimeout: Duration
    private let maxBodyBytes: Int
    private let gate: ThrottleGate
    private let cloud: GraphCloud

    /// Told of every answer, retry and throttled wait, as they happen, for
    /// the health metrics.
    public typealias EventRecorder = @Sendable (GraphEvent) async -> Void

    /// The default limit of one answer's body: the largest real report
    /// answers are a few megabytes.
    public static let defaultMaxBodyBytes = 16 << 20

    /// - Parameters:
    ///   - http: the clients of Graph and download requests, each picked
    ///     per URL (proxy or direct).
    ///   - maxBodyBytes: answers with a larger body are refused while they
    ///     stream in, so that memory stays bounded by about this much.
    public init(
        http: OutboundHTTP,
        graphURL: String,
        tokens: TokenProvider,
        limiter: RequestLimiter,
        retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(60),
        maxBodyBytes: Int = GraphReportClient.defaultMaxBodyBytes,
        gate: ThrottleGate = ThrottleGate(),
        cloud: GraphCloud = .global
    ) {
        self.cloud = cloud
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

    /// A client whose requests all go through `http` as it is.
    public init(
        http: HTTPClient,
        graphURL: String,
        tokens: TokenProvider,
        limiter: RequestLimiter,
        retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(60),
        maxBodyBytes: Int = GraphReportClient.defaultMaxBodyBytes,
        gate: ThrottleGate = ThrottleGate(),
        cloud: GraphCloud = .global
    ) {
        self.init(
            http: OutboundHTTP(client: http), graphURL: graphURL, tokens: tokens, limiter: limiter, retry: retry,
            requestTimeout: requestTimeout, maxBodyBytes: maxBodyBytes, gate: gate, cloud: cloud)
    }

    /// The request URL of a report for a period (and a `version` argument),
    /// as the catalog entry's request describes it, with the API version
    /// that serves it in this client's cloud; `nil` where the cloud does not
    /// serve it.
    public func url(of report: ReportDefinition, period: ReportPeriod, version: String? = nil) -> String? {
        guard let apiVersion = report.apiVersion(in: cloud) else { return nil }
        return graphURL + "/" + apiVersion.rawValue
            + report.request.path(function: report.function, period: period, version: version)
    }

    /// Fetches the body of a report.
    public func fetchCSV(
        _ report: ReportDefinition, period: ReportPeriod, version: String? = nil, logger: Logger, record: EventRecorder
    ) async throws(GraphError) -> [UInt8] {
        switch try await fetch(report, period: period, version: version, etag: nil, logger: logger, record: record) {
        case .body(let body, _): body
        // Without an entity tag sent, a 304 is not a valid answer.
        case .notModified: throw .status(304, message: nil)
        }
    }

    /// Fetches a report, conditionally when `etag` is given: Graph may then
    /// answer `304 Not Modified`.
    ///
    /// Requests per call, at most: `maxAttempts` to Graph for retryable
    /// failures (429, 5xx, timeouts, connection errors), one more after a 401
    /// (with a new token) and one more after an expired download URL; a
    /// download for each redirect. Other 4xx answers end the fetch at once.
    ///
    /// A JSON answer's `@odata.nextLink` pages are fetched in turn (each as
    /// above) and handed back as one JSON array of the pages. A next link
    /// must lead to the same Graph host: the token goes nowhere else.
    public func fetch(
        _ report: ReportDefinition, period: ReportPeriod, version: String? = nil, etag: String?, logger: Logger,
        record: EventRecorder
    ) async throws(GraphError) -> ReportDownload {
        guard let reportURL = url(of: report, period: period, version: version) else {
            throw .unsupported(cloud: cloud.rawValue, message: nil)
        }
        let first = try await fetch(reportURL, function: report.function, etag: etag, logger: logger, record: record)
        guard case .json = report.request.answer, case .body(let body, let etag) = first else { return first }
        var pages = [body]
        var next = ReportPages.nextLink(in: body)
        while let link = next {
            guard link.hasPrefix(graphURL + "/") else { throw .badNextLink }
            guard pages.count < Self.maxPages else { throw .tooManyPages(limit: Self.maxPages) }
            switch try await fetch(link, function: report.function, etag: nil, logger: logger, record: record) {
            case .body(let page, _):
                pages.append(page)
                next = ReportPages.nextLink(in: page)
            case .notModified:
                throw .status(304, message: nil)
            }
        }
        return .body(pages.count == 1 ? body : ReportPages.join(pages), etag: etag)
    }

    /// The most pages of one JSON answer followed: count reports fit in one
    /// or two, so more means a link that leads back to itself.
    static let maxPages = 50

    private func fetch(
        _ reportURL: String, function: String, etag: String?, logger: Logger, record: EventRecorder
    ) async throws(GraphError) -> ReportDownload {
        let requestID = UUID().uuidString.lowercased()
        var failures = 0
        var sent = 0
        var renewedToken = false
        var refetchedExpiredURL = false
        while true {
            try await attempts.waitForGate(function, record: record)
            let token = try await attempts.token()

            var request = HTTPClientRequest(url: reportURL)
            request.headers.add(name: "Authorization", value: "Bearer \(token.value.exposedValue)")
            request.headers.add(name: "Accept", value: "text/csv, application/json;q=0.5")
            request.headers.add(name: "client-request-id", value: requestID)
            if sent > 0 { request.headers.add(name: "Retry-Attempt", value: String(sent)) }
            if let etag { request.headers.add(name: "If-None-Match", value: etag) }
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
                return .body(answer.body, etag: answer.etag)
            case 304 where etag != nil:
                return .notModified
            case 301, 302, 303, 307, 308:
                guard let location = answer.location, location.hasPrefix("http") else { throw .badRedirect }
                // No Authorization header: the URL carries its own signature.
                switch await exchange(HTTPClientRequest(url: location), record: record) {
                case .failed(let reason, let failure):
                    try await attempts.backOff(&failures, reason, failure, logger: logger, record: record)
                case .refused(let failure):
                    throw failure
                case .answer(let download):
                    switch download.status {
                    case 200:
                        return .body(download.body, etag: download.etag ?? answer.etag)
                    case 403, 404, 410:
                        // The pre-authenticated URL expired: ask Graph for a fresh one, once.
                        guard !refetchedExpiredURL else { throw .download(status: download.status) }
                        refetchedExpiredURL = true
                        await record(.retry(.expiredDownload))
                        logger.debug("download URL refused, asking Graph again", metadata: ["status": "\(download.status)"])
                    case 500...599:
                        try await attempts.backOff(
                            &failures, .serverError, .download(status: download.status), logger: logger, record: record)
                    default:
                        throw .download(status: download.status)
                    }
                }
            case 401:
                // The token expired early (clock skew) or was revoked: fetch a new one, once.
                guard !renewedToken else { throw .status(401, message: answer.graphMessage) }
                renewedToken = true
                await tokens.invalidate(token)
                await record(.retry(.unauthorized))
            case 429:
                guard let seconds = answer.retryAfterSeconds else {
                    try await attempts.backOff(
                        &failures, .throttled, .status(429, message: answer.graphMessage), logger: logger, record: record)
                    continue
                }
                // Held for later refreshes too, even when this one gives up.
                let wait = Duration.seconds(min(seconds, retry.longestHold.seconds))
                await gate.close(function, until: .now + wait)
                failures += 1
                guard failures < retry.maxAttempts, wait <= retry.maxDelay else {
                    throw .throttled(retryAfterSeconds: Int(seconds.rounded(.up)))
                }
                logger.info("throttled by Graph, waiting", metadata: ["retry_after_seconds": "\(seconds)"])
                await record(.retry(.throttled))
            case 500...599:
                try await attempts.backOff(
                    &failures, .serverError, .status(answer.status, message: answer.graphMessage),
                    logger: logger, record: record)
            case 400 where answer.isUnknownSegment, 404 where answer.isUnknownSegment:
                // The function does not exist in this cloud (or API version).
                throw .unsupported(cloud: cloud.rawValue, message: answer.graphMessage)
            default:
                throw .status(answer.status, message: answer.graphMessage ?? answer.proxyNote)
            }
        }
    }

    private var attempts: GraphAttempts { GraphAttempts(tokens: tokens, retry: retry, gate: gate) }

    /// One request and its whole body (see ``GraphExchange``).
    private func exchange(_ request: HTTPClientRequest, record: EventRecorder) async -> GraphExchange.Outcome {
        await GraphExchange(http: http, limiter: limiter, requestTimeout: requestTimeout, maxBodyBytes: maxBodyBytes)
            .run(request, record: record)
    }
}

import AsyncHTTPClient
import Foundation
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
public struct GraphReportClient: Sendable {
    private let http: HTTPClient
    private let graphURL: String
    private let tokens: TokenProvider
    private let limiter: RequestLimiter
    private let retry: RetryPolicy
    private let requestTimeout: Duration
    private let maxBodyBytes: Int

    /// Called with the status code of every answer from Graph or its
    /// download host, for `m365_graph_requests_total`.
    public typealias AnswerRecorder = @Sendable (Int) async -> Void

    public init(
        http: HTTPClient,
        graphURL: String,
        tokens: TokenProvider,
        limiter: RequestLimiter,
        retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(60),
        maxBodyBytes: Int = 64 << 20
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
    }

    /// The request URL of a report for a period.
    public func url(of report: ReportDefinition, period: ReportPeriod) -> String {
        "\(graphURL)/\(report.apiVersion.rawValue)/reports/\(report.function)(period='\(period.rawValue)')"
    }

    /// Fetches the CSV body of a report.
    public func fetchCSV(
        _ report: ReportDefinition, period: ReportPeriod, logger: Logger, record: AnswerRecorder
    ) async throws(GraphError) -> [UInt8] {
        let reportURL = url(of: report, period: period)
        var attempt = 0
        var refreshedToken = false
        var refetchedExpiredURL = false
        while true {
            attempt += 1
            let token: AccessToken
            do {
                token = try await tokens.token()
            } catch let error as TokenError {
                throw .token(error)
            } catch {
                throw .transport(String(describing: error))
            }

            var request = HTTPClientRequest(url: reportURL)
            request.headers.add(name: "Authorization", value: "Bearer \(token.value.exposedValue)")
            request.headers.add(name: "Accept", value: "text/csv, application/json;q=0.5")
            guard let answer = try await sendOrPause(request, attempt: attempt, record: record, logger: logger) else {
                continue
            }

            switch answer.status {
            case 200:
                return answer.body
            case 301, 302, 303, 307, 308:
                guard let location = answer.location, location.hasPrefix("http") else { throw .badRedirect }
                // No Authorization header: the URL carries its own signature.
                guard let download = try await sendOrPause(
                    HTTPClientRequest(url: location), attempt: attempt, record: record, logger: logger)
                else { continue }
                switch download.status {
                case 200:
                    return download.body
                case 403, 404, 410:
                    // The pre-authenticated URL expired: ask Graph for a fresh one, once.
                    guard !refetchedExpiredURL else { throw .download(status: download.status) }
                    refetchedExpiredURL = true
                    attempt -= 1
                    logger.debug("download URL refused, asking Graph again", metadata: ["status": "\(download.status)"])
                    continue
                case 500...599:
                    try await pause(after: attempt, .download(status: download.status), logger: logger)
                default:
                    throw .download(status: download.status)
                }
            case 401 where !refreshedToken:
                // The token may have been revoked or expired early: fetch a new one, once.
                refreshedToken = true
                attempt -= 1
                await tokens.invalidate(token)
            case 429:
                let seconds = answer.retryAfterSeconds
                guard let seconds else {
                    try await pause(after: attempt, .status(429, message: answer.graphMessage), logger: logger)
                    continue
                }
                guard attempt < retry.maxAttempts, Duration.seconds(seconds) <= retry.maxDelay else {
                    throw .throttled(retryAfterSeconds: seconds)
                }
                logger.info("throttled by Graph, waiting", metadata: ["retry_after_seconds": "\(seconds)"])
                try await sleep(.seconds(seconds))
            case 500...599:
                try await pause(after: attempt, .status(answer.status, message: answer.graphMessage), logger: logger)
            default:
                throw .status(answer.status, message: answer.graphMessage)
            }
        }
    }

    /// Sends a request. A timeout or connection failure waits for the next
    /// attempt (`nil`) or, when the attempts are spent, ends the fetch.
    private func sendOrPause(
        _ request: HTTPClientRequest, attempt: Int, record: AnswerRecorder, logger: Logger
    ) async throws(GraphError) -> Answer? {
        do {
            return try await send(request, record: record)
        } catch let error as GraphError {
            throw error
        } catch {
            try await pause(after: attempt, .transport(String(describing: error)), logger: logger)
            return nil
        }
    }

    /// Waits before the next attempt, or gives up with `failure` when the
    /// attempts are spent.
    private func pause(after attempt: Int, _ failure: GraphError, logger: Logger) async throws(GraphError) {
        guard attempt < retry.maxAttempts else { throw failure }
        let delay = retry.backoff(afterAttempt: attempt)
        logger.debug("retrying after failure", metadata: ["reason": "\(failure)", "delay": "\(delay)"])
        try await sleep(delay)
    }

    private func sleep(_ duration: Duration) async throws(GraphError) {
        do {
            try await Task.sleep(for: duration)
        } catch {
            throw .transport("cancelled")
        }
    }

    /// One request and its whole body, holding a place of the limiter.
    private func send(_ request: HTTPClientRequest, record: AnswerRecorder) async throws -> Answer {
        let http = self.http
        let timeout = self.requestTimeout
        let limit = self.maxBodyBytes
        let answer = try await limiter.withPlace { () async throws -> Answer in
            let response = try await http.execute(request, timeout: .init(timeout))
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: limit)
            } catch is NIOTooManyBytesError {
                throw GraphError.bodyTooLarge(limit: limit)
            }
            return Answer(
                status: Int(response.status.code),
                headers: response.headers,
                body: Array(body.readableBytesView))
        }
        await record(answer.status)
        return answer
    }

    private struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        var location: String? { headers.first(name: "Location") }

        /// `Retry-After` in seconds, given as a number or an HTTP date.
        var retryAfterSeconds: Int? {
            guard let value = headers.first(name: "Retry-After")?.trimmingCharacters(in: .whitespaces) else { return nil }
            if let seconds = Int(value) { return max(0, seconds) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            guard let date = formatter.date(from: value) else { return nil }
            return max(0, Int(date.timeIntervalSinceNow.rounded(.up)))
        }

        /// The `error.message` of a Graph JSON error body, clipped.
        var graphMessage: String? {
            struct GraphErrorBody: Decodable {
                struct Inner: Decodable { var code: String?; var message: String? }
                var error: Inner?
            }
            guard let decoded = try? JSONDecoder().decode(GraphErrorBody.self, from: Data(body)),
                  let inner = decoded.error else { return nil }
            let text = [inner.code, inner.message].compactMap { $0 }.joined(separator: ": ")
            return text.count > 200 ? String(text.prefix(200)) + "…" : text
        }
    }
}

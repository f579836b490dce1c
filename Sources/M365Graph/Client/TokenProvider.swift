import AsyncHTTPClient
import FoundationEssentials
import Logging
import NIOCore
import NIOHTTP1

/// Gets and caches the app-only token of one tenant (OAuth 2.0 client
/// credentials). The token is reused until shortly before it expires;
/// concurrent callers share one request; a token Graph refused is dropped.
///
/// Failures are of two kinds (see ``TokenFailureKind``):
///
/// - A refusal (wrong or expired secret, unknown app or tenant, untrusted
///   certificate, bad federated token) would be refused again: it is logged
///   once at `error` with Entra ID's AADSTS code and what to do, and its
///   error is handed to every caller for `failureHold` without asking again,
///   so that the log gets one line and Entra ID no burst of refused sign-ins.
/// - A transient failure (no answer, DNS, a timeout, 429, 5xx) is retried
///   within the request (``RetryPolicy``), and after that held only for a
///   back-off that starts at seconds, doubles with every failed round and
///   stops growing at ``transientHoldCap``: a blip at token time costs
///   seconds, not a refresh interval.
public actor TokenProvider {
    private let http: OutboundHTTP
    private let credentials: TenantCredentials
    private let scope: String
    private let requestTimeout: Duration
    private let retry: RetryPolicy
    private let failureHold: Duration
    private let onRequest: @Sendable (TokenRequestResult) -> Void
    private let logger: Logger
    private var cached: AccessToken?
    private var pending: Task<AccessToken, any Error>?
    private var failure: (error: TokenError, until: ContinuousClock.Instant)?
    /// Failed rounds of transient failures in a row.
    private var transientStreak = 0
    /// The refusal last logged at `error`, so that a refusal that stands is logged once.
    private var loggedRefusal: String?

    /// The first hold after a transient failure; it doubles with each failed round.
    public static let transientHoldBase: Duration = .seconds(2)
    /// The longest hold after transient failures.
    public static let transientHoldCap: Duration = .seconds(120)

    /// - Parameters:
    ///   - graphURL: the Graph base URL; the scope is `{graphURL}/.default`.
    ///   - requestTimeout: the limit of one token exchange, its answer's body included.
    ///   - failureHold: how long a refusal stands for every caller before the
    ///     next request is tried; zero asks again on the next call (the
    ///     exporter uses 90 % of the refresh interval: at most one refused
    ///     request per refresh).
    ///   - onRequest: told the outcome of every token request sent (the
    ///     `m365_token_requests_total` counter).
    public init(
        http: OutboundHTTP, credentials: TenantCredentials, graphURL: String, requestTimeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy(), failureHold: Duration = .zero,
        onRequest: @escaping @Sendable (TokenRequestResult) -> Void = { _ in },
        logger: Logger = Logger(label: "m365-exporter")
    ) {
        self.http = http
        self.credentials = credentials
        var base = graphURL
        while base.hasSuffix("/") { base.removeLast() }
        scope = "\(base)/.default"
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.failureHold = failureHold
        self.onRequest = onRequest
        self.logger = logger
    }

    /// A provider whose requests all go through `http` as it is.
    public init(
        http: HTTPClient, credentials: TenantCredentials, graphURL: String, requestTimeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy(), failureHold: Duration = .zero,
        logger: Logger = Logger(label: "m365-exporter")
    ) {
        self.init(
            http: OutboundHTTP(client: http), credentials: credentials, graphURL: graphURL,
            requestTimeout: requestTimeout, retry: retry, failureHold: failureHold, logger: logger)
    }

    /// A token valid for a while yet.
    ///
    /// A caller that is cancelled (shutdown) stops waiting at once, and
    /// cancels the request it shares with the other callers: it would only
    /// be sent again.
    public func token() async throws -> AccessToken {
        if let cached, ContinuousClock.now < cached.renewAt { return cached }
        if let failure, ContinuousClock.now < failure.until { throw failure.error }
        if let pending {
            return try await withTaskCancellationHandler { try await pending.value } onCancel: { pending.cancel() }
        }
        let task = Task { try await self.requestWithRetries() }
        pending = task
        defer { pending = nil }
        do {
            let token = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            cached = token
            if transientStreak > 0 || loggedRefusal != nil {
                logger.info("token request succeeded again")
            }
            failure = nil
            transientStreak = 0
            loggedRefusal = nil
            return token
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            let tokenError = error as? TokenError ?? .transport(String(describing: error))
            held(tokenError)
            throw tokenError
        }
    }

    /// Holds a failure for every caller, as long as its kind calls for, and logs it.
    private func held(_ error: TokenError) {
        switch error.kind {
        case .refused:
            failure = (error, ContinuousClock.now + failureHold)
            transientStreak = 0
            let text = error.description
            if loggedRefusal != text {
                loggedRefusal = text
                var metadata: Logger.Metadata = ["err": "\(text)", "action": "\(error.remedy)"]
                if let code = error.aadstsCode { metadata["aadsts"] = "\(code)" }
                logger.error("token request refused; the tenant's reports are down until its credentials are fixed", metadata: metadata)
            } else {
                logger.debug("token request refused again", metadata: ["err": "\(text)"])
            }
        case .transient:
            transientStreak += 1
            let hold = Self.transientHold(afterRounds: transientStreak)
            failure = (error, ContinuousClock.now + hold)
            let metadata: Logger.Metadata = ["err": "\(error)", "retry_in": "\(hold.seconds)"]
            if transientStreak == 1 {
                logger.warning("token request failed; trying again soon", metadata: metadata)
            } else {
                logger.debug("token request failed again", metadata: metadata)
            }
        }
    }

    /// The hold after `rounds` failed rounds of transient failures in a
    /// row: between half and all of `base × 2^(rounds-1)`, at most the cap
    /// (the jitter keeps many tenants from asking in step).
    static func transientHold(afterRounds rounds: Int) -> Duration {
        let exponent = min(max(rounds - 1, 0), 16)
        let ceiling = min(transientHoldBase * (1 << exponent), transientHoldCap).seconds
        return .seconds(Double.random(in: (ceiling / 2)...ceiling))
    }

    /// Forgets a token that Graph refused (401), so the next call asks anew.
    public func invalidate(_ token: AccessToken) {
        if cached?.value == token.value { cached = nil }
    }

    /// Asks again after transient failures (no answer, 429, 5xx), as the
    /// retry policy allows; a refusal (wrong secret, unknown app) is final.
    private func requestWithRetries() async throws -> AccessToken {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let token = try await requestToken()
                onRequest(.success)
                return token
            } catch let error as TokenError {
                if Task.isCancelled { throw CancellationError() }
                onRequest(error.requestResult)
                guard error.kind == .transient, attempt < retry.maxAttempts else { throw error }
                logger.debug("token request failed, retrying", metadata: ["err": "\(error)"])
                try await Task.sleep(for: retry.backoff(afterAttempt: attempt))
            }
        }
    }

    /// One token request; every error it throws is a ``TokenError``.
    private func requestToken() async throws -> AccessToken {
        var fields = [
            ("client_id", credentials.clientID),
            ("scope", scope),
            ("grant_type", "client_credentials"),
        ]
        do {
            fields += try credentials.credential.tokenRequestFields(tokenURL: credentials.tokenURL, clientID: credentials.clientID)
        } catch {
            throw TokenError.credential(error)
        }
        var request = HTTPClientRequest(url: credentials.tokenURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(fields)))

        let (client, proxy) = http.client(for: credentials.tokenURL)
        let prepared = request
        let timeout = requestTimeout
        let requestedAt = ContinuousClock.now
        let status: Int
        let body: ByteBuffer
        do {
            // The whole exchange, the body included, within the timeout: a
            // token endpoint that sends its head and then nothing must not
            // hold the tenant's refreshes (nor a shutdown).
            (status, body) = try await Deadline.run(within: timeout, on: client.eventLoopGroup.any()) {
                let response = try await client.execute(prepared, timeout: .init(timeout))
                let body = try await response.body.collect(upTo: 1 << 20)
                return (Int(response.status.code), body)
            }
        } catch is Deadline.Exceeded {
            throw TokenError.transport(Self.through(proxy, "no complete answer within \(timeout)"))
        } catch {
            throw TokenError.transport(Self.through(proxy, String(describing: error)))
        }
        let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(body.readableBytesView))
        guard status == 200 else {
            var description = answer?.error_description.map(Self.firstLine)
            if let proxy, answer?.error == nil {
                // Not Entra ID's answer: most likely the proxy's own refusal.
                description = "answered through proxy \(proxy)"
            }
            throw TokenError.rejected(status: status, error: answer?.error, errorDescription: description)
        }
        guard let value = answer?.access_token, !value.isEmpty else {
            throw TokenError.malformedAnswer(status: status)
        }
        let lifetime = Double(answer?.expires_in?.value ?? 3600)
        // Renew five minutes early, or halfway through a short lifetime.
        let margin = min(300, lifetime / 2)
        return AccessToken(value: Secret(value), renewAt: requestedAt + .seconds(lifetime - margin))
    }

    /// A transport failure's reason, naming the proxy (host and port only) it went through.
    static func through(_ proxy: ProxyServer?, _ reason: String) -> String {
        guard let proxy else { return reason }
        return "through proxy \(proxy): \(reason)"
    }

    /// Entra ID's descriptions carry trace and correlation ids on later lines.
    private static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "")
    }

    private struct TokenAnswer: Decodable {
        var access_token: String?
        var expires_in: FlexibleInt?
        var error: String?
        var error_description: String?
    }
}

/// Entra ID has sent `expires_in` both as a number and as a string.
struct FlexibleInt: Decodable {
    let value: Int
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Int(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expires_in is not a number")
        }
    }
}

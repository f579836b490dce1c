import AsyncHTTPClient
import FoundationEssentials
import Logging
import NIOCore
import NIOHTTP1

/// Gets and caches the app-only token of one tenant (OAuth 2.0 client
/// credentials). The token is reused until shortly before it expires;
/// concurrent callers share one request; a token Graph refused is dropped.
///
/// A token request that fails (after the ``RetryPolicy``'s retries of
/// transient failures) is logged once, with Entra ID's AADSTS code and
/// description, and its error is handed to every caller for `failureHold`
/// without asking again: every report of the tenant fails with it, the log
/// gets one line per refresh rather than one per report, and Entra ID sees
/// no burst of refused sign-ins.
public actor TokenProvider {
    private let http: HTTPClient
    private let credentials: TenantCredentials
    private let scope: String
    private let requestTimeout: Duration
    private let retry: RetryPolicy
    private let failureHold: Duration
    private let logger: Logger
    private var cached: AccessToken?
    private var pending: Task<AccessToken, any Error>?
    private var failure: (error: TokenError, until: ContinuousClock.Instant)?

    /// - Parameters:
    ///   - graphURL: the Graph base URL; the scope is `{graphURL}/.default`.
    ///   - failureHold: how long a failed token request stands for every
    ///     caller before the next one is tried; zero asks again on the next
    ///     call (the exporter uses 90 % of the refresh interval: at most one
    ///     request per refresh).
    public init(
        http: HTTPClient, credentials: TenantCredentials, graphURL: String, requestTimeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy(), failureHold: Duration = .zero,
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
        self.logger = logger
    }

    /// A token valid for a while yet.
    public func token() async throws -> AccessToken {
        if let cached, ContinuousClock.now < cached.renewAt { return cached }
        if let failure, ContinuousClock.now < failure.until { throw failure.error }
        if let pending { return try await pending.value }
        let task = Task { try await self.requestWithRetries() }
        pending = task
        defer { pending = nil }
        do {
            let token = try await task.value
            cached = token
            failure = nil
            return token
        } catch {
            let tokenError = error as? TokenError ?? .transport(String(describing: error))
            failure = (tokenError, ContinuousClock.now + failureHold)
            logger.warning("token request failed; the tenant's reports are down until a token is had", metadata: [
                "err": "\(tokenError)",
            ])
            throw tokenError
        }
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
                return try await requestToken()
            } catch let error as TokenError where Self.isTransient(error) && attempt < retry.maxAttempts {
                logger.debug("token request failed, retrying", metadata: ["err": "\(error)"])
                try await Task.sleep(for: retry.backoff(afterAttempt: attempt))
            }
        }
    }

    private static func isTransient(_ error: TokenError) -> Bool {
        if case .transport = error { return true }
        if case .rejected(let status, _, _) = error { return status == 429 || status >= 500 }
        if case .malformedAnswer(let status) = error { return status == 429 || status >= 500 }
        return false
    }

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

        let requestedAt = ContinuousClock.now
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .init(requestTimeout))
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw TokenError.transport(String(describing: error))
        }
        let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(body.readableBytesView))
        guard response.status == .ok else {
            throw TokenError.rejected(
                status: Int(response.status.code), error: answer?.error,
                errorDescription: answer?.error_description.map(Self.firstLine))
        }
        guard let value = answer?.access_token, !value.isEmpty else {
            throw TokenError.malformedAnswer(status: Int(response.status.code))
        }
        let lifetime = Double(answer?.expires_in?.value ?? 3600)
        // Renew five minutes early, or halfway through a short lifetime.
        let margin = min(300, lifetime / 2)
        return AccessToken(value: Secret(value), renewAt: requestedAt + .seconds(lifetime - margin))
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

/// An answer the fake gives instead of its normal one, queued per report to
/// script throttling and failures.
public enum FakeFault: Sendable, Equatable {
    /// `429 Too Many Requests`, with `Retry-After` seconds when given.
    case throttle(retryAfter: Int?)
    /// `429 Too Many Requests` with `Retry-After` as an HTTP date at least
    /// this many seconds ahead (rounded up to the next whole second).
    case throttleUntilDate(secondsAhead: Int)
    /// An error status with a Graph JSON error body (503, 504, 500, 400…).
    case status(Int)
    /// A `200` with this body instead of the redirect (an HTML error page).
    case body([UInt8])
    /// The redirect points at a download URL that has already expired.
    case expiredDownload
    /// Never answers (until the client gives up).
    case hang
    /// Answers `200` and sends the body one byte at a time, slowly, never
    /// ending it: an upstream that is alive but never done.
    case trickle
    /// Answers with the normal redirect, then forgets every token issued: the
    /// token expires between this report's `302` and the next request.
    case revokeTokensAfterRedirect
    /// The redirect's download streams this many bytes of CSV-looking rows,
    /// without a `Content-Length`, as fast as the client reads them.
    case hugeDownload(bytes: Int)
    /// The redirect's download sends its head and then nothing.
    case hangingDownload
}

/// A queued fault the fake answered with.
public struct ServedFault: Sendable {
    public let function: String
    public let fault: FakeFault
    /// When it was answered, on the clock of `FakeRequest.at`.
    public let at: Double
    /// The `client-request-id` of the request it answered.
    public let clientRequestID: String?
}

/// One request the fake received.
public struct FakeRequest: Sendable {
    public enum Host: Sendable, Equatable {
        case login, graph, download
    }

    public let host: Host
    public let method: String
    public let path: String
    /// The `Authorization` header, as sent.
    public let authorization: String?
    /// The form fields of a token request.
    public let form: [String: String]
    /// Seconds on the continuous clock since the fake started.
    public let at: Double
    /// The `client-request-id` header: one per fetch, the same on its retries.
    public var clientRequestID: String? = nil
    /// The `Retry-Attempt` header of a retried request.
    public var retryAttempt: Int? = nil
    /// The `If-None-Match` header of a conditional request.
    public var ifNoneMatch: String? = nil
    /// The `Prefer` header (`odata.maxpagesize=…`).
    public var prefer: String? = nil
    /// The query string, without `?` (`$format=application/json`).
    public var query: String? = nil
}

/// An app registration the fake's token endpoint accepts: its secret, the
/// certificates uploaded to it (DER), and a federated credential.
public struct FakeApp: Sendable {
    public let tenantID: String
    public let clientID: String
    public let clientSecret: String
    public let certificates: [[UInt8]]
    public let federation: FakeFederation?

    public init(
        tenantID: String, clientID: String, clientSecret: String,
        certificates: [[UInt8]] = [], federation: FakeFederation? = nil
    ) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.certificates = certificates
        self.federation = federation
    }
}

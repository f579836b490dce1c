/// An answer the fake gives instead of its normal one, queued per report to
/// script throttling and failures.
public enum FakeFault: Sendable, Equatable {
    /// `429 Too Many Requests`, with `Retry-After` seconds when given.
    case throttle(retryAfter: Int?)
    /// An error status with a Graph JSON error body (503, 504, 500, 400…).
    case status(Int)
    /// A `200` with this body instead of the redirect (an HTML error page).
    case body([UInt8])
    /// The redirect points at a download URL that has already expired.
    case expiredDownload
    /// Never answers (until the client gives up).
    case hang
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

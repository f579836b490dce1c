/// The outcome of one token request, the `result` label of
/// `m365_token_requests_total`.
public enum TokenRequestResult: String, Sendable, CaseIterable {
    /// A token was issued.
    case success
    /// Entra ID refused the credentials (or the request could not be made
    /// with them): asking again would be refused again.
    case refused
    /// The token endpoint answered 429 or 5xx: busy or down for a while.
    case unavailable
    /// No answer: connection refused or reset, DNS, timeout, a proxy that
    /// cannot be reached.
    case unreachable
}

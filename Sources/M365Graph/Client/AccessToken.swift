/// A bearer token and when to stop using it.
public struct AccessToken: Sendable {
    /// The token itself; never logged.
    public let value: Secret
    /// When the token should be replaced: shortly before Entra ID says it expires.
    public let renewAt: ContinuousClock.Instant

    public init(value: Secret, renewAt: ContinuousClock.Instant) {
        self.value = value
        self.renewAt = renewAt
    }
}

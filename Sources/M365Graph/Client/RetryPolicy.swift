/// When to try a Graph request again and how long to wait first: one policy
/// for every outbound call of a report refresh.
public struct RetryPolicy: Sendable {
    /// Attempts per request, the first included.
    public var maxAttempts: Int
    /// Base of the exponential back-off after 5xx answers and transport errors.
    public var baseDelay: Duration
    /// Longest wait between two attempts, `Retry-After` included: a longer
    /// `Retry-After` fails this refresh rather than holding it open.
    public var maxDelay: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(120)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Full-jitter exponential back-off: a random wait between zero and
    /// `baseDelay × 2^(attempt-1)`, capped at `maxDelay`.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        let ceilingSeconds = Double(ceiling.components.seconds) + Double(ceiling.components.attoseconds) / 1e18
        return .seconds(Double.random(in: 0...ceilingSeconds))
    }
}

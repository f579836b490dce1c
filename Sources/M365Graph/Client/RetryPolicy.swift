/// When to try a Graph request again and how long to wait first: one policy
/// for every outbound call of a refresh (report requests, downloads, token
/// requests).
///
/// - `429` waits the `Retry-After` seconds (or, without the header, the
///   back-off); a `Retry-After` longer than `maxDelay` ends the refresh, and
///   the report is not asked for again before that time.
/// - `5xx`, timeouts and connection errors wait a full-jitter exponential
///   back-off.
/// - At most `maxAttempts` tries per request for these; other `4xx` answers
///   are not retried.
public struct RetryPolicy: Sendable {
    /// Attempts per request, the first included.
    public var maxAttempts: Int
    /// Base of the exponential back-off after 5xx answers and transport errors.
    public var baseDelay: Duration
    /// Longest wait between two attempts, `Retry-After` included: a longer
    /// `Retry-After` fails this refresh rather than holding it open.
    public var maxDelay: Duration
    /// Longest `Retry-After` kept for later refreshes: a bogus answer of days
    /// must not silence a report for longer.
    public var longestHold: Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(120),
        longestHold: Duration = .seconds(86_400)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.longestHold = longestHold
    }

    /// Full-jitter exponential back-off: a random wait between zero and
    /// `baseDelay × 2^(attempt-1)`, capped at `maxDelay`.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        return .seconds(Double.random(in: 0...ceiling.seconds))
    }
}

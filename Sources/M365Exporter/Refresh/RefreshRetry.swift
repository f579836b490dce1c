import M365Graph

/// How soon a failed refresh is tried again, rather than at its next slot
/// an interval later.
///
/// - No token for a transient reason (the token endpoint down or slow for
///   a moment, DNS, a proxy hiccup): the refresh sent no Graph request, so it
///   is tried again after seconds: 5 s, doubling with each failure in a
///   row, at most two minutes. The token provider holds its own back-off, so
///   the reports of a tenant cost one token request per round between them.
/// - Graph or the download host failed for a transient reason (5xx, 429,
///   timeout, connection): after two minutes, doubling, at most the
///   interval. A refresh sends at most 4 requests per period to Graph, so
///   tries at 0, 2, 6 and 14 minutes keep a report within Graph's budget of
///   14 CSV requests per 10 minutes per app and tenant.
/// - Anything else (refused credentials, 4xx, an answer that does not
///   parse, a body over the limit) would fail the same way: the next slot.
///
/// The waits are jittered so that many reports that failed together do not
/// come back in step: token retries between half and all of the wait,
/// Graph retries between all of it and a quarter more (never shorter, so
/// that the budget holds).
enum RefreshRetry {
    static let tokenBase: Duration = .seconds(5)
    static let tokenCap: Duration = .seconds(120)
    static let graphBase: Duration = .seconds(120)

    /// The wait before the next try, or `nil` for the next slot.
    static func delay(after error: any Error, failures: Int, interval: Duration) -> Duration? {
        guard let failure = error as? GraphError else { return nil }
        let exponent = min(max(failures - 1, 0), 16)
        switch failure {
        case .token(let tokenError):
            guard tokenError.kind == .transient else { return nil }
            let ceiling = min(tokenBase * (1 << exponent), tokenCap, interval).seconds
            return .seconds(Double.random(in: (ceiling / 2)...ceiling))
        case .transport, .throttled:
            break
        case .status(let code, _) where code == 429 || code >= 500:
            break
        case .download(let status) where status >= 500:
            break
        default:
            return nil
        }
        let floor = min(graphBase * (1 << exponent), interval).seconds
        return .seconds(Double.random(in: floor...(floor * 1.25)))
    }
}

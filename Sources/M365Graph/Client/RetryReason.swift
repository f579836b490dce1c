/// Why a request to Graph is sent again: the `reason` label of
/// `m365_graph_retries_total`.
public enum RetryReason: String, Sendable, CaseIterable {
    /// `429 Too Many Requests`.
    case throttled
    /// A `5xx` answer from Graph or the download host.
    case serverError = "server_error"
    /// No complete answer within the request timeout.
    case timeout
    /// The connection could not be made or broke off.
    case connectionError = "connection_error"
    /// The download host refused the pre-authenticated URL (`403`, `404`,
    /// `410`): it expired, so Graph is asked for a fresh one.
    case expiredDownload = "expired_download"
    /// Graph refused the token (`401`): a new token is fetched and the
    /// request sent once more.
    case unauthorized
}

/// Something that happened while a report was fetched, reported as it
/// happens so that the exporter's health metrics can count it.
public enum GraphEvent: Sendable, Equatable {
    /// An HTTP answer from Graph or its download host, by status code
    /// (`m365_graph_requests_total`).
    case answer(Int)
    /// A request is about to be sent again (`m365_graph_retries_total`).
    case retry(RetryReason)
    /// Time spent waiting because Graph said when to come back: a
    /// `Retry-After` wait, or the rest of one that an earlier refresh was
    /// told (`m365_graph_throttled_seconds_total`).
    case throttled(Duration)
}

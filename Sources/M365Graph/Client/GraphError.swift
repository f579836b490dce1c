/// Why a report could not be fetched from Graph.
public enum GraphError: Error, Sendable, CustomStringConvertible {
    case token(TokenError)
    /// Graph answered with an error status (after any retries).
    case status(Int, message: String?)
    /// Throttled, and `Retry-After` asks for a longer wait than the policy allows.
    case throttled(retryAfterSeconds: Int)
    /// A redirect without a usable `Location`.
    case badRedirect
    /// The download URL answered with an error status.
    case download(status: Int)
    /// The body is larger than the exporter accepts.
    case bodyTooLarge(limit: Int)
    /// A JSON answer's `@odata.nextLink` leads away from the Graph host.
    case badNextLink
    /// A JSON answer went on for more pages than any report has.
    case tooManyPages(limit: Int)
    /// No answer in time, or the connection failed.
    case transport(String)
    /// The cloud does not serve the report: the catalog says so, or Graph
    /// answered 400/404 "Resource not found for the segment".
    case unsupported(cloud: String, message: String?)

    public var description: String {
        switch self {
        case .token(let error): error.description
        case .status(let code, let message):
            "Graph answered HTTP \(code)" + (message.map { ": \($0)" } ?? "")
        case .throttled(let seconds): "throttled by Graph: Retry-After \(seconds)s is longer than this refresh waits"
        case .badRedirect: "Graph redirected without a usable Location header"
        case .download(let status): "report download answered HTTP \(status)"
        case .bodyTooLarge(let limit): "answer is larger than the limit of \(limit) bytes (--graph.max-body-size); refused while it streamed"
        case .badNextLink: "Graph's @odata.nextLink leads to another host; not followed"
        case .tooManyPages(let limit): "Graph's answer went on for more than \(limit) pages"
        case .transport(let reason): "request failed: \(reason)"
        case .unsupported(let cloud, let message):
            "the \(cloud) cloud does not serve this report" + (message.map { " (Graph: \($0))" } ?? "")
        }
    }
}

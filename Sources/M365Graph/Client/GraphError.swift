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
    /// No answer in time, or the connection failed.
    case transport(String)

    public var description: String {
        switch self {
        case .token(let error): error.description
        case .status(let code, let message):
            "Graph answered HTTP \(code)" + (message.map { ": \($0)" } ?? "")
        case .throttled(let seconds): "throttled by Graph: Retry-After \(seconds)s is longer than this refresh waits"
        case .badRedirect: "Graph redirected without a usable Location header"
        case .download(let status): "report download answered HTTP \(status)"
        case .bodyTooLarge(let limit): "report body is larger than \(limit) bytes"
        case .transport(let reason): "request failed: \(reason)"
        }
    }
}

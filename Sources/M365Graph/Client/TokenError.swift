/// Why no token could be had. The description carries Entra ID's own error
/// code and description (AADSTS…), never a credential.
public enum TokenError: Error, Sendable, CustomStringConvertible {
    /// The token endpoint refused the request.
    case rejected(status: Int, error: String?, errorDescription: String?)
    /// The token endpoint answered with something that is not a token.
    case malformedAnswer(status: Int)
    /// The request did not reach the token endpoint or got no answer.
    case transport(String)
    /// The credential could not be used: an unreadable federated token file,
    /// a key that cannot sign.
    case credential(CredentialError)

    public var description: String {
        switch self {
        case .rejected(let status, let error, let errorDescription):
            var text = "token request refused with HTTP \(status)"
            if let error { text += ": \(error)" }
            if let errorDescription { text += ": \(errorDescription)" }
            return text
        case .malformedAnswer(let status):
            return "token endpoint answered HTTP \(status) without an access token"
        case .transport(let reason):
            return "token request failed: \(reason)"
        case .credential(let error):
            return "no token request made: \(error)"
        }
    }
}

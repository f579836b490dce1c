import FoundationEssentials

/// How the app proves its identity to Entra ID in the client-credentials
/// grant: the three kinds the Azure SDKs read from the environment.
public enum ClientCredential: Sendable, CustomStringConvertible {
    /// A client secret (`AZURE_CLIENT_SECRET`, `client_secret_file:`).
    case secret(Secret)
    /// A certificate whose key signs a fresh client assertion for every token
    /// request (`AZURE_CLIENT_CERTIFICATE_PATH`, `client_certificate_file:`).
    case certificate(ClientCertificate)
    /// Workload identity: a JWT from a file that the platform rotates, sent
    /// as the client assertion (`AZURE_FEDERATED_TOKEN_FILE`, `federated_token_file:`).
    case federatedToken(FederatedTokenFile)

    /// The kind, for log lines: `client_secret`, `client_certificate`, `workload_identity`.
    public var kind: String {
        switch self {
        case .secret: "client_secret"
        case .certificate: "client_certificate"
        case .federatedToken: "workload_identity"
        }
    }

    public var description: String {
        switch self {
        case .secret: "client secret <redacted>"
        case .certificate(let certificate): "\(certificate)"
        case .federatedToken(let file): "\(file)"
        }
    }

    /// The form fields that prove the app's identity in one token request.
    /// A certificate signs a new assertion each time; a federated token file
    /// is read again each time, because the platform rotates it.
    ///
    /// - Parameters:
    ///   - tokenURL: the token endpoint, the assertion's audience.
    ///   - clientID: the assertion's issuer and subject.
    public func tokenRequestFields(tokenURL: String, clientID: String, now: Date = Date()) throws(CredentialError) -> [(String, String)] {
        switch self {
        case .secret(let secret):
            return [("client_secret", secret.exposedValue)]
        case .certificate(let certificate):
            let assertion = try ClientAssertion.sign(
                with: certificate, clientID: clientID, audience: tokenURL, now: now)
            return [
                ("client_assertion_type", ClientAssertion.type),
                ("client_assertion", assertion.exposedValue),
            ]
        case .federatedToken(let file):
            let token = try file.read()
            return [
                ("client_assertion_type", ClientAssertion.type),
                ("client_assertion", token.exposedValue),
            ]
        }
    }
}

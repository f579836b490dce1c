/// `tls_server_config.client_auth_type`: Go's `tls.ClientAuthType` names, as
/// exporter-toolkit takes them. Only `RequireAndVerifyClientCert` makes
/// client certificates an authentication.
public enum ClientAuthType: String, Sendable, CaseIterable {
    case noClientCert = "NoClientCert"
    /// Asks for a certificate; takes any, or none.
    case requestClientCert = "RequestClientCert"
    /// Wants a certificate; takes any.
    case requireAnyClientCert = "RequireAnyClientCert"
    /// Checks a certificate against `client_ca_file` if one is sent.
    case verifyClientCertIfGiven = "VerifyClientCertIfGiven"
    /// Wants a certificate signed by a CA of `client_ca_file`.
    case requireAndVerifyClientCert = "RequireAndVerifyClientCert"

    /// Whether the CA file is needed to check certificates.
    var verifies: Bool { self == .verifyClientCertIfGiven || self == .requireAndVerifyClientCert }
}

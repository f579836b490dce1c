/// Reads a tenant's credentials from the environment variables of the Azure
/// SDKs, in the order of their `EnvironmentCredential` and then
/// `WorkloadIdentityCredential`: a client secret, else a certificate, else
/// a federated token file. With several set, the first in that order is used.
public enum EnvironmentCredential {
    /// The variables that choose a credential, in the order they are tried.
    public static let credentialVariables = [
        "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE",
    ]

    /// The credentials the environment describes. A certificate file is read
    /// and checked here, so that a bad one stops the start with its reason.
    ///
    /// - Parameter defaultAuthorityHost: the login host when
    ///   `AZURE_AUTHORITY_HOST` is not set (the `--azure.cloud` preset).
    public static func credentials(
        from environment: [String: String], defaultAuthorityHost: String
    ) throws(EnvironmentCredentialError) -> TenantCredentials {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        let tenantID = value("AZURE_TENANT_ID")
        let clientID = value("AZURE_CLIENT_ID")
        let chosen = credentialVariables.first { value($0) != nil }
        guard let tenantID, let clientID, let chosen else {
            var missing = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID"].filter { value($0) == nil }
            if chosen == nil { missing.append(credentialVariables.joined(separator: " or ")) }
            throw .missing(missing)
        }
        let credential: ClientCredential
        switch chosen {
        case "AZURE_CLIENT_SECRET":
            credential = .secret(Secret(value(chosen) ?? ""))
        case "AZURE_CLIENT_CERTIFICATE_PATH":
            if value("AZURE_CLIENT_CERTIFICATE_PASSWORD") != nil {
                throw .unusable(
                    variable: "AZURE_CLIENT_CERTIFICATE_PASSWORD",
                    reason: "password-protected certificates are not supported; give a PEM file with an unencrypted key")
            }
            let sendChain = ["true", "1"].contains(value("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN")?.lowercased() ?? "")
            do {
                credential = .certificate(try ClientCertificate(pemFile: value(chosen) ?? "", sendCertificateChain: sendChain))
            } catch {
                throw .unusable(variable: chosen, reason: error.description)
            }
        default:
            credential = .federatedToken(FederatedTokenFile(path: value(chosen) ?? ""))
        }
        return TenantCredentials(
            tenantID: tenantID, clientID: clientID, credential: credential,
            authorityHost: value("AZURE_AUTHORITY_HOST") ?? defaultAuthorityHost)
    }
}

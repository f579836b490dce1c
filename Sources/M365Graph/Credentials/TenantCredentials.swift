/// The app registration of one tenant: who asks for tokens and where.
public struct TenantCredentials: Sendable {
    public let tenantID: String
    public let clientID: String
    public let credential: ClientCredential
    /// Base URL of the login host, e.g. `https://login.microsoftonline.com`.
    public let authorityHost: String

    public init(tenantID: String, clientID: String, credential: ClientCredential, authorityHost: String) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.credential = credential
        self.authorityHost = AzureCloud.normalizedHost(authorityHost)
    }

    /// The token endpoint of the tenant.
    public var tokenURL: String { "\(authorityHost)/\(tenantID)/oauth2/v2.0/token" }
}

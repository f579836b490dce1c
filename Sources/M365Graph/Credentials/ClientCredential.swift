/// How the app proves its identity to Entra ID in the client-credentials grant.
public enum ClientCredential: Sendable {
    /// A client secret (`AZURE_CLIENT_SECRET`).
    case secret(Secret)
}

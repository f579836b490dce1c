/// Why the environment gives no usable credentials. Names variables and
/// files, never a value.
public enum EnvironmentCredentialError: Error, Sendable, CustomStringConvertible {
    /// These variables (or one of a group, joined by "or") are not set.
    case missing([String])
    /// The variable is set but what it names cannot be used.
    case unusable(variable: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let names):
            "no credentials: set AZURE_TENANT_ID, AZURE_CLIENT_ID and one of AZURE_CLIENT_SECRET, "
                + "AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (missing: \(names.joined(separator: ", ")))"
        case .unusable(let variable, let reason):
            "\(variable): \(reason)"
        }
    }
}

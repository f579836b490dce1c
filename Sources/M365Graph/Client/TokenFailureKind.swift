/// Whether a failed token request is worth asking again soon.
public enum TokenFailureKind: Sendable, Equatable {
    /// Would be refused again until someone changes the credentials or the
    /// app registration.
    case refused
    /// No answer, 429 or 5xx: likely to pass in seconds or minutes.
    case transient
}

extension TokenError {
    /// Which kind of failure this is.
    public var kind: TokenFailureKind {
        switch self {
        case .transport: .transient
        case .rejected(let status, _, _): status == 408 || status == 429 || status >= 500 ? .transient : .refused
        case .malformedAnswer(let status): status == 429 || status >= 500 ? .transient : .refused
        case .credential: .refused
        }
    }

    /// The `result` label of the request that failed so.
    var requestResult: TokenRequestResult {
        switch self {
        case .transport: .unreachable
        case .rejected, .malformedAnswer: kind == .transient ? .unavailable : .refused
        case .credential: .refused
        }
    }

    /// Entra ID's `AADSTS…` code in the error description, if any.
    public var aadstsCode: String? {
        guard case .rejected(_, _, let description?) = self, let start = description.firstRange(of: "AADSTS") else {
            return nil
        }
        let digits = description[start.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : "AADSTS\(digits)"
    }

    /// What the operator must do about a refusal, by AADSTS code (Microsoft's
    /// "Microsoft Entra authentication and authorization error codes") or
    /// OAuth error.
    public var remedy: String {
        switch aadstsCode {
        case "AADSTS7000215":
            return "the client secret is wrong: use the secret's Value (not its Secret ID) from the app registration"
        case "AADSTS7000222":
            return "the client secret expired: create a new one under Certificates & secrets and update the secret file"
        case "AADSTS700016":
            return "no such app in the tenant: check client_id and tenant_id, and that an administrator consented to the app"
        case "AADSTS90002", "AADSTS900023", "AADSTS90072":
            return "the tenant is unknown here: check tenant_id and the cloud (--azure.cloud)"
        case "AADSTS700027", "AADSTS700023", "AADSTS50012":
            return "the client assertion was refused: upload this certificate to the app registration or check its key"
        case "AADSTS70021", "AADSTS700024", "AADSTS700211", "AADSTS700212", "AADSTS700213":
            return "the federated token was refused: check the app's federated credential (issuer, subject, audience)"
        case "AADSTS7000229":
            return "the app has no service principal in the tenant: have an administrator consent to it"
        default:
            break
        }
        switch self {
        case .credential: return "fix the credential file named in the error"
        case .rejected(_, let error, _) where error == "unauthorized_client":
            return "the app is not authorized in the tenant: have an administrator grant consent"
        case .rejected(_, let error, _) where error == "invalid_client":
            return "the client credentials are wrong: check the secret or certificate of the app registration"
        default: return "check the tenant's app registration and credentials in Entra ID"
        }
    }
}

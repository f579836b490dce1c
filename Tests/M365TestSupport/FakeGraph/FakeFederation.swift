import Crypto
import _CryptoExtras
import Foundation

/// A federated identity credential of an app registration, as AKS workload
/// identity sets one up: tokens from `issuer` (the cluster's OIDC issuer)
/// for `subject` (the service account) with audience
/// `api://AzureADTokenExchange` are accepted as the app's client assertion.
/// The fake plays the issuer too: it holds the signing key and makes tokens.
public struct FakeFederation: Sendable {
    public let issuer: String
    public let subject: String
    public static let audience = "api://AzureADTokenExchange"
    let key: _RSA.Signing.PrivateKey

    public init(issuer: String = "https://oidc.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/",
                subject: String = "system:serviceaccount:monitoring:m365-exporter") throws {
        self.issuer = issuer
        self.subject = subject
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    /// A service-account token as the kubelet writes it into the pod.
    public func makeToken(lifetime: TimeInterval = 3600, subject: String? = nil) throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        let header = #"{"alg":"RS256","kid":"fake-issuer-key","typ":"JWT"}"#
        let claims = """
            {"aud":["\(Self.audience)"],"exp":\(now + Int(lifetime)),"iat":\(now),"iss":"\(issuer)",\
            "jti":"\(UUID().uuidString)","nbf":\(now),"sub":"\(subject ?? self.subject)"}
            """
        let input = FakeJWT.base64URL(Array(header.utf8)) + "." + FakeJWT.base64URL(Array(claims.utf8))
        let signature = try key.signature(for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + FakeJWT.base64URL(Array(signature.rawRepresentation))
    }
}

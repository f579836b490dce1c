import Crypto
import _CryptoExtras
import FoundationEssentials

/// The signed JWT a certificate credential sends instead of a secret
/// (Microsoft identity platform's "certificate credentials"): header `alg`
/// with the certificate's thumbprint, claims `aud` = the token URL, `iss` =
/// `sub` = the client id, a fresh `jti`, `nbf`/`iat` = now and `exp` ten
/// minutes later.
enum ClientAssertion {
    /// `client_assertion_type` of a JWT assertion.
    static let type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// The longest lifetime Entra ID accepts.
    static let lifetime: TimeInterval = 600

    /// The two signatures Entra ID accepts, each with its thumbprint header.
    enum Algorithm: String, Sendable {
        /// RSASSA-PKCS1-v1_5 with SHA-256, header `x5t` (SHA-1 thumbprint).
        case rs256 = "RS256"
        /// RSASSA-PSS with SHA-256, header `x5t#S256` (SHA-256 thumbprint).
        case ps256 = "PS256"
    }

    /// RS256 with `x5t` is what every Entra ID cloud (and AD FS) accepts.
    static func sign(
        with certificate: ClientCertificate, clientID: String, audience: String, now: Date,
        algorithm: Algorithm = .rs256
    ) throws(CredentialError) -> Secret {
        var header = Header(alg: algorithm.rawValue, typ: "JWT")
        switch algorithm {
        case .rs256: header.x5t = Base64URL.encode(certificate.sha1Thumbprint)
        case .ps256: header.x5tS256 = Base64URL.encode(certificate.sha256Thumbprint)
        }
        if certificate.sendCertificateChain {
            // x5c is standard base64 (RFC 7515 §4.1.6), leaf first.
            header.x5c = certificate.chainDER.map { Data($0).base64EncodedString() }
        }
        let issued = Int(now.timeIntervalSince1970)
        let claims = Claims(
            aud: audience, iss: clientID, sub: clientID, jti: UUID().uuidString.lowercased(),
            nbf: issued, iat: issued, exp: issued + Int(lifetime))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let signingInput: String
        do {
            signingInput = Base64URL.encode(try encoder.encode(header)) + "." + Base64URL.encode(try encoder.encode(claims))
        } catch {
            throw CredentialError(source: certificate.source, reason: "cannot encode the client assertion: \(error)")
        }
        let digest = SHA256.hash(data: Data(signingInput.utf8))
        let signature: _RSA.Signing.RSASignature
        do {
            switch algorithm {
            case .rs256: signature = try certificate.privateKey.signature(for: digest, padding: .insecurePKCS1v1_5)
            case .ps256: signature = try certificate.privateKey.signature(for: digest, padding: .PSS)
            }
        } catch {
            throw CredentialError(source: certificate.source, reason: "cannot sign the client assertion: \(error)")
        }
        return Secret(signingInput + "." + Base64URL.encode(signature.rawRepresentation))
    }

    struct Header: Encodable {
        var alg: String
        var typ: String
        var x5t: String?
        var x5tS256: String?
        var x5c: [String]?

        enum CodingKeys: String, CodingKey {
            case alg, typ, x5t, x5c
            case x5tS256 = "x5t#S256"
        }
    }

    struct Claims: Encodable {
        var aud: String
        var iss: String
        var sub: String
        var jti: String
        var nbf: Int
        var iat: Int
        var exp: Int
    }
}

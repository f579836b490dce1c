import Crypto
import _CryptoExtras
import Foundation
import SwiftASN1
import X509

/// Checks client assertions as Entra ID does: a JWT signed by a certificate
/// uploaded to the app (RS256 with `x5t`, PS256 with `x5t#S256`), for the
/// token URL, from and about the client, within its time window; or a
/// federated token from the app's federated issuer and subject.
struct FakeJWT {
    let header: [String: Any]
    let claims: [String: Any]
    let signingInput: String
    let signature: [UInt8]

    /// Entra ID's answer to an assertion it refuses.
    struct Refusal: Error {
        let description: String
        init(_ description: String) { self.description = description }
    }

    init(_ token: String) throws(Refusal) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerBytes = Self.decode(parts[0]), let claimBytes = Self.decode(parts[1]),
              let signature = Self.decode(parts[2]),
              let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any],
              let claims = try? JSONSerialization.jsonObject(with: Data(claimBytes)) as? [String: Any]
        else { throw Refusal("AADSTS50027: JWT token is invalid or malformed.") }
        self.header = header
        self.claims = claims
        self.signingInput = parts[0] + "." + parts[1]
        self.signature = signature
    }

    /// A certificate assertion of `app` for `audience`, at wall-clock `now`.
    func verifyCertificateAssertion(app: FakeApp, audience: String, now: Double) throws(Refusal) {
        let alg = header["alg"] as? String
        let thumbprint: [UInt8]?
        let matches: (Certificate.PublicKey, [UInt8]) -> Bool
        switch alg {
        case "RS256":
            thumbprint = (header["x5t"] as? String).flatMap(Self.decode)
            matches = { key, input in Self.valid(key, signature, input, padding: .insecurePKCS1v1_5) }
        case "PS256":
            thumbprint = (header["x5t#S256"] as? String).flatMap(Self.decode)
            matches = { key, input in Self.valid(key, signature, input, padding: .PSS) }
        default:
            throw Refusal("AADSTS5002738: Invalid JWT token. 'alg' is not RS256 or PS256.")
        }
        guard let thumbprint else {
            throw Refusal("AADSTS700027: The certificate thumbprint header (x5t for RS256, x5t#S256 for PS256) is missing.")
        }
        let certificate = app.certificates.first { der in
            let digest: [UInt8] = alg == "RS256" ? Array(Insecure.SHA1.hash(data: der)) : Array(SHA256.hash(data: der))
            return digest == thumbprint
        }
        guard let certificate, let parsed = try? Certificate(derEncoded: certificate) else {
            throw Refusal("AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.")
        }
        guard matches(parsed.publicKey, Array(signingInput.utf8)) else {
            throw Refusal("AADSTS7000274: Client assertion contains an invalid signature.")
        }
        guard claims["aud"] as? String == audience else {
            throw Refusal("AADSTS700212: No matching federated identity record found for presented assertion audience.")
        }
        guard claims["iss"] as? String == app.clientID, claims["sub"] as? String == app.clientID else {
            throw Refusal("AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter.")
        }
        guard let jti = claims["jti"] as? String, !jti.isEmpty else {
            throw Refusal("AADSTS700023: Client assertion contains no jti claim.")
        }
        try checkTimes(now: now, maximumLifetime: 600)
    }

    /// A federated token of `federation`, at wall-clock `now`.
    func verifyFederatedToken(_ federation: FakeFederation, now: Double) throws(Refusal) {
        guard header["alg"] as? String == "RS256",
              Self.valid(.init(federation.key.publicKey), signature, Array(signingInput.utf8), padding: .insecurePKCS1v1_5)
        else { throw Refusal("AADSTS700211: No matching federated identity record found for presented assertion issuer.") }
        let audiences = (claims["aud"] as? [String]) ?? [(claims["aud"] as? String) ?? ""]
        guard claims["iss"] as? String == federation.issuer, audiences.contains(FakeFederation.audience) else {
            throw Refusal("AADSTS700211: No matching federated identity record found for presented assertion issuer.")
        }
        guard claims["sub"] as? String == federation.subject else {
            throw Refusal("AADSTS700213: No matching federated identity record found for presented assertion subject.")
        }
        try checkTimes(now: now, maximumLifetime: nil)
    }

    private func checkTimes(now: Double, maximumLifetime: Double?) throws(Refusal) {
        guard let exp = (claims["exp"] as? NSNumber)?.doubleValue else {
            throw Refusal("AADSTS700024: Client assertion is not within its valid time range (no exp).")
        }
        let nbf = (claims["nbf"] as? NSNumber)?.doubleValue ?? (claims["iat"] as? NSNumber)?.doubleValue ?? exp
        // Entra ID allows five minutes of clock skew.
        guard exp > now - 300, nbf <= now + 300 else {
            throw Refusal("AADSTS700024: Client assertion is not within its valid time range.")
        }
        if let maximumLifetime, exp - nbf > maximumLifetime {
            throw Refusal("AADSTS700025: Client assertion lifetime is longer than 10 minutes.")
        }
    }

    /// An RSA signature with SHA-256 over `input`.
    private static func valid(
        _ key: Certificate.PublicKey, _ signature: [UInt8], _ input: [UInt8], padding: _RSA.Signing.Padding
    ) -> Bool {
        guard let rsa = _RSA.Signing.PublicKey(key) else { return false }
        return rsa.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: input), padding: padding)
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

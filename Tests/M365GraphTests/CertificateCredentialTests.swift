import AsyncHTTPClient
import Foundation
@testable import M365Graph
import M365TestSupport
import Testing

/// The certificate credential against the fake token endpoint, which checks
/// each client assertion as Entra ID does.
@Suite struct CertificateCredentialTests {
    static let certificate = try! TestCertificate.appCredential()
    static let app = FakeApp(
        tenantID: "22222222-3333-4444-5555-666666666666", clientID: "cert-client",
        clientSecret: "unused-secret", certificates: [certificate.der])

    /// A fake with the app registered and a token provider using `credential`.
    private func withProvider(
        _ credential: ClientCredential, register: FakeApp = app,
        _ body: (FakeGraph, TokenProvider, TenantCredentials) async throws -> Void
    ) async throws {
        let fake = try await FakeGraph.start()
        await fake.register(register)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let credentials = TenantCredentials(
            tenantID: Self.app.tenantID, clientID: Self.app.clientID, credential: credential,
            authorityHost: fake.authorityURL)
        let tokens = TokenProvider(http: http, credentials: credentials, graphURL: fake.graphURL)
        do {
            try await body(fake, tokens, credentials)
        } catch {
            try? await http.shutdown()
            await fake.stop()
            throw error
        }
        try await http.shutdown()
        await fake.stop()
    }

    private static func credential(chain: Bool = false) throws -> ClientCertificate {
        try ClientCertificate(pem: certificate.keyPEM + certificate.certificatePEM, source: "app.pem", sendCertificateChain: chain)
    }

    /// Header and claims of a JWT, decoded.
    private static func decode(_ jwt: String) throws -> (header: [String: Any], claims: [String: Any]) {
        let parts = jwt.split(separator: ".").map { part -> [String: Any] in
            var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while text.count % 4 != 0 { text += "=" }
            return (try? JSONSerialization.jsonObject(with: Data(base64Encoded: text) ?? Data())) as? [String: Any] ?? [:]
        }
        return (parts[0], parts[1])
    }

    @Test func getsATokenWithASignedAssertionAndNoSecret() async throws {
        try await withProvider(.certificate(try Self.credential())) { fake, tokens, credentials in
            _ = try await tokens.token()
            let form = try #require(await fake.requests.first { $0.host == .login }?.form)
            #expect(form["client_secret"] == nil)
            #expect(form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            let (header, claims) = try Self.decode(try #require(form["client_assertion"]))
            #expect(header["alg"] as? String == "RS256")
            #expect(header["typ"] as? String == "JWT")
            #expect(header["x5t"] as? String != nil)
            #expect(header["x5c"] == nil)
            #expect(claims["aud"] as? String == credentials.tokenURL)
            #expect(claims["iss"] as? String == Self.app.clientID)
            #expect(claims["sub"] as? String == Self.app.clientID)
            let iat = try #require(claims["iat"] as? Int), nbf = try #require(claims["nbf"] as? Int)
            let exp = try #require(claims["exp"] as? Int)
            #expect(abs(Double(iat) - Date().timeIntervalSince1970) < 60)
            #expect(nbf == iat)
            #expect(exp - iat == 600)
        }
    }

    @Test func everyTokenRequestSignsAFreshAssertion() async throws {
        try await withProvider(.certificate(try Self.credential())) { fake, tokens, _ in
            await fake.setTokenLifetime(seconds: 2)
            _ = try await tokens.token()
            try await Task.sleep(for: .milliseconds(1100))
            _ = try await tokens.token()
            let assertions = await fake.requests.filter { $0.host == .login }.compactMap { $0.form["client_assertion"] }
            #expect(assertions.count == 2)
            let ids = try assertions.map { try Self.decode($0).claims["jti"] as? String }
            #expect(ids[0] != nil && ids[0] != ids[1])
        }
    }

    @Test func sendsTheChainInX5cWhenAsked() async throws {
        try await withProvider(.certificate(try Self.credential(chain: true))) { fake, tokens, _ in
            _ = try await tokens.token()
            let form = try #require(await fake.requests.first { $0.host == .login }?.form)
            let header = try Self.decode(try #require(form["client_assertion"])).header
            let chain = try #require(header["x5c"] as? [String])
            #expect(chain == [Data(Self.certificate.der).base64EncodedString()])
        }
    }

    @Test func thePS256FormWithTheSHA256ThumbprintIsAcceptedToo() async throws {
        try await withProvider(.certificate(try Self.credential())) { fake, _, credentials in
            let assertion = try ClientAssertion.sign(
                with: try Self.credential(), clientID: Self.app.clientID, audience: credentials.tokenURL,
                now: Date(), algorithm: .ps256)
            let header = try Self.decode(assertion.exposedValue).header
            #expect(header["alg"] as? String == "PS256")
            #expect(header["x5t#S256"] != nil && header["x5t"] == nil)
            let answer = try await Self.post(assertion.exposedValue, to: credentials.tokenURL, fake: fake)
            #expect(answer.status == 200, "\(answer.body)")
        }
    }

    @Test func aTamperedAssertionIsRefused() async throws {
        try await withProvider(.certificate(try Self.credential())) { fake, _, credentials in
            let fields = try ClientCredential.certificate(try Self.credential())
                .tokenRequestFields(tokenURL: credentials.tokenURL, clientID: Self.app.clientID)
            let assertion = try #require(fields.first { $0.0 == "client_assertion" }?.1)
            #expect(try await Self.post(assertion, to: credentials.tokenURL, fake: fake).status == 200)
            // Another client id in the claims, the signature left as it was.
            let parts = assertion.split(separator: ".").map(String.init)
            var claims = try Self.decode(assertion).claims
            claims["sub"] = "someone-else"
            let forged = try JSONSerialization.data(withJSONObject: claims)
            let payload = forged.base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            let answer = try await Self.post([parts[0], payload, parts[2]].joined(separator: "."), to: credentials.tokenURL, fake: fake)
            #expect(answer.status == 401)
            #expect(answer.body.contains("AADSTS7000274"), "\(answer.body)")
        }
    }

    @Test func anExpiredAssertionIsRefused() async throws {
        try await withProvider(.certificate(try Self.credential())) { fake, tokens, _ in
            // The login host's clock is an hour ahead: the assertion has expired.
            await fake.setClockOffset(seconds: 3600)
            let error = await #expect(throws: TokenError.self) { try await tokens.token() }
            #expect(String(describing: error).contains("AADSTS700024"), "\(String(describing: error))")
        }
    }

    @Test func anAssertionForAnotherAudienceIsRefused() async throws {
        try await withProvider(.certificate(try Self.credential())) { fake, _, credentials in
            let assertion = try ClientAssertion.sign(
                with: try Self.credential(), clientID: Self.app.clientID,
                audience: "https://login.microsoftonline.com/\(Self.app.tenantID)/oauth2/v2.0/token", now: Date())
            let answer = try await Self.post(assertion.exposedValue, to: credentials.tokenURL, fake: fake)
            #expect(answer.status == 401)
            #expect(answer.body.contains("AADSTS700212"), "\(answer.body)")
        }
    }

    @Test func aCertificateNotRegisteredOnTheAppIsRefused() async throws {
        let unregistered = FakeApp(tenantID: Self.app.tenantID, clientID: Self.app.clientID, clientSecret: "s")
        try await withProvider(.certificate(try Self.credential()), register: unregistered) { _, tokens, _ in
            let error = await #expect(throws: TokenError.self) { try await tokens.token() }
            let text = String(describing: error)
            #expect(text.contains("HTTP 401") && text.contains("AADSTS700027"), "\(text)")
            #expect(!text.contains("Trace ID"))
        }
    }

    private static func post(_ assertion: String, to url: String, fake: FakeGraph) async throws -> HTTPAnswer {
        func escape(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
        }
        let form = [
            ("client_id", app.clientID), ("scope", "\(fake.graphURL)/.default"), ("grant_type", "client_credentials"),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", assertion),
        ].map { "\($0.0)=\(escape($0.1))" }.joined(separator: "&")
        return try await httpRequest(
            url, method: "POST", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form)
    }
}

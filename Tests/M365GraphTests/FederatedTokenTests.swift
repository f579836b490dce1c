import AsyncHTTPClient
import Foundation
import M365Graph
import M365TestSupport
import Testing

/// Workload identity: the token file is read for every token request.
@Suite struct FederatedTokenTests {
    @Test func theSecondTokenRequestCarriesTheRewrittenFile() async throws {
        let federation = try FakeFederation()
        let app = FakeApp(tenantID: "33333333-4444-5555-6666-777777777777", clientID: "wi-client", clientSecret: "unused", federation: federation)
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.setTokenLifetime(seconds: 2)
        let directory = try TestDirectory()
        let first = try federation.makeToken()
        let file = try directory.write("azure-identity-token", first + "\n")
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let tokens = TokenProvider(
            http: http,
            credentials: TenantCredentials(
                tenantID: app.tenantID, clientID: app.clientID,
                credential: .federatedToken(FederatedTokenFile(path: file)), authorityHost: fake.authorityURL),
            graphURL: fake.graphURL)

        _ = try await tokens.token()
        let second = try federation.makeToken()
        #expect(second != first)
        try directory.write("azure-identity-token", second)
        try await Task.sleep(for: .milliseconds(1100))
        _ = try await tokens.token()

        let assertions = await fake.requests.filter { $0.host == .login }.map { $0.form["client_assertion"] }
        #expect(assertions == [first, second])
        #expect(await fake.requests.filter { $0.host == .login }.allSatisfy {
            $0.form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" && $0.form["client_secret"] == nil
        })

        // A token for another service account is refused by the login host.
        try directory.write("azure-identity-token", try federation.makeToken(subject: "system:serviceaccount:default:other"))
        await fake.revokeTokens()
        try await Task.sleep(for: .milliseconds(1100))
        let refused = await #expect(throws: TokenError.self) { try await tokens.token() }
        #expect(String(describing: refused).contains("AADSTS700213"))

        // A file that went away names itself.
        try FileManager.default.removeItem(atPath: file)
        let missing = await #expect(throws: TokenError.self) { try await tokens.token() }
        #expect(String(describing: missing).contains("\(file): cannot read the federated token file"), "\(String(describing: missing))")

        try await http.shutdown()
        await fake.stop()
    }
}

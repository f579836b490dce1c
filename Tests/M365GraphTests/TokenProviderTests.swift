import Logging
import M365Graph
import M365TestSupport
import Testing

@Suite struct TokenProviderTests {
    @Test func sendsTheClientCredentialsGrantWithTheGraphScope() async throws {
        try await GraphTestContext.with { context in
            _ = try await context.tokens.token()
            let logins = await context.fake.requests.filter { $0.host == .login }
            #expect(logins.count == 1)
            let form = try #require(logins.first?.form)
            #expect(form["grant_type"] == "client_credentials")
            #expect(form["client_id"] == GraphTestContext.app.clientID)
            #expect(form["client_secret"] == GraphTestContext.app.clientSecret)
            #expect(form["scope"] == "\(context.fake.graphURL)/.default")
            #expect(logins.first?.path == "/\(GraphTestContext.app.tenantID)/oauth2/v2.0/token")
        }
    }

    @Test func reusesATokenUntilShortlyBeforeItExpires() async throws {
        try await GraphTestContext.with { context in
            // Eight seconds: renewed halfway, four seconds after the first
            // request was sent, which leaves a loaded machine room between
            // the first two calls.
            await context.fake.setTokenLifetime(seconds: 8)
            let first = try await context.tokens.token()
            let again = try await context.tokens.token()
            #expect(first.value == again.value)
            try await Task.sleep(for: .milliseconds(4200))
            let renewed = try await context.tokens.token()
            #expect(renewed.value != first.value)
            #expect(await context.fake.requests.filter { $0.host == .login }.count == 2)
        }
    }

    @Test func concurrentCallersShareOneTokenRequest() async throws {
        try await GraphTestContext.with { context in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { _ = try await context.tokens.token() } }
                try await group.waitForAll()
            }
            #expect(await context.fake.requests.filter { $0.host == .login }.count == 1)
        }
    }

    @Test func aWrongSecretGivesEntraIDsErrorAndNeverTheSecret() async throws {
        let wrong = "wr0ng-secret-value"
        try await GraphTestContext.with(secret: wrong) { context in
            let error = await #expect(throws: TokenError.self) { try await context.tokens.token() }
            let text = String(describing: error)
            #expect(text.contains("HTTP 401"))
            #expect(text.contains("invalid_client"))
            #expect(text.contains("AADSTS7000215"))
            #expect(!text.contains("Trace ID"))
            #expect(!text.contains(wrong))
            #expect(!String(reflecting: error).contains(wrong))
        }
    }

    @Test func aSecretNeverPrintsItself() {
        let secret = Secret("p@ss")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(ClientCredential.secret(secret), to: &dumped)
        #expect(!dumped.contains("p@ss"))
        #expect(Secret(fileContents: "abc\n").exposedValue == "abc")
        #expect(Secret(fileContents: "abc\r\n\n").exposedValue == "abc")
    }

    @Test func aRefusedRequestStandsForEveryCallerAndIsLoggedOnce() async throws {
        let wrong = "wr0ng-secret-value"
        try await GraphTestContext.with(secret: wrong, tokenFailureHold: .seconds(60)) { context in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { await #expect(throws: TokenError.self) { try await context.tokens.token() } }
                }
                try await group.waitForAll()
            }
            for _ in 0..<5 {
                await #expect(throws: TokenError.self) { try await context.tokens.token() }
            }
            // A refusal is final: no retry, and nothing asked again while it stands.
            #expect(await context.fake.requests.filter { $0.host == .login }.count == 1)
            let lines = context.logs.lines.filter { $0.level >= .warning }
            #expect(lines.count == 1)
            let text = try #require(lines.first?.description)
            #expect(text.contains("AADSTS7000215: Invalid client secret provided"))
            #expect(!text.contains("Trace ID"))
            #expect(!text.contains(wrong))
        }
    }
}

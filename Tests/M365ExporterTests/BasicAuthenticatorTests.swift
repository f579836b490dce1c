import Foundation
@testable import M365Exporter
import M365TestSupport
import Testing

/// The bcrypt check and its cache.
@Suite struct BasicAuthenticatorTests {
    /// `prometheus` with password `pa:ss wörd`, hashed by htpasswd, as the listener holds it.
    static func users() throws -> [String: String] {
        try WebConfig.parse(
            yaml: "basic_auth_users:\n  prometheus: \(try WebSecurityTests.htpasswd("prometheus", "pa:ss wörd"))\n",
            file: "web.yml", directory: "/").basicAuthUsers
    }

    static func header(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test func aRepeatedHeaderCostsOneBcryptCheck() async throws {
        let users = try Self.users()
        let authenticator = BasicAuthenticator()
        let right = Self.header("prometheus", "pa:ss wörd")
        for _ in 0..<20 { #expect(await authenticator.authenticate(right, users: users)) }
        #expect(authenticator.bcryptChecks == 1)
        let wrong = Self.header("prometheus", "pa:ss word")
        for _ in 0..<5 { #expect(!(await authenticator.authenticate(wrong, users: users))) }
        #expect(authenticator.bcryptChecks == 2)

        // Another hash for the user (a changed password) is checked anew.
        let changed = ["prometheus": try #require(BcryptHash.normalize(try WebSecurityTests.htpasswd("prometheus", "new")))]
        #expect(!(await authenticator.authenticate(right, users: changed)))
        #expect(await authenticator.authenticate(Self.header("prometheus", "new"), users: changed))
        #expect(authenticator.bcryptChecks == 4)
    }

    @Test(arguments: [
        nil, "", "Basic", "Basic !!!", "Bearer abc", "Basic " + Data("no-colon".utf8).base64EncodedString(),
        "Basic " + Data("admin:pa:ss wörd".utf8).base64EncodedString(),
    ])
    func refusesAnythingElse(_ header: String?) async throws {
        let users = try Self.users()
        #expect(!(await BasicAuthenticator().authenticate(header, users: users)))
    }

    @Test func theSchemeIsCaseInsensitive() async throws {
        let users = try Self.users()
        let header = Self.header("prometheus", "pa:ss wörd").replacingOccurrences(of: "Basic", with: "basic")
        #expect(await BasicAuthenticator().authenticate(header, users: users))
    }
}

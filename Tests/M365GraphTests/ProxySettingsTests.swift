import M365Graph
import Testing

/// Proxy selection as Go's `ProxyFromEnvironment` (golang.org/x/net/http/httpproxy)
/// documents it; the expected answers are Go's, written out by hand.
struct ProxySettingsTests {
    static let environment = [
        "HTTPS_PROXY": "http://user:p%40ss@proxy.corp:3128",
        "http_proxy": "plainproxy.corp",
        "NO_PROXY": " .internal.example, intranet.example:8443 , 10.0.0.0/8, 192.168.1.5, [fd00::1]:9000, *.wild.example",
    ]

    @Test(arguments: [
        // https targets take HTTPS_PROXY; http targets take http_proxy (no scheme: http://, port 80).
        ("https://graph.microsoft.com/v1.0/reports", "proxy.corp:3128"),
        ("http://graph.microsoft.com/", "plainproxy.corp:80"),
        // Loopback is never proxied, whatever NO_PROXY says.
        ("https://localhost:8443/", nil),
        ("https://127.0.0.1/", nil),
        ("https://127.10.0.1/", nil),
        ("https://[::1]:443/", nil),
        // ".internal.example" exempts subdomains, not the domain itself.
        ("https://a.internal.example/", nil),
        ("https://internal.example/", "proxy.corp:3128"),
        // "intranet.example:8443" exempts that port of the domain and its subdomains only.
        ("https://intranet.example:8443/", nil),
        ("https://x.intranet.example:8443/", nil),
        ("https://intranet.example/", "proxy.corp:3128"),
        // CIDR and single addresses are compared as addresses.
        ("https://10.20.30.40/", nil),
        ("https://11.0.0.1/", "proxy.corp:3128"),
        ("https://192.168.1.5:8080/", nil),
        ("https://192.168.1.6/", "proxy.corp:3128"),
        ("http://[fd00::1]:9000/", nil),
        ("http://[fd00::1]:9001/", "plainproxy.corp:80"),
        // "*.wild.example" is ".wild.example".
        ("https://deep.sub.wild.example/", nil),
        ("https://wild.example/", "proxy.corp:3128"),
        // Names are matched without regard to case; a suffix must start at a dot.
        ("https://A.INTERNAL.EXAMPLE/", nil),
        ("https://notinternal.example/", "proxy.corp:3128"),
    ] as [(String, String?)])
    func picksTheProxyAsGoDoes(url: String, expected: String?) throws {
        let settings = try ProxySettings.from(environment: Self.environment)
        #expect(settings.proxy(for: url).map(String.init(describing:)) == expected, "\(url)")
    }

    @Test func credentialsAreDecodedButNeverDescribed() throws {
        let settings = try ProxySettings.from(environment: Self.environment)
        let proxy = try #require(settings.httpsProxy)
        #expect(proxy.username?.exposedValue == "user")
        #expect(proxy.password?.exposedValue == "p@ss")
        #expect(!"\(proxy)".contains("user") && !"\(proxy)".contains("p@ss"))
        #expect(!settings.summary.contains("p%40ss") && !settings.summary.contains("user"))
    }

    @Test func upperCaseWinsAndAnAsteriskExemptsEverything() throws {
        let both = try ProxySettings.from(environment: [
            "HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2", "no_proxy": "*",
        ])
        #expect(both.httpsProxy.map(String.init(describing:)) == "upper:1")
        #expect(both.proxy(for: "https://graph.microsoft.com/") == nil)
        // An empty variable is no proxy.
        let empty = try ProxySettings.from(environment: ["HTTPS_PROXY": ""])
        #expect(empty.proxy(for: "https://graph.microsoft.com/") == nil)
    }

    @Test func anOverrideReplacesBothVariablesAndKeepsNoProxy() throws {
        let override = try ProxyServer.parse("http://flag-proxy:8080")
        let settings = try ProxySettings.from(environment: Self.environment, override: override)
        #expect(settings.proxy(for: "https://graph.microsoft.com/").map(String.init(describing:)) == "flag-proxy:8080")
        #expect(settings.proxy(for: "http://login.example/").map(String.init(describing:)) == "flag-proxy:8080")
        #expect(settings.proxy(for: "https://a.internal.example/") == nil)
    }

    @Test func aBadProxyURLNamesTheVariableAndNotThePassword() throws {
        #expect(throws: ProxySettingsError.self) {
            try ProxySettings.from(environment: ["HTTPS_PROXY": "https://user:topsecret@proxy:3128"])
        }
        do {
            _ = try ProxySettings.from(environment: ["HTTPS_PROXY": "http://user:topsecret@proxy:notaport"])
            Issue.record("a port that is not a number was accepted")
        } catch {
            #expect("\(error)".hasPrefix("HTTPS_PROXY: "))
            #expect(!"\(error)".contains("topsecret"))
        }
        #expect(throws: ProxyURLError.badHostOrPort) { try ProxyServer.parse("http://:3128") }
        #expect(try ProxyServer.parse("socks5://s:1080").kind == .socks5)
        #expect(throws: ProxyURLError.socksCredentials) { try ProxyServer.parse("socks5://u:p@s:1080") }
        #expect(try ProxyServer.parse("[fd00::2]:3128").description == "[fd00::2]:3128")
    }
}

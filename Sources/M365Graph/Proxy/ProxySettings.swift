/// Which proxy, if any, each outbound request goes through: the
/// `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` environment variables (upper
/// case first, then lower case, as Go reads them), or one proxy URL given in
/// the configuration, which replaces both `*_PROXY` variables (`NO_PROXY`
/// still applies).
///
/// As in Go's `ProxyFromEnvironment`: `https` targets take `HTTPS_PROXY`,
/// `http` targets `HTTP_PROXY`; an empty variable means no proxy.
public struct ProxySettings: Sendable, Equatable {
    public var httpsProxy: ProxyServer?
    public var httpProxy: ProxyServer?
    public var noProxy: NoProxyList

    /// The environment variables read, upper case before lower case.
    public static let environmentNames: Set<String> = [
        "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy",
    ]

    /// The proxies in use for the log, host and port only: `https=proxy:3128 http=direct`.
    public var summary: String {
        "https=\(httpsProxy.map(String.init(describing:)) ?? "direct") http=\(httpProxy.map(String.init(describing:)) ?? "direct")"
    }

    /// No proxy at all.
    public static let direct = ProxySettings(httpsProxy: nil, httpProxy: nil, noProxy: NoProxyList())

    public init(httpsProxy: ProxyServer?, httpProxy: ProxyServer?, noProxy: NoProxyList) {
        self.httpsProxy = httpsProxy
        self.httpProxy = httpProxy
        self.noProxy = noProxy
    }

    /// The settings of an environment; `override` (the `--graph.proxy-url`
    /// flag or `graph.proxy_url`) replaces `HTTPS_PROXY` and `HTTP_PROXY`.
    /// An error names the variable, never its value.
    public static func from(
        environment: [String: String], override: ProxyServer? = nil
    ) throws(ProxySettingsError) -> ProxySettings {
        func value(_ names: String...) -> (name: String, value: String)? {
            for name in names {
                if let text = environment[name], !text.isEmpty { return (name, text) }
            }
            return nil
        }
        func server(_ names: String...) throws(ProxySettingsError) -> ProxyServer? {
            for name in names {
                guard let text = environment[name], !text.isEmpty else { continue }
                do {
                    return try ProxyServer.parse(text)
                } catch {
                    throw ProxySettingsError(variable: name, problem: error)
                }
            }
            return nil
        }
        let noProxy = NoProxyList(value("NO_PROXY", "no_proxy")?.value ?? "")
        if let override {
            return ProxySettings(httpsProxy: override, httpProxy: override, noProxy: noProxy)
        }
        return ProxySettings(
            httpsProxy: try server("HTTPS_PROXY", "https_proxy"),
            httpProxy: try server("HTTP_PROXY", "http_proxy"),
            noProxy: noProxy)
    }

    /// The proxy a request to `url` goes through, or `nil` for a direct one.
    public func proxy(for url: String) -> ProxyServer? {
        guard let target = HostAndPort.target(of: url) else { return nil }
        let proxy: ProxyServer?
        switch target.scheme {
        case "https": proxy = httpsProxy
        case "http": proxy = httpProxy
        default: proxy = nil
        }
        guard let proxy, !noProxy.bypasses(host: target.host, port: target.port) else { return nil }
        return proxy
    }

    /// The proxies in use, each once.
    var servers: [ProxyServer] {
        var servers: [ProxyServer] = []
        for server in [httpsProxy, httpProxy].compactMap({ $0 }) where !servers.contains(server) {
            servers.append(server)
        }
        return servers
    }
}

/// A `*_PROXY` variable that cannot be used: names the variable, not its value.
public struct ProxySettingsError: Error, Sendable, CustomStringConvertible {
    public let variable: String
    public let problem: ProxyURLError
    public var description: String { "\(variable): \(problem)" }
}

import AsyncHTTPClient

/// The HTTP clients of every outbound request (token, Graph, download),
/// picked per request by ``ProxySettings``.
///
/// AsyncHTTPClient sends every request of one client through the one proxy
/// of its configuration and does not read `NO_PROXY`, so there is a direct
/// client and one client per proxy, each with the same configuration
/// otherwise, and each request takes the client its URL calls for.
public final class OutboundHTTP: Sendable {
    public let settings: ProxySettings
    private let direct: HTTPClient
    private let proxied: [(proxy: ProxyServer, client: HTTPClient)]
    /// Whether ``shutdown()`` shuts the clients down (it does not for a
    /// client handed in by its owner).
    private let owned: Bool

    /// Creates the clients: `configuration` for each, its proxy set per client.
    public init(settings: ProxySettings, configuration: HTTPClient.Configuration) {
        self.settings = settings
        var directConfiguration = configuration
        directConfiguration.proxy = nil
        direct = HTTPClient(eventLoopGroupProvider: .singleton, configuration: directConfiguration)
        proxied = settings.servers.map { server in
            var proxiedConfiguration = configuration
            proxiedConfiguration.proxy = server.clientProxy
            return (server, HTTPClient(eventLoopGroupProvider: .singleton, configuration: proxiedConfiguration))
        }
        owned = true
    }

    /// Every request through `client` as it is (tests, callers that own a client).
    public init(client: HTTPClient) {
        settings = .direct
        direct = client
        proxied = []
        owned = false
    }

    /// The client for a request to `url` and the proxy it goes through.
    public func client(for url: String) -> (client: HTTPClient, proxy: ProxyServer?) {
        guard let proxy = settings.proxy(for: url),
              let match = proxied.first(where: { $0.proxy == proxy })
        else { return (direct, nil) }
        return (match.client, proxy)
    }

    /// Shuts down the clients this object created.
    public func shutdown() async throws {
        guard owned else { return }
        var failure: (any Error)?
        for client in [direct] + proxied.map(\.client) {
            do { try await client.shutdown() } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

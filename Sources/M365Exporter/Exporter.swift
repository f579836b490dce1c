import AsyncHTTPClient
import Hummingbird
import HummingbirdCore
import Logging
import M365Graph
import M365Reports
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Puts the pieces together and runs them until SIGTERM or SIGINT: the
/// refresher, the HTTP listener, and the Graph client they share.
public enum Exporter {
    /// Runs the exporter until one of `shutdownSignals` arrives or the task is
    /// cancelled. `onListening` is told the bound address once the listener
    /// accepts connections (with port 0, the port chosen).
    public static func run(
        _ configuration: ExporterConfiguration,
        logger: Logger,
        shutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in }
    ) async throws {
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                // Redirects are followed by GraphReportClient, without the token.
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(10), read: .seconds(Int64(configuration.requestTimeout.seconds)))
            )
        )
        do {
            try await serve(
                configuration, http: http, logger: logger, shutdownSignals: shutdownSignals, onListening: onListening)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    private static func serve(
        _ configuration: ExporterConfiguration,
        http: HTTPClient,
        logger: Logger,
        shutdownSignals: [UnixSignal],
        onListening: @escaping @Sendable (ListenAddress) async -> Void
    ) async throws {
        let store = SnapshotStore()
        let refresher = Refresher(
            targets: targets(configuration, http: http, logger: logger),
            interval: configuration.refreshInterval,
            store: store,
            logger: logger)

        let responder = ExporterResponder(
            store: store,
            telemetryPath: configuration.telemetryPath,
            landingPage: LandingPage(
                version: ExporterVersion.current,
                telemetryPath: configuration.telemetryPath,
                mode: configuration.mode == .demo ? "demo mode (built-in sample data)" : "Microsoft Graph"))
        let webConfig = WebConfigStore(configuration.webConfig)
        let http1 = HTTP1Channel.Configuration(
            // Scrapers keep connections open between scrapes; idle ones are closed.
            idleTimeout: .seconds(120),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 100))
        let app = Application(
            responder: SecuredResponder(
                wrapped: responder, webConfig: webConfig, authenticator: BasicAuthenticator(),
                onAuthFailure: { store.recordAuthFailure() }),
            server: configuration.webConfig.config.tls == nil
                ? .http1(configuration: http1)
                : .reloadingTLS(configuration: http1, store: webConfig),
            configuration: .init(
                address: .hostname(configuration.listenAddress.host, port: configuration.listenAddress.port),
                serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.listenAddress.port
                let bound = ListenAddress(host: configuration.listenAddress.host, port: port)
                logger.info("listening", metadata: [
                    "address": "\(bound)", "telemetry_path": "\(configuration.telemetryPath)",
                    "tls": "\(configuration.webConfig.config.tls != nil)",
                ])
                await onListening(bound)
            },
            logger: logger)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app), .init(service: refresher)]
        if let file = configuration.webConfigFile {
            services.append(.init(service: WebConfigWatcher(file: file, store: webConfig, logger: logger)))
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: shutdownSignals,
            logger: logger))
        try await group.run()
    }

    /// One refresh target per report of each tenant.
    static func targets(_ configuration: ExporterConfiguration, http: HTTPClient, logger: Logger) -> [RefreshTarget] {
        let limiter = RequestLimiter(limit: configuration.maxConcurrency)
        var targets: [RefreshTarget] = []
        for tenant in configuration.tenants {
            let source: any ReportSource
            switch configuration.mode {
            case .demo:
                source = DemoReportSource()
            case .graph:
                guard let credentials = tenant.credentials else { continue }
                let tokens = TokenProvider(
                    http: http, credentials: credentials, graphURL: configuration.graphURL,
                    requestTimeout: configuration.requestTimeout)
                var tenantLogger = logger
                tenantLogger[metadataKey: "tenant"] = "\(tenant.name)"
                source = GraphReportSource(
                    client: GraphReportClient(
                        http: http, graphURL: configuration.graphURL, tokens: tokens, limiter: limiter,
                        requestTimeout: configuration.requestTimeout),
                    logger: tenantLogger)
            }
            for definition in tenant.reports {
                let periods = definition.labelsPeriod ? (tenant.periods ?? configuration.periods) : [.d7]
                targets.append(RefreshTarget(tenant: tenant.name, definition: definition, periods: periods, source: source))
            }
        }
        return targets
    }
}

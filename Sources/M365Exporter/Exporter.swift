import AsyncHTTPClient
import Crypto
import FoundationEssentials
import Hummingbird
import HummingbirdCore
import Logging
import M365Graph
import M365Reports
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// Puts the pieces together and runs them until SIGTERM or SIGINT: the
/// refresher, the HTTP listener, the configuration reloader, and the Graph
/// client they share.
public enum Exporter {
    /// Runs the exporter until one of `shutdownSignals` arrives or the task is
    /// cancelled. `reload` loads the configuration again on one of
    /// `reloadSignals` and on `POST /-/reload` (without it, a reload keeps
    /// `configuration`). `onListening` is told the bound address once the
    /// listener accepts connections (with port 0, the port chosen).
    ///
    /// `ownsProcess` is true when the exporter is the whole process (the
    /// command line): then it also gives back the pages of code that only
    /// its start ran (see m365_release_code_pages), and serves from an event
    /// loop of one thread of its own. A process that embeds it (the tests
    /// run many exporters in one) keeps its code pages, and its exporters
    /// serve from NIO's shared event loops, as a Hummingbird application
    /// does by default.
    public static func run(
        _ configuration: ExporterConfiguration,
        reload: (@Sendable () throws -> ExporterConfiguration)? = nil,
        logger: Logger,
        shutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        reloadSignals: [UnixSignal] = [.sighup],
        ownsProcess: Bool = false,
        onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in }
    ) async throws {
        var httpConfiguration = HTTPClient.Configuration(
            // Redirects are followed by GraphReportClient, without the token.
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(Int64(configuration.requestTimeout.seconds)))
        )
        // The client's own pool would otherwise queue requests past 8
        // connections per host, below a larger --graph.max-concurrency.
        // (Token requests, which the bound does not count, get room of their own.)
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.maxConcurrency + 8
        let http = OutboundHTTP(settings: configuration.proxy, configuration: httpConfiguration)
        do {
            try await serve(
                configuration, reload: reload ?? { configuration }, http: http, logger: logger,
                shutdownSignals: shutdownSignals, reloadSignals: reloadSignals, ownsProcess: ownsProcess,
                onListening: onListening)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    private static func serve(
        _ configuration: ExporterConfiguration,
        reload: @escaping @Sendable () throws -> ExporterConfiguration,
        http: OutboundHTTP,
        logger: Logger,
        shutdownSignals: [UnixSignal],
        reloadSignals: [UnixSignal],
        ownsProcess: Bool,
        onListening: @escaping @Sendable (ListenAddress) async -> Void
    ) async throws {
        let store = SnapshotStore()
        let loadedAt = Date().timeIntervalSince1970
        // One limiter for every tenant, kept across reloads.
        let limiter = RequestLimiter(limit: configuration.maxConcurrency)
        // Each app and tenant's Retry-After, kept across reloads too.
        let gates = ThrottleGates()
        // Token requests by tenant and outcome, kept across reloads.
        let tokenRequests = TokenRequestCounter()
        let makeTargets: @Sendable (ExporterConfiguration) -> [RefreshTarget] = {
            targets($0, http: http, limiter: limiter, gates: gates, tokenRequests: tokenRequests, logger: logger)
        }
        let refresher = Refresher(
            targets: makeTargets(configuration),
            interval: configuration.refreshInterval,
            refreshLimit: Refresher.refreshLimit(graphMaxConcurrency: configuration.maxConcurrency),
            store: store,
            logger: logger,
            reload: ConfigReloadStatus(successful: true, lastSuccess: loadedAt),
            tokenRequests: tokenRequests,
            releasesCodePages: ownsProcess)
        let reloader = ConfigurationReloader(
            running: configuration, loadedAt: loadedAt, load: reload, makeTargets: makeTargets, refresher: refresher, logger: logger)

        let responder = ExporterResponder(
            store: store,
            telemetryPath: configuration.telemetryPath,
            landingPage: LandingPage(
                version: ExporterVersion.current,
                telemetryPath: configuration.telemetryPath,
                mode: configuration.mode == .demo ? "demo mode (built-in sample data)" : "Microsoft Graph"),
            reloader: reloader,
            statuses: { await refresher.currentStatuses() })
        let webConfig = WebConfigStore(configuration.webConfig)
        let http1 = HTTP1Channel.Configuration(
            // Tells the request deadline when a request is complete.
            additionalChannelHandlers: [RequestEndHandler()],
            // Scrapers keep connections open between scrapes; idle ones are closed.
            idleTimeout: .init(configuration.idleTimeout),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 100))
        // Room kept below the open-file limit for Graph and token
        // connections (the pool may open maxConcurrency + 8 per host),
        // credential files and the runtime's own descriptors.
        let connectionLimit = OpenFileLimit.connectionLimit(
            configured: configuration.maxConnections, softLimit: OpenFileLimit.current()?.soft,
            reserve: 2 * configuration.maxConcurrency + 128)
        if connectionLimit < configuration.maxConnections {
            logger.warning("the open-file limit lowers the connection limit", metadata: [
                "configured": "\(configuration.maxConnections)", "applied": "\(connectionLimit)",
                "open_file_limit": "\(OpenFileLimit.current()?.soft ?? 0)",
            ])
        }
        let bindHost = configuration.listenAddress.bindHost()
        if configuration.listenAddress.isEveryInterface, bindHost == "::", ListenAddress.ipv6OnlyByDefault {
            logger.warning("net.ipv6.bindv6only is 1: the listener takes IPv6 connections only; give 0.0.0.0:PORT for IPv4")
        }
        // The command line's listener has an event loop of its own, one
        // thread, apart from the one the Graph client uses. With one thread
        // per core (NIO's default) on a two-core machine shared with the
        // scrapers, a listener thread the kernel puts aside holds every
        // connection it serves: 32 scrapes of a 25 MB exposition had a p99 of
        // 1.8 to 3.7 s against 0.33 to 0.36 s on one thread, which also
        // answered more of them (docs/scaling.md). One thread writes
        // gigabytes a second; the work that is not I/O (renders, bcrypt)
        // runs elsewhere.
        //
        // Neither loop is ever shut down. An embedded run's listener is on
        // NIO's singleton loops, not one made for the run: Hummingbird ends
        // a server in a task of its own that can outlive `run()`, and that
        // task's last release (NIOExtras' ServerQuiescingHelper) completes a
        // promise on the listener's loop. On a loop already shut down, NIO
        // prints "Cannot schedule tasks on an EventLoop that has already shut
        // down" (a crash with SWIFTNIO_STRICT, and in NIO's future): 6 to 12
        // times per run of the test suite, and in 5 of 30 starts and stops
        // of the command line's demo when its loop was shut down after it.
        let listenerLoop: any EventLoopGroup = ownsProcess ? Self.processListenerLoop : MultiThreadedEventLoopGroup.singleton
        let app = Application(
            responder: SecuredResponder(
                wrapped: responder, webConfig: webConfig, authenticator: BasicAuthenticator(),
                onAuthFailure: { store.recordAuthFailure() }, onAuthThrottled: { store.recordAuthThrottled() }),
            server: .guardedHTTP1(
                configuration: http1,
                tls: configuration.webConfig.config.tls == nil ? nil : webConfig,
                gate: ConnectionGate(limit: connectionLimit),
                requestTimeout: configuration.webRequestTimeout,
                onRejected: { store.recordRejectedConnection() },
                onDeadline: { store.recordRequestDeadline() }),
            configuration: .init(
                address: .hostname(bindHost, port: configuration.listenAddress.port),
                serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.listenAddress.port
                let bound = ListenAddress(host: bindHost, port: port)
                logger.info("listening", metadata: [
                    "address": "\(bound)", "telemetry_path": "\(configuration.telemetryPath)",
                    "tls": "\(configuration.webConfig.config.tls != nil)",
                ])
                await onListening(bound)
            },
            eventLoopGroupProvider: .shared(listenerLoop),
            logger: logger)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: app), .init(service: refresher),
            .init(service: ReloadSignalHandler(reloader: reloader, signals: reloadSignals, logger: logger)),
        ]
        if let file = configuration.webConfigFile {
            services.append(.init(service: WebConfigWatcher(file: file, store: webConfig, logger: logger)))
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: shutdownSignals,
            logger: logger)
        // Orchestrators kill a process that takes longer than their grace
        // period (Kubernetes: 30 s, systemd: 90 s). Whatever Graph, a
        // download or the token endpoint is doing, the services get 3 s to
        // end gracefully, then are cancelled (refreshes end at once, each
        // request cancelled).
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(3)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
    }

    /// The listener's event loop when the exporter is the process: one
    /// thread for the life of the process, as NIO's singleton groups are,
    /// never shut down (why: where `serve` chooses the listener's loop).
    private static let processListenerLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// One refresh target per report and per collector of each tenant.
    static func targets(
        _ configuration: ExporterConfiguration, http: OutboundHTTP, limiter: RequestLimiter, gates: ThrottleGates,
        tokenRequests: TokenRequestCounter = TokenRequestCounter(), logger: Logger
    ) -> [RefreshTarget] {
        var targets: [RefreshTarget] = []
        // One per report and periods, shared by the tenants that ask the same.
        var asked: [ReportAskedKey: ReportAsked] = [:]
        func periods(_ definition: ReportDefinition, of tenant: TenantConfiguration) -> [ReportPeriod] {
            definition.labelsPeriod ? (tenant.periods ?? configuration.periods) : [.d7]
        }
        for tenant in configuration.tenants {
            let source: any ReportSource
            var collectorSource: (any CollectorSource)?
            var collectors = tenant.collectors
            switch configuration.mode {
            case .demo:
                source = DemoReportSource()
                collectorSource = DemoCollectorSource()
            case .graph:
                guard let credentials = tenant.credentials else { continue }
                var tenantLogger = logger
                tenantLogger[metadataKey: "tenant"] = "\(tenant.name)"
                // A refused token request stands until the next refresh: one
                // request and one log line per refresh, however many reports.
                // A transient failure is held for seconds only.
                let tenantName = tenant.name
                let tokens = TokenProvider(
                    http: http, credentials: credentials, graphURL: configuration.graphURL,
                    requestTimeout: configuration.requestTimeout,
                    failureHold: configuration.refreshInterval * 0.9,
                    onRequest: { tokenRequests.record(tenant: tenantName, $0) },
                    logger: tenantLogger)
                let gate = gates.gate(tenantID: credentials.tenantID, clientID: credentials.clientID)
                source = GraphReportSource(
                    client: GraphReportClient(
                        http: http, graphURL: configuration.graphURL, tokens: tokens, limiter: limiter,
                        requestTimeout: configuration.requestTimeout, maxBodyBytes: configuration.maxBodyBytes,
                        gate: gate, cloud: configuration.cloud),
                    logger: tenantLogger,
                    expectedTags: tenant.reports.reduce(0) { $0 + periods($1, of: tenant).count },
                    expectedReports: tenant.reports.count)
                let inUse: CredentialExpirySeries.InUse
                var certificateExpiry: Double?
                switch credentials.credential {
                case .secret(let secret): inUse = .secretPrefix(String(secret.exposedValue.prefix(3)))
                case .certificate(let certificate):
                    inUse = .certificateThumbprint(base64: certificate.thumbprintBase64)
                    certificateExpiry = certificate.expiryUnixTime
                    // Read from the certificate itself: no request, no permission.
                    collectors.append(.certificateFile)
                case .federatedToken: inUse = .other
                }
                collectorSource = GraphCollectorSource(
                    client: GraphJSONClient(
                        http: http, graphURL: configuration.graphURL, tokens: tokens, limiter: limiter,
                        requestTimeout: configuration.requestTimeout, maxBodyBytes: configuration.maxBodyBytes,
                        gate: gate),
                    clientID: credentials.clientID, inUse: inUse, certificateNotAfter: certificateExpiry,
                    logger: tenantLogger)
            }
            let identity = tenant.credentials.map {
                [$0.tenantID, $0.clientID, $0.authorityHost, configuration.graphURL].joined(separator: "\u{0}")
            } ?? ""
            let credentialDigest = tenant.credentials.map { credentialFingerprint($0.credential) } ?? ""
            for definition in tenant.reports {
                let key = ReportAskedKey(definition: definition, periods: periods(definition, of: tenant))
                let shared = asked[key] ?? ReportAsked(definition: definition, periods: key.periods)
                asked[key] = shared
                var target = RefreshTarget(tenant: tenant.name, asked: shared, source: source)
                target.identity = identity
                target.credentialDigest = credentialDigest
                targets.append(target)
            }
            if let collectorSource {
                for collector in collectors {
                    var target = RefreshTarget(
                        tenant: tenant.name, collector: collector, interval: configuration.interval(of: collector),
                        source: collectorSource)
                    target.identity = identity
                    target.credentialDigest = credentialDigest
                    targets.append(target)
                }
            }
        }
        return targets
    }

    private struct ReportAskedKey: Hashable {
        let definition: ReportDefinition
        let periods: [ReportPeriod]
    }

    /// A SHA-256 of what a credential proves itself with, so that a reload
    /// can tell a rotated credential without keeping the secret twice.
    static func credentialFingerprint(_ credential: ClientCredential) -> String {
        var hasher = SHA256()
        switch credential {
        case .secret(let secret): hasher.update(data: Data(("secret\u{0}" + secret.exposedValue).utf8))
        case .certificate(let certificate): hasher.update(data: Data(("certificate\u{0}").utf8) + Data(certificate.sha256Thumbprint))
        case .federatedToken(let file): hasher.update(data: Data(("token-file\u{0}" + file.path).utf8))
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

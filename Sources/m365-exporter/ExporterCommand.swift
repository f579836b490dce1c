import ArgumentParser
import CMallocTuning
import FoundationEssentials
import Logging
import M365Exporter
import M365Graph
import M365Reports
import NIOCore
import NIOPosix

/// `m365-exporter`: flags as SPEC.md spells them (Prometheus' dotted names),
/// credentials from the Azure SDKs' environment variables.
@main
struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m365-exporter",
        abstract: "Prometheus exporter for the Microsoft 365 usage reports of Microsoft Graph.",
        discussion: """
            Credentials come from --config.file (many tenants, each with its credential \
            file; SIGHUP or POST /-/reload reads it again) or from the environment, as the \
            Azure SDKs read them: AZURE_TENANT_ID, AZURE_CLIENT_ID and one of \
            AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH (PEM with key and certificate) \
            or AZURE_FEDERATED_TOKEN_FILE (workload identity), for an app registration with \
            the Reports.Read.All application permission; AZURE_AUTHORITY_HOST selects the \
            login host. --demo serves built-in sample data without credentials.
            """,
        version: ExporterVersion.current,
        subcommands: [BackfillCommand.self, CatalogCommand.self])

    @Option(name: .customLong("web.listen-address"), help: "Address and port of the HTTP listener.")
    var listenAddress = ":10365"

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which the metrics are served.")
    var telemetryPath = "/metrics"

    @Option(name: .customLong("web.config.file"), help: "TLS and basic-auth file in the format of prometheus/exporter-toolkit; re-read when it changes.")
    var webConfigFile: String?

    @Option(name: .customLong("web.max-connections"), help: "Connections the listener holds at once; more are closed at once (default 4096, lowered to what the open-file limit allows).")
    var maxConnections: String?

    @Option(name: .customLong("web.request-timeout"), help: "Deadline of one HTTP request, head and body, from its first byte (default 30s).")
    var webRequestTimeout: String?

    @Option(name: .customLong("config.file"), help: "YAML file: tenants, credentials by reference, reports, periods, intervals.")
    var configFile: String?

    @Option(name: .customLong("refresh.interval"), help: "How often each report is fetched (30s, 5m, 1h; default 1h).")
    var refreshInterval: String?

    @Option(name: .customLong("reports"), help: ArgumentHelp(
        "Comma-separated report functions and groups (teams, exchange, copilot, onedrive, sharepoint, yammer, skype, office) to fetch; all for every report; default for the seed reports, the daily active users per service, the Teams, email, OneDrive and SharePoint active-user counts and the Copilot user count summary (--demo without --reports serves all).",
        valueName: "reports"))
    var reports: String?

    @Option(name: .customLong("reports.periods"), help: "Comma-separated periods for the reports that aggregate a period, getOffice365ServicesUserCounts and the distribution reports (D7, D30, D90, D180; default D7).")
    var periods: String?

    @Option(name: .customLong("graph.url"), help: "Microsoft Graph base URL (default: the --azure.cloud preset).")
    var graphURL: String?

    @Option(name: .customLong("graph.max-concurrency"), help: "Graph requests in flight, all tenants together (default 8).")
    var maxConcurrency: String?

    @Option(name: .customLong("graph.timeout"), help: "Timeout of one HTTP request to Graph or the token endpoint.")
    var requestTimeout = "60s"

    @Option(name: .customLong("graph.proxy-url"), help: ArgumentHelp(
        "Proxy of every outbound request (http://[user:pass@]host:port); replaces HTTPS_PROXY and HTTP_PROXY, NO_PROXY still applies.",
        valueName: "url"))
    var proxyURL: String?

    @Option(name: .customLong("graph.max-body-size"), help: "Largest answer accepted from Graph or a report download (default 16MiB); larger ones are refused while they stream.")
    var maxBodySize: String?

    @Option(name: .customLong("azure.cloud"), help: "global, usgov, usgovdod or china: sets the Graph URL and the authority host (default global).")
    var cloud: String?

    @Option(name: .customLong("tenants.shard"), help: "I/N: keep only the tenants whose name hashes to shard I of N (I may be a StatefulSet pod name).")
    var shard: String?

    @Flag(name: .customLong("demo"), help: "Serve built-in sample data of a fictional tenant, every report unless --reports says otherwise; no credentials needed.")
    var demo = false

    @Flag(name: .customLong("collector.licenses"), inversion: .prefixedNo, help: "Licences bought, assigned and their state per product (subscribedSkus; needs Organization.Read.All). Off by default.")
    var licensesCollector: Bool?

    @Flag(name: .customLong("collector.service-health"), inversion: .prefixedNo, help: "Microsoft's service health: status per service and open incidents and advisories (needs ServiceHealth.Read.All). Off by default.")
    var serviceHealthCollector: Bool?

    @Flag(name: .customLong("collector.credentials"), inversion: .prefixedNo, help: "Expiry of the app's client secrets and certificates, from its own application object (needs Application.Read.All). Off by default.")
    var credentialsCollector: Bool?

    @Option(name: .customLong("collector.licenses.interval"), help: ArgumentHelp("How often the licences collector refreshes (default 1h).", valueName: "duration"))
    var licensesInterval: String?

    @Option(name: .customLong("collector.service-health.interval"), help: ArgumentHelp("How often the service-health collector refreshes (default 5m).", valueName: "duration"))
    var serviceHealthInterval: String?

    @Option(name: .customLong("collector.credentials.interval"), help: ArgumentHelp("How often the credentials collector refreshes (default 1h).", valueName: "duration"))
    var credentialsInterval: String?

    @Option(name: .customLong("log.level"), help: "debug, info, warn or error.")
    var logLevel = "info"

    @Option(name: .customLong("log.format"), help: "logfmt or json.")
    var logFormat = "logfmt"

    /// Like ArgumentParser's own entry point, but a usage error exits with
    /// status 2, as Prometheus' exporters do, rather than 64.
    static func main() async {
        // Measured with 1,000 demo tenants: 184 MB resident instead of 238 MB.
        m365_tune_malloc()
        // Tasks run on NIO's event loops (one thread per core), not on
        // libdispatch's pool. Every answer from Graph resumes a task from an
        // event loop: with libdispatch, each resume is a thread switch and a
        // dispatch continuation allocated on one thread and freed into
        // another's cache, and the pool's threads each keep caches of their
        // own. Measured after the first refresh of a thousand tenants (the
        // fake Graph answering at once): glibc's heap 14.4 -> 8.6 MiB
        // resident, anonymous memory 48.5 -> 44.3 MiB.
        // Called first, on the main thread, as NIO requires.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        StandardStream.ignoreBrokenPipes()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardStream.write(fullMessage(for: error) + "\n", to: .standardError)
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration: ExporterConfiguration
        let loader: ConfigurationLoader
        let logger: Logger
        do {
            logger = try makeLogger()
            loader = try makeLoader(environment: environment)
            configuration = try loader.load()
        } catch {
            StandardStream.write("m365-exporter: \(error)\n", to: .standardError)
            throw ExitCode(2)
        }
        if let (before, after) = OpenFileLimit.raiseToHard() {
            logger.debug("open-file limit", metadata: ["soft_before": "\(before)", "soft": "\(after)"])
        }
        logger.info("starting m365-exporter", metadata: [
            "version": "\(ExporterVersion.current)",
            "mode": "\(configuration.mode == .demo ? "demo" : "graph")",
            "tenants": "\(configuration.tenants.count)",
            "refresh_interval": "\(GoDuration.format(configuration.refreshInterval))",
            "proxy": "\(configuration.proxy.summary)",
        ])
        for tenant in configuration.tenants {
            guard let credentials = tenant.credentials else { continue }
            var metadata: Logger.Metadata = [
                "tenant": "\(tenant.name)", "credential": "\(credentials.credential.kind)",
                "authority_host": "\(credentials.authorityHost)", "graph_url": "\(configuration.graphURL)",
                "collectors": "\(tenant.collectors.map(\.name).joined(separator: ","))",
            ]
            switch credentials.credential {
            case .certificate(let certificate): metadata["thumbprint"] = "\(certificate.thumbprint)"
            case .federatedToken(let file): metadata["token_file"] = "\(file.path)"
            case .secret: break
            }
            logger.info("credentials", metadata: metadata)
        }
        do {
            try await Exporter.run(configuration, reload: { try loader.load() }, logger: logger, ownsProcess: true)
        } catch {
            logger.error("exporter stopped", metadata: ["err": "\(error)"])
            throw ExitCode(1)
        }
        logger.info("stopped")
    }

    func makeLogger() throws(UsageError) -> Logger {
        guard let format = LogFormat(rawValue: logFormat) else {
            throw UsageError("--log.format: \"\(logFormat)\" is not logfmt or json")
        }
        let levels: [String: Logger.Level] = ["debug": .debug, "info": .info, "warn": .warning, "error": .error]
        guard let level = levels[logLevel] else {
            throw UsageError("--log.level: \"\(logLevel)\" is not debug, info, warn or error")
        }
        LoggingSystem.bootstrap { _ in LineLogHandler(format: format, level: level) }
        return Logger(label: "m365-exporter")
    }

    /// The validated configuration of the flags, the configuration file and
    /// the environment (the `backfill` command reads its credentials and
    /// reports the same way).
    func makeConfiguration(environment: [String: String]) throws(UsageError) -> ExporterConfiguration {
        let loader = try makeLoader(environment: environment)
        do {
            return try loader.load()
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError(String(describing: error))
        }
    }

    /// The loader of the configuration at start and on every reload.
    func makeLoader(environment: [String: String]) throws(UsageError) -> ConfigurationLoader {
        var flags = ConfigurationLoader.Flags()
        guard let address = ListenAddress(parsing: listenAddress) else {
            throw UsageError("--web.listen-address: \"\(listenAddress)\" is not HOST:PORT (for example :10365)")
        }
        flags.listenAddress = address
        guard telemetryPath.hasPrefix("/") else {
            throw UsageError("--web.telemetry-path: \"\(telemetryPath)\" must start with /")
        }
        flags.telemetryPath = telemetryPath
        if let refreshInterval {
            flags.refreshInterval = try Self.checked(
                ConfigurationLimits.duration(refreshInterval, in: ConfigurationLimits.refreshInterval), flag: "--refresh.interval")
        }
        flags.requestTimeout = try Self.checked(
            ConfigurationLimits.duration(requestTimeout, in: ConfigurationLimits.requestTimeout), flag: "--graph.timeout")
        if let maxConnections {
            flags.maxConnections = try Self.checked(
                ConfigurationLimits.count(maxConnections, in: ConfigurationLimits.maxConnections), flag: "--web.max-connections")
        }
        if let webRequestTimeout {
            flags.webRequestTimeout = try Self.checked(
                ConfigurationLimits.duration(webRequestTimeout, in: ConfigurationLimits.webRequestTimeout),
                flag: "--web.request-timeout")
        }
        if let periods {
            do {
                flags.periods = try ReportPeriod.parseList(periods)
            } catch {
                throw UsageError("--reports.periods: \(error)")
            }
        }
        if let reports {
            do {
                flags.reports = try ReportCatalog.standard.select(list: reports)
            } catch {
                throw UsageError("--reports: \(error)")
            }
        }
        if let maxConcurrency {
            flags.maxConcurrency = try Self.checked(
                ConfigurationLimits.count(maxConcurrency, in: ConfigurationLimits.maxConcurrency), flag: "--graph.max-concurrency")
        }
        if let cloud {
            guard let azureCloud = AzureCloud(named: cloud) else {
                throw UsageError("--azure.cloud: \"\(cloud)\" is not global, usgov, usgovdod or china")
            }
            flags.cloud = azureCloud
        }
        if let graphURL {
            guard graphURL.hasPrefix("http://") || graphURL.hasPrefix("https://") else {
                throw UsageError("--graph.url: \"\(graphURL)\" is not an http(s) URL")
            }
            flags.graphURL = graphURL
        }
        if let proxyURL {
            do {
                flags.proxyURL = try ProxyServer.parse(proxyURL)
            } catch {
                // The URL itself is not quoted: it may carry a password.
                throw UsageError("--graph.proxy-url: \(error)")
            }
        }
        if let maxBodySize {
            guard let bytes = ByteSize.parse(maxBodySize) else {
                throw UsageError("--graph.max-body-size: \"\(maxBodySize)\" is not a size of at least 1KiB (16MiB, 512KiB, 1GiB or bytes)")
            }
            flags.maxBodyBytes = bytes
        }
        if let shard {
            guard let parsed = TenantShard(parsing: shard) else {
                throw UsageError("--tenants.shard: \"\(shard)\" is not I/N with 0 <= I < N (for example 0/3)")
            }
            flags.shard = parsed
        }
        flags.demo = demo
        let switches: [(CollectorKind, Bool?, String?)] = [
            (.licenses, licensesCollector, licensesInterval),
            (.serviceHealth, serviceHealthCollector, serviceHealthInterval),
            (.credentials, credentialsCollector, credentialsInterval),
        ]
        for (kind, enabled, interval) in switches {
            if let enabled {
                if enabled { flags.enabledCollectors.insert(kind) } else { flags.disabledCollectors.insert(kind) }
            }
            if let interval {
                guard let duration = GoDuration.parse(interval), duration >= .seconds(1) else {
                    throw UsageError("--collector.\(kind.name).interval: \"\(interval)\" is not a duration of at least 1s (30s, 5m, 1h)")
                }
                flags.collectorIntervals[kind] = duration
            }
        }
        if let webConfigFile {
            let file = WebConfigFile(path: webConfigFile)
            do {
                flags.webConfig = try file.load()
            } catch {
                throw UsageError("--web.config.file: \(error)")
            }
            flags.webConfigFile = file
        }
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        var loader = ConfigurationLoader(
            flags: flags, configFile: configFile, environmentAuthorityHost: value("AZURE_AUTHORITY_HOST"),
            environmentTenant: { authority throws(UsageError) in
                try Self.environmentTenant(environment, authorityHost: authority)
            })
        loader.proxyEnvironment = environment.filter { ProxySettings.environmentNames.contains($0.key) }
        // A proxy variable that cannot be used stops the start here, naming the variable.
        do {
            _ = try ProxySettings.from(environment: loader.proxyEnvironment, override: flags.proxyURL)
        } catch {
            throw UsageError("\(error)")
        }
        return loader
    }

    /// The value of a range-checked flag, or a usage error naming the flag.
    private static func checked<Value>(
        _ result: Result<Value, ConfigurationLimits.RangeError>, flag: String
    ) throws(UsageError) -> Value {
        switch result {
        case .success(let value): return value
        case .failure(let problem): throw UsageError("\(flag): \(problem.message)")
        }
    }

    /// The single tenant of the `AZURE_*` variables; its `tenant` label is
    /// the tenant id. `authorityHost` is already resolved (the file's
    /// `azure.authority_host` wins over `AZURE_AUTHORITY_HOST`).
    private static func environmentTenant(
        _ environment: [String: String], authorityHost: String
    ) throws(UsageError) -> TenantConfiguration {
        var environment = environment
        environment["AZURE_AUTHORITY_HOST"] = nil
        let credentials: TenantCredentials
        do {
            credentials = try EnvironmentCredential.credentials(from: environment, defaultAuthorityHost: authorityHost)
        } catch {
            if case .missing = error {
                throw UsageError("\(error), list tenants in --config.file, or run with --demo to serve sample data")
            }
            throw UsageError("\(error)")
        }
        if case .federatedToken(let file) = credentials.credential {
            // Read once at start so that a wrong path stops here; every
            // token request reads it again.
            do { _ = try file.read() } catch { throw UsageError("AZURE_FEDERATED_TOKEN_FILE: \(error)") }
        }
        return TenantConfiguration(name: credentials.tenantID, credentials: credentials)
    }
}

/// A flag or environment value that cannot be used; exits with status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

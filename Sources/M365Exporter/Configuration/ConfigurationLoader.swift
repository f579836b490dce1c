import M365Graph
import M365Reports

/// Builds the running configuration from its three sources, in the order of
/// precedence SPEC.md gives: a flag on the command line, then the
/// configuration file, then the `AZURE_*` environment, then the
/// `--azure.cloud` preset. The same loader runs at start and on every
/// reload, so a reload sees exactly what a restart would.
public struct ConfigurationLoader: Sendable {
    /// Values from the command line, already checked; `nil` where the flag
    /// was not given, so that the file's value applies.
    public struct Flags: Sendable {
        public var listenAddress = ListenAddress(host: "", port: 10365)
        public var telemetryPath = "/metrics"
        public var requestTimeout: Duration = .seconds(60)
        public var refreshInterval: Duration?
        public var periods: [ReportPeriod]?
        /// `--reports`: the reports of every tenant without its own list.
        public var reports: [ReportDefinition]?
        public var graphURL: String?
        public var maxConcurrency: Int?
        /// `--graph.proxy-url`: replaces `HTTPS_PROXY` and `HTTP_PROXY`.
        public var proxyURL: ProxyServer?
        /// `--graph.max-body-size`, in bytes.
        public var maxBodyBytes: Int?
        /// `--web.max-connections`.
        public var maxConnections: Int?
        /// `--web.request-timeout`.
        public var webRequestTimeout: Duration?
        public var cloud: AzureCloud?
        public var shard: TenantShard?
        public var demo = false
        /// `--collector.NAME`: on for every tenant, whatever the file says.
        public var enabledCollectors: Set<CollectorKind> = []
        /// `--no-collector.NAME`: off for every tenant, whatever the file says.
        public var disabledCollectors: Set<CollectorKind> = []
        /// `--collector.NAME.interval`.
        public var collectorIntervals: [CollectorKind: Duration] = [:]
        /// `--web.config.file`, read at start; its own watcher reloads it.
        public var webConfigFile: WebConfigFile?
        public var webConfig: LoadedWebConfig = .open

        public init() {}
    }

    public var flags: Flags
    /// `--config.file`, if given.
    public var configFile: String?
    /// `AZURE_AUTHORITY_HOST`, if set.
    public var environmentAuthorityHost: String?
    /// The environment's proxy variables (`HTTPS_PROXY`, `HTTP_PROXY`,
    /// `NO_PROXY` and their lowercase forms); only these are read from it.
    public var proxyEnvironment: [String: String] = [:]
    /// The single tenant of the `AZURE_*` variables, asked for only when the
    /// file lists no tenants; it is given the authority host to use.
    public var environmentTenant: @Sendable (_ authorityHost: String) throws -> TenantConfiguration

    public init(
        flags: Flags, configFile: String?, environmentAuthorityHost: String?,
        environmentTenant: @escaping @Sendable (_ authorityHost: String) throws -> TenantConfiguration
    ) {
        self.flags = flags
        self.configFile = configFile
        self.environmentAuthorityHost = environmentAuthorityHost
        self.environmentTenant = environmentTenant
    }

    /// Reads the file (if any) and the credential files it names, and
    /// returns the whole configuration, or the first mistake found.
    public func load() throws -> ExporterConfiguration {
        let file = try configFile.map { path throws(ConfigurationError) in try ConfigurationFile.load(path: path) }
        let cloud = flags.cloud ?? file?.cloud ?? .global
        let graphURL = flags.graphURL ?? file?.graphURL ?? cloud.graphURL
        let authority = file?.authorityHost ?? environmentAuthorityHost ?? cloud.authorityHost
        let proxy = try ProxySettings.from(environment: proxyEnvironment, override: flags.proxyURL ?? file?.proxyURL)
        let defaultReports = flags.reports ?? file?.reports ?? ReportCatalog.defaultReports

        var tenants: [TenantConfiguration] = []
        if let file, !file.tenants.isEmpty {
            for entry in file.tenants {
                tenants.append(try tenant(entry, file: configFile ?? "", authority: authority, defaultReports: defaultReports))
            }
        } else if flags.demo {
            // The demo tenant costs no Graph request, so without a selection it
            // serves the whole catalog: every dashboard panel has data.
            let reports = flags.reports ?? file?.reports ?? ReportCatalog.all
            tenants = [TenantConfiguration(name: DemoReportSource.tenantName, credentials: nil, reports: reports)]
        } else {
            var tenant = try environmentTenant(authority)
            tenant.reports = defaultReports
            tenants = [tenant]
        }
        if let shard = flags.shard {
            tenants = tenants.filter { shard.contains($0.name) }
        }
        // The file's lists (a tenant's own, else the global one; in demo mode
        // every collector, so that the demo shows them), then the flags.
        let defaultCollectors = file?.collectors ?? (flags.demo ? CollectorKind.selectable : [])
        for index in tenants.indices {
            let listed = file?.tenants.first { $0.name == tenants[index].name }?.collectors ?? defaultCollectors
            tenants[index].collectors = CollectorKind.selectable.filter { kind in
                !flags.disabledCollectors.contains(kind) && (listed.contains(kind) || flags.enabledCollectors.contains(kind))
            }
        }
        var configuration = ExporterConfiguration(
            listenAddress: flags.listenAddress,
            telemetryPath: flags.telemetryPath,
            refreshInterval: flags.refreshInterval ?? file?.refreshInterval ?? .seconds(3600),
            periods: flags.periods ?? file?.periods ?? [.d7],
            graphURL: graphURL,
            cloud: GraphCloud(rawValue: cloud.name) ?? .global,
            maxConcurrency: flags.maxConcurrency ?? file?.maxConcurrency ?? 8,
            requestTimeout: flags.requestTimeout,
            proxy: proxy,
            maxBodyBytes: flags.maxBodyBytes ?? file?.maxBodyBytes ?? GraphReportClient.defaultMaxBodyBytes,
            maxConnections: flags.maxConnections ?? file?.maxConnections ?? ExporterConfiguration.defaultMaxConnections,
            webRequestTimeout: flags.webRequestTimeout ?? file?.webRequestTimeout ?? .seconds(30),
            tenants: tenants,
            mode: flags.demo ? .demo : .graph,
            webConfigFile: flags.webConfigFile,
            webConfig: flags.webConfig,
            shard: flags.shard,
            configFile: configFile)
        configuration.collectorIntervals = flags.collectorIntervals
        return configuration
    }

    /// A tenant of the file with its credential read; in demo mode no
    /// credential is needed and no file is read.
    private func tenant(
        _ entry: ConfigurationFile.Tenant, file: String, authority: String, defaultReports: [ReportDefinition]
    ) throws(ConfigurationError) -> TenantConfiguration {
        var credentials: TenantCredentials?
        if !flags.demo {
            guard let reference = entry.credential else {
                throw ConfigurationError(
                    file: file, line: entry.line, location: "tenant \"\(entry.name)\"",
                    problem: "no credential: set one of \(CredentialReference.keys.joined(separator: ", "))")
            }
            let credential: ClientCredential
            do {
                credential = try reference.credential()
            } catch {
                throw ConfigurationError(
                    file: file, line: entry.line, location: "tenant \"\(entry.name)\": \(reference.key)",
                    problem: error.description)
            }
            credentials = TenantCredentials(
                tenantID: entry.tenantID, clientID: entry.clientID, credential: credential, authorityHost: authority)
        }
        return TenantConfiguration(
            name: entry.name, credentials: credentials, reports: entry.reports ?? defaultReports, periods: entry.periods)
    }
}

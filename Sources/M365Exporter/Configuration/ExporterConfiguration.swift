import M365Graph
import M365Reports

/// Everything the exporter runs with, validated, from flags, the
/// configuration file and the environment (see ``ConfigurationLoader``).
public struct ExporterConfiguration: Sendable {
    public var listenAddress: ListenAddress
    public var telemetryPath: String
    public var refreshInterval: Duration
    /// Periods of the reports that label them (getOffice365ServicesUserCounts).
    public var periods: [ReportPeriod]
    public var graphURL: String
    /// The cloud of the Graph URL (`--azure.cloud`): which API version serves each report.
    public var cloud: GraphCloud
    public var maxConcurrency: Int
    /// Timeout of one HTTP request to Graph, the token endpoint or a download.
    public var requestTimeout: Duration
    /// The outbound proxies (`*_PROXY`, `NO_PROXY`, `--graph.proxy-url`),
    /// fixed at start.
    public var proxy: ProxySettings
    /// The largest body of one Graph or download answer accepted.
    public var maxBodyBytes: Int
    /// How long the listener keeps a connection that sends nothing.
    public var idleTimeout: Duration
    /// Connections the listener holds at once (`--web.max-connections`);
    /// more are closed at once. Lowered at start to what the open-file
    /// limit leaves after the room kept for Graph requests and files.
    public var maxConnections: Int
    /// The deadline of one request, head and body (`--web.request-timeout`):
    /// a client that trickles its request is cut off when it passes.
    public var webRequestTimeout: Duration
    public var tenants: [TenantConfiguration]
    /// Where the reports come from.
    public var mode: Mode
    /// `--web.config.file`, watched for changes; `nil` without one.
    public var webConfigFile: WebConfigFile?
    /// The web configuration read at start: TLS, basic auth, headers.
    public var webConfig: LoadedWebConfig
    /// `--tenants.shard`: the tenants kept are this shard's.
    public var shard: TenantShard?
    /// `--config.file`, if given.
    public var configFile: String?
    /// Each collector's refresh interval (``CollectorKind/defaultIntervalSeconds`` where not set).
    public var collectorIntervals: [CollectorKind: Duration] = [:]

    /// How often `collector` refreshes.
    public func interval(of collector: CollectorKind) -> Duration {
        collectorIntervals[collector] ?? .seconds(collector.defaultIntervalSeconds)
    }

    /// `--web.max-connections` when neither the flag nor the file sets it:
    /// many times what scrapers need, and far below the open-file limit
    /// the exporter raises itself to (systemd's hard limit is 524,288).
    public static let defaultMaxConnections = 4096

    public enum Mode: Sendable {
        /// Microsoft Graph, with each tenant's credentials.
        case graph
        /// Built-in sample data of a fictional tenant; no Graph requests.
        case demo
    }

    public init(
        listenAddress: ListenAddress = ListenAddress(host: "", port: 10365),
        telemetryPath: String = "/metrics",
        refreshInterval: Duration = .seconds(3600),
        periods: [ReportPeriod] = [.d7],
        graphURL: String = AzureCloud.global.graphURL,
        cloud: GraphCloud = .global,
        maxConcurrency: Int = 8,
        requestTimeout: Duration = .seconds(60),
        proxy: ProxySettings = .direct,
        maxBodyBytes: Int = GraphReportClient.defaultMaxBodyBytes,
        idleTimeout: Duration = .seconds(120),
        maxConnections: Int = ExporterConfiguration.defaultMaxConnections,
        webRequestTimeout: Duration = .seconds(30),
        tenants: [TenantConfiguration],
        mode: Mode,
        webConfigFile: WebConfigFile? = nil,
        webConfig: LoadedWebConfig = .open,
        shard: TenantShard? = nil,
        configFile: String? = nil
    ) {
        self.listenAddress = listenAddress
        self.telemetryPath = telemetryPath
        self.refreshInterval = refreshInterval
        self.periods = periods
        self.graphURL = graphURL
        self.cloud = cloud
        self.maxConcurrency = maxConcurrency
        self.requestTimeout = requestTimeout
        self.proxy = proxy
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.webRequestTimeout = webRequestTimeout
        self.tenants = tenants
        self.mode = mode
        self.webConfigFile = webConfigFile
        self.webConfig = webConfig
        self.shard = shard
        self.configFile = configFile
    }
}

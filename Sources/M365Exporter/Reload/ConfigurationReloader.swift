import FoundationEssentials
import Logging
import M365Graph
import M365Reports

/// Reads the configuration again on SIGHUP and `POST /-/reload`, as
/// Prometheus does: the new configuration is loaded and checked as a whole
/// before it replaces the running one, so a bad file is refused and the
/// process keeps running on the old one. Reloads run one at a time.
///
/// What a reload changes: the tenants (added, removed, changed), their
/// credentials, reports and periods, the refresh interval and the body
/// limit. The listener, the Graph URL, the proxy and the concurrency bound
/// are fixed at start; a reload that
/// changes them says so in the log and keeps the running values.
actor ConfigurationReloader {
    private let load: @Sendable () throws -> ExporterConfiguration
    private let makeTargets: @Sendable (ExporterConfiguration) -> [RefreshTarget]
    private let refresher: Refresher
    private let logger: Logger
    private var running: ExporterConfiguration

    init(
        running: ExporterConfiguration,
        loadedAt: Double,
        load: @escaping @Sendable () throws -> ExporterConfiguration,
        makeTargets: @escaping @Sendable (ExporterConfiguration) -> [RefreshTarget],
        refresher: Refresher,
        logger: Logger
    ) {
        self.running = running
        lastSuccess = loadedAt
        self.load = load
        self.makeTargets = makeTargets
        self.refresher = refresher
        self.logger = logger
    }

    /// Why a reload was refused.
    struct Failure: Error {
        let message: String
    }

    /// Loads the configuration and applies it, or keeps the running one and
    /// says why not.
    func reload() async -> Result<Void, Failure> {
        let loaded: ExporterConfiguration
        do {
            loaded = try load()
        } catch {
            let message = String(describing: error)
            logger.error("reloading the configuration failed; the running configuration stays", metadata: ["err": "\(message)"])
            await refresher.recordReload(ConfigReloadStatus(successful: false, lastSuccess: lastSuccess))
            return .failure(Failure(message: message))
        }
        var applied = loaded
        for (name, old, new) in [
            ("--graph.url", running.graphURL, loaded.graphURL),
            ("--graph.max-concurrency", String(running.maxConcurrency), String(loaded.maxConcurrency)),
        ] where old != new {
            logger.warning("a changed setting needs a restart; the running value stays", metadata: [
                "setting": "\(name)", "running": "\(old)", "loaded": "\(new)",
            ])
        }
        if loaded.proxy != running.proxy {
            logger.warning("a changed setting needs a restart; the running value stays", metadata: [
                "setting": "--graph.proxy-url, HTTPS_PROXY, HTTP_PROXY, NO_PROXY",
                "running": "\(running.proxy.summary)", "loaded": "\(loaded.proxy.summary)",
            ])
        }
        applied.proxy = running.proxy
        applied.graphURL = running.graphURL
        applied.maxConcurrency = running.maxConcurrency
        await refresher.apply(makeTargets(applied), interval: applied.refreshInterval)
        running = applied
        lastSuccess = Date().timeIntervalSince1970
        await refresher.recordReload(ConfigReloadStatus(successful: true, lastSuccess: lastSuccess))
        logger.info("configuration reloaded", metadata: [
            "tenants": "\(applied.tenants.count)",
            "refresh_interval": "\(GoDuration.format(applied.refreshInterval))",
        ])
        return .success(())
    }

    /// Unix time of the last successful load (the start counts as one).
    private var lastSuccess: Double
}

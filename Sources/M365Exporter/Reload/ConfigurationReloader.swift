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
/// credentials, reports and periods, the refresh interval, the body limit
/// and the cloud (its Graph URL and login host together). A tenant whose
/// tenant id, client id, login host or Graph URL changed is a new source:
/// its old values go at once and it is fetched at once; one whose
/// credential alone changed is fetched at once too. The listener, the proxy
/// and the concurrency bound are fixed at start; a reload that changes them
/// says so in the log and keeps the running values.
///
/// Reloads run one at a time, whoever asks (SIGHUP, `POST /-/reload`): an
/// actor alone would let two interleave at their suspension points, so
/// each waits for the one before it.
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

    /// The reload in progress or last run, which the next one waits for.
    private var last: Task<Void, Never>?

    /// Loads the configuration and applies it, or keeps the running one and
    /// says why not; after every reload asked for before this one.
    func reload() async -> Result<Void, Failure> {
        let previous = last
        let this = Task { () -> Result<Void, Failure> in
            await previous?.value
            return await self.reloadNow()
        }
        last = Task { _ = await this.value }
        return await this.value
    }

    /// Reloads applying now: one at most while the others wait.
    private(set) var inProgress = 0

    /// Reloads that found another one applying when they started; the
    /// chaining in ``reload()`` keeps it at 0, and a test checks that.
    private(set) var overlaps = 0

    private func reloadNow() async -> Result<Void, Failure> {
        inProgress += 1
        if inProgress > 1 { overlaps += 1 }
        defer { inProgress -= 1 }
        let loaded: ExporterConfiguration
        do {
            loaded = try load()
        } catch {
            let message = String(describing: error)
            logger.error("reloading the configuration failed; the running configuration stays", metadata: ["err": "\(message)"])
            await refresher.recordReload(ConfigReloadStatus(successful: false, lastSuccess: lastSuccess))
            await refresher.waitUntilPublished()
            return .failure(Failure(message: message))
        }
        var applied = loaded
        for (name, old, new) in [
            ("--graph.max-concurrency", String(running.maxConcurrency), String(loaded.maxConcurrency)),
            ("web.max_connections", String(running.maxConnections), String(loaded.maxConnections)),
            ("web.request_timeout", GoDuration.format(running.webRequestTimeout), GoDuration.format(loaded.webRequestTimeout)),
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
        // The Graph URL follows the reloaded configuration with the login
        // host: a changed cloud changes both, never one alone.
        applied.maxConcurrency = running.maxConcurrency
        applied.maxConnections = running.maxConnections
        applied.webRequestTimeout = running.webRequestTimeout
        await refresher.apply(makeTargets(applied), interval: applied.refreshInterval)
        running = applied
        lastSuccess = Date().timeIntervalSince1970
        await refresher.recordReload(ConfigReloadStatus(successful: true, lastSuccess: lastSuccess))
        await refresher.waitUntilPublished()
        logger.info("configuration reloaded", metadata: [
            "tenants": "\(applied.tenants.count)",
            "refresh_interval": "\(GoDuration.format(applied.refreshInterval))",
        ])
        return .success(())
    }

    /// Unix time of the last successful load (the start counts as one).
    private var lastSuccess: Double
}

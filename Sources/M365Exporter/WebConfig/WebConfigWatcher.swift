import Logging
import ServiceLifecycle

/// Reads the web configuration file again when it or a file it names
/// changes, as exporter-toolkit does. The toolkit reads the file on every
/// request and handshake; this watcher reads it every `interval` (3 s by
/// default) off the request path and swaps in the new configuration when
/// the bytes differ, so a rotated certificate or a changed password is in
/// force for the next connection or request a few seconds later.
///
/// A file that cannot be used keeps the last good configuration in force
/// and logs why, once per distinct problem. Turning TLS on or off needs a
/// restart, as in the toolkit: the listener was set up for one or the other.
public struct WebConfigWatcher: Service {
    let file: WebConfigFile
    let store: WebConfigStore
    let interval: Duration
    let logger: Logger

    public init(file: WebConfigFile, store: WebConfigStore, interval: Duration = .seconds(3), logger: Logger) {
        self.file = file
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        // The sleep ends at graceful shutdown too, so the loop never holds it up.
        try? await cancelWhenGracefulShutdown { try await watch() }
    }

    private func watch() async throws {
        var lastProblem: String?
        while true {
            try await Task.sleep(for: interval)
            let problem = check()
            if let problem, problem != lastProblem {
                logger.error("web configuration file not reloaded, keeping the last good one", metadata: [
                    "file": "\(file.path)", "err": "\(problem)",
                ])
            }
            lastProblem = problem
        }
    }

    /// Reloads if anything changed; returns why a changed file was not used.
    func check() -> String? {
        let current = store.config
        do {
            let (config, material, digest) = try file.read()
            if digest == current.digest { return nil }
            guard (config.tls == nil) == (current.config.tls == nil) else {
                return current.config.tls == nil
                    ? "tls_server_config was added; turning TLS on needs a restart"
                    : "tls_server_config was removed; turning TLS off needs a restart"
            }
            let loaded = try LoadedWebConfig(config: config, material: material, digest: digest, file: file.path)
            store.replace(with: loaded)
            logger.info("web configuration file reloaded", metadata: [
                "file": "\(file.path)", "tls": "\(config.tls != nil)", "basic_auth_users": "\(config.basicAuthUsers.count)",
            ])
            return nil
        } catch {
            return error.reason
        }
    }
}

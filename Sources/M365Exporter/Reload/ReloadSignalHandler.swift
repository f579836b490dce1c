import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on every SIGHUP until graceful shutdown.
struct ReloadSignalHandler: Service {
    let reloader: ConfigurationReloader
    let signals: [UnixSignal]
    let logger: Logger

    func run() async throws {
        guard !signals.isEmpty else {
            // Nothing to trap (tests that drive reloads over HTTP): wait for shutdown.
            try? await gracefulShutdown()
            return
        }
        for await signal in await UnixSignalsSequence(trapping: signals).cancelOnGracefulShutdown() {
            logger.info("reloading the configuration", metadata: ["signal": "\(signal)"])
            _ = await reloader.reload()
        }
    }
}

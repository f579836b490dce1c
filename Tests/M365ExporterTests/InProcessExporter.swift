import Logging
import M365Exporter
import Testing

/// The exporter run inside the test process on an ephemeral loopback port,
/// for tests that build its configuration as values rather than flags.
/// Signals are not installed, so the test runner's own stay untouched.
struct InProcessExporter {
    let task: Task<Void, any Error>
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    /// Starts the exporter and returns once it listens.
    static func start(
        _ configuration: ExporterConfiguration,
        reload: (@Sendable () throws -> ExporterConfiguration)? = nil,
        logger: Logger
    ) async throws -> InProcessExporter {
        let listening = AsyncStream<ListenAddress>.makeStream()
        let task = Task {
            // Ends the wait below if the run ends (or throws) before it listens.
            defer { listening.continuation.finish() }
            try await Exporter.run(
                configuration, reload: reload, logger: logger, shutdownSignals: [], reloadSignals: []
            ) { listening.continuation.yield($0) }
        }
        var iterator = listening.stream.makeAsyncIterator()
        guard let address = await iterator.next() else {
            _ = await task.result
            throw ExporterDidNotListen()
        }
        return InProcessExporter(task: task, port: address.port)
    }

    /// Runs the exporter while `body` runs, and stops it whether `body`
    /// returns or throws.
    static func withRunning(
        _ configuration: ExporterConfiguration, logger: Logger, _ body: (InProcessExporter) async throws -> Void
    ) async throws {
        let exporter = try await start(configuration, logger: logger)
        do {
            try await body(exporter)
        } catch {
            await exporter.stop()
            throw error
        }
        await exporter.stop()
    }

    /// Cancels the run and waits until it has ended.
    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// A logger that prints nothing but critical lines.
    static func quietLogger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        return logger
    }
}

/// The exporter ended before it listened.
struct ExporterDidNotListen: Error, CustomStringConvertible {
    var description: String { "the exporter did not start listening" }
}

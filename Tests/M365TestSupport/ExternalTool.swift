import Foundation

/// A program from the machine (Debian's `prometheus` package gives
/// `prometheus` and `promtool`, `apache2-utils` gives `htpasswd`), found on
/// PATH, in /usr/bin (or /usr/sbin, where Debian puts squid), or where
/// scripts/test installs PyPI tools.
public enum ExternalTool {
    /// The virtual environment scripts/test installs PyPI tools into
    /// (`.build/venv` of this package), so that `swift test` run alone finds
    /// them too.
    public static let virtualEnvironmentBin: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/venv/bin").path

    /// Where to look, in order: PATH, the system's folders, the venv of
    /// scripts/test, and pip's per-user folder (`pip install --user`).
    static var searchPath: [String] {
        let environment = ProcessInfo.processInfo.environment
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let home = environment["HOME"].map { ["\($0)/.local/bin"] } ?? []
        return path + ["/usr/bin", "/usr/local/bin", "/usr/sbin", virtualEnvironmentBin] + home
    }

    public static func path(of name: String) throws -> String {
        for directory in searchPath {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ToolMissing(name: name)
    }

    /// Whether the program can be found, for tests that are skipped without it.
    public static func isInstalled(_ name: String) -> Bool {
        (try? path(of: name)) != nil
    }

    /// Runs a program to its end with `input` on standard input; one still
    /// running after `timeout` is terminated (and its status says so).
    public static func run(
        _ name: String, _ arguments: [String], input: String = "", timeout: Duration = .seconds(600)
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(of: name))
        process.arguments = arguments
        let stdin = Pipe()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardInput = stdin
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // A program that exits before reading all of its input (a Python
        // that cannot import a module) must fail the test with its output,
        // not end the test process with SIGPIPE or trap on EPIPE.
        signal(SIGPIPE, SIG_IGN)
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        // The pid, not the Process (which is not Sendable); the work item is
        // cancelled as soon as the process has exited.
        let pid = process.processIdentifier
        let deadline = DispatchWorkItem { kill(pid, SIGTERM) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(timeout.components.seconds)), execute: deadline)
        process.waitUntilExit()
        deadline.cancel()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    public struct ToolMissing: Error, CustomStringConvertible {
        public let name: String
        public var description: String {
            "\(name) is not installed: run the README's test command (scripts/test), which installs the tools the tests need"
        }
    }
}

/// A real Prometheus server, scraping its targets every second with its data
/// in a temporary directory, or serving backfilled blocks.
public final class PrometheusServer: @unchecked Sendable {
    // @unchecked: the Process is only touched by the owning test.
    private let process: Process
    private let directory: URL
    /// A data directory this server made itself, removed with it.
    private var ownedData: URL?
    public let baseURL: String

    /// - Parameter scrapeOptions: more keys of the scrape job, one per line at
    ///   the job's indentation (`scheme: https`, `tls_config:`, `basic_auth:`…).
    public convenience init(
        scraping target: String, job: String = "m365", metricsPath: String = "/metrics", scrapeOptions: [String] = []
    ) throws {
        try self.init(scraping: [target], job: job, metricsPath: metricsPath, scrapeOptions: scrapeOptions)
    }

    /// Scrapes every target in one job. `history`, OpenMetrics text with
    /// timestamped samples ending in `# EOF`, is turned into TSDB blocks
    /// with `promtool tsdb create-blocks-from openmetrics` before the server
    /// starts, so that queries reaching into the past (`offset 7d`) find data.
    public convenience init(
        scraping targets: [String], job: String = "m365", metricsPath: String = "/metrics", scrapeOptions: [String] = [],
        history: String? = nil
    ) throws {
        let options = scrapeOptions.map { "\n    " + $0 }.joined()
        let targetList = targets.map { "'\($0)'" }.joined(separator: ", ")
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: \(job)
                metrics_path: \(metricsPath)\(options)
                static_configs:
                  - targets: [\(targetList)]

            """
        try self.init(config: config, data: nil, history: history, arguments: [])
    }

    /// Scrapes each job's targets and starts on the history in `backfills`:
    /// OpenMetrics files (as `m365-exporter backfill` writes them) turned
    /// into TSDB blocks by `promtool tsdb create-blocks-from openmetrics`,
    /// kept for `retention` (Prometheus' default of 15 days would delete
    /// older blocks at start).
    public convenience init(jobs: [(name: String, targets: [String])], backfills: [URL], retention: String = "400d") throws {
        var config = "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
        for job in jobs {
            let targetList = job.targets.map { "'\($0)'" }.joined(separator: ", ")
            config += "  - job_name: \(job.name)\n    static_configs:\n      - targets: [\(targetList)]\n"
        }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-data-\(UUID().uuidString)")
        for file in backfills {
            // One block per 31 days instead of one per two hours: a 180-day
            // history in a handful of blocks, which Prometheus opens quickly.
            let created = try ExternalTool.run(
                "promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=744h", file.path, data.path])
            guard created.status == 0 else { throw BackfillFailed(output: created.output) }
        }
        try self.init(config: config, data: data, history: nil, arguments: ["--storage.tsdb.retention.time=\(retention)"])
        ownedData = data
    }

    /// A Prometheus that scrapes nothing and serves the TSDB blocks in
    /// `data` (as `promtool tsdb create-blocks-from` writes them), keeping
    /// them for `retention` (Prometheus' default of 15 days would delete
    /// older blocks at start).
    public convenience init(serving data: URL, retention: String) throws {
        try self.init(config: "global:\n  evaluation_interval: 1m\n", data: data, history: nil,
                      arguments: ["--storage.tsdb.retention.time=\(retention)"])
    }

    private init(config: String, data: URL?, history: String?, arguments: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        if let history {
            let input = directory.appendingPathComponent("history.om")
            try history.write(to: input, atomically: true, encoding: .utf8)
            let created = try ExternalTool.run(
                "promtool", ["tsdb", "create-blocks-from", "openmetrics", input.path, (data ?? directory.appendingPathComponent("data")).path])
            guard created.status == 0 else { throw BackfillFailed(output: created.output) }
        }
        let port = try freeLoopbackPort()
        baseURL = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.path(of: "prometheus"))
        process.arguments = [
            "--config.file=\(directory.appendingPathComponent("prometheus.yml").path)",
            "--storage.tsdb.path=\((data ?? directory.appendingPathComponent("data")).path)",
            "--web.listen-address=127.0.0.1:\(port)",
        ] + arguments
        let log = directory.appendingPathComponent("prometheus.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()
    }

    /// Waits until Prometheus answers `/-/ready` with 200: until then, while
    /// it opens its storage, its API answers 503.
    public func waitUntilReady(timeout: Duration = .seconds(60)) async throws {
        let ready = try await eventually(timeout: timeout, every: .milliseconds(200)) {
            (try? await httpRequest("\(baseURL)/-/ready"))?.status == 200
        }
        guard ready else { throw NotReady(log: log) }
    }

    /// Prometheus did not become ready in time.
    public struct NotReady: Error, CustomStringConvertible {
        public let log: String
        public var description: String { "Prometheus did not become ready:\n\(log.suffix(2000))" }
    }

    /// Prometheus' own log, for failure messages.
    public var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("prometheus.log"), encoding: .utf8)) ?? ""
    }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
        if let ownedData { try? FileManager.default.removeItem(at: ownedData) }
    }

    deinit { stop() }

    /// `promtool tsdb create-blocks-from openmetrics` refused the history.
    public struct BackfillFailed: Error, CustomStringConvertible {
        public let output: String
        public var description: String { "promtool could not create blocks from the history:\n\(output)" }
    }
}

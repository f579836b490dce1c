import Foundation

/// A program from the machine (Debian's `prometheus` package gives
/// `prometheus` and `promtool`, `apache2-utils` gives `htpasswd`), found on
/// PATH or in /usr/bin.
public enum ExternalTool {
    public static func path(of name: String) throws -> String {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ToolMissing(name: name)
    }

    /// Runs a program to its end with `input` on standard input.
    public static func run(_ name: String, _ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
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
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    public struct ToolMissing: Error, CustomStringConvertible {
        public let name: String
        public var description: String {
            "\(name) is not installed: run the README's test command (scripts/test), which installs the Debian packages the tests use"
        }
    }
}

/// A real Prometheus server, scraping one target every second with its data
/// in a temporary directory, or serving backfilled blocks.
public final class PrometheusServer: @unchecked Sendable {
    // @unchecked: the Process is only touched by the owning test.
    private let process: Process
    private let directory: URL
    public let baseURL: String

    /// - Parameter scrapeOptions: more keys of the scrape job, one per line at
    ///   the job's indentation (`scheme: https`, `tls_config:`, `basic_auth:`…).
    public convenience init(
        scraping target: String, job: String = "m365", metricsPath: String = "/metrics", scrapeOptions: [String] = []
    ) throws {
        let options = scrapeOptions.map { "\n    " + $0 }.joined()
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: \(job)
                metrics_path: \(metricsPath)\(options)
                static_configs:
                  - targets: ['\(target)']

            """
        try self.init(config: config, data: nil, arguments: [])
    }

    /// A Prometheus that scrapes nothing and serves the TSDB blocks in
    /// `data` (as `promtool tsdb create-blocks-from` writes them), keeping
    /// them for `retention` (Prometheus' default of 15 days would delete
    /// older blocks at start).
    public convenience init(serving data: URL, retention: String) throws {
        try self.init(config: "global:\n  evaluation_interval: 1m\n", data: data,
                      arguments: ["--storage.tsdb.retention.time=\(retention)"])
    }

    private init(config: String, data: URL?, arguments: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
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
    }

    deinit { stop() }
}

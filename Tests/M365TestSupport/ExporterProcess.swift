import Foundation

/// The real `m365-exporter` binary run as a child process, its standard
/// output and error captured to files so that tests can read every line it
/// wrote.
public final class ExporterProcess: @unchecked Sendable {
    // @unchecked: `Process` is not Sendable; it is only touched by the test
    // that owns this object, and by `stop`, which the same test awaits.
    private let process: Process
    private let outputFile: URL
    /// The port the exporter listens on, read from its `listening` log line.
    public let port: Int

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, outputFile: URL, port: Int) {
        self.process = process
        self.outputFile = outputFile
        self.port = port
    }

    /// The exporter binary built next to the test bundle, or
    /// `M365_EXPORTER_BINARY`.
    public static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["M365_EXPORTER_BINARY"] { return path }
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testExecutable.deletingLastPathComponent()
        // Linux runs `<name>.xctest` itself; elsewhere the bundle's binary is deeper.
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("m365-exporter").path),
              directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("m365-exporter").path
    }

    /// Starts the exporter with `--web.listen-address 127.0.0.1:0` added and
    /// waits until it listens.
    /// `launcher` runs the binary, e.g. `["prlimit", "--nofile=1024:4096", "--"]`
    /// (it must exec the binary, so that the process is the exporter).
    public static func start(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60),
        launcher: [String] = []
    ) async throws -> ExporterProcess {
        let (process, output) = try launch(
            arguments + ["--web.listen-address", "127.0.0.1:0"], environment: environment, launcher: launcher)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let port = listeningPort(in: text) {
                return ExporterProcess(process: process, outputFile: output, port: port)
            }
            guard process.isRunning else {
                throw ExporterProcessError.exited(status: process.terminationStatus, output: text)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw ExporterProcessError.notListening(output: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    /// The port of the `listening` log line, in logfmt or JSON.
    static func listeningPort(in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.contains("msg=listening") || line.contains(#""msg":"listening""#) {
            for marker in ["address=127.0.0.1:", #""address":"127.0.0.1:"#] {
                if let range = line.range(of: marker), let port = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                    return port
                }
            }
        }
        return nil
    }

    /// Runs the exporter to its end and returns its exit status and output.
    public static func runToExit(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32, output: String) {
        let (process, output) = try launch(arguments, environment: environment)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw ExporterProcessError.notListening(output: "did not exit in time")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    /// Everything the process wrote to standard output and error so far.
    public var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    public var isRunning: Bool { process.isRunning }

    /// The process id, for reading /proc/PID.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// The peak resident set size so far (`VmHWM` of /proc/PID/status), in bytes.
    public var peakResidentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
    }

    /// Descriptors the process holds open now (from /proc).
    public var openDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? -1
    }

    /// CPU time the process used so far, user and system (from /proc).
    public var cpuTime: Duration {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return .zero }
        // Fields after the command name: state is field 3; utime and stime are 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let user = Int64(fields[11]), let system = Int64(fields[12]) else { return .zero }
        let ticks = Int64(sysconf(Int32(_SC_CLK_TCK)))
        return .milliseconds((user + system) * 1000 / max(ticks, 1))
    }

    /// Sends a signal and returns at once (SIGHUP asks for a reload).
    public func signal(_ signal: Int32) async {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Sends a signal (SIGTERM by default) and waits for the exit; returns
    /// the exit status and how long the exit took.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(10)) async -> (status: Int32, took: Duration) {
        let start = ContinuousClock.now
        if process.isRunning { kill(process.processIdentifier, signal) }
        while process.isRunning, ContinuousClock.now - start < timeout {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return (process.terminationStatus, ContinuousClock.now - start)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: outputFile)
    }

    private static func launch(
        _ arguments: [String], environment: [String: String], launcher: [String] = []
    ) throws -> (Process, URL) {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("m365-exporter-test-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        if let tool = launcher.first {
            process.executableURL = URL(fileURLWithPath: try ExternalTool.path(of: tool))
            process.arguments = Array(launcher.dropFirst()) + [binaryPath] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binaryPath)
            process.arguments = arguments
        }
        // A clean environment: no AZURE_* from the machine running the tests.
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()
        return (process, output)
    }
}

public enum ExporterProcessError: Error, CustomStringConvertible {
    case exited(status: Int32, output: String)
    case notListening(output: String)

    public var description: String {
        switch self {
        case .exited(let status, let output): "exporter exited with status \(status):\n\(output)"
        case .notListening(let output): "exporter did not start listening:\n\(output)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import M365Exporter
import M365TestSupport
import Testing

/// Bad input never crashes the exporter: overflowing and out-of-range
/// values are refused with the flag, or the file, line and key; a reload
/// with one keeps the running configuration; log output that cannot be
/// written is dropped and counted.
@Suite struct BadInputTests {
    @Test(arguments: [
        "9999999999999999h", "99999999999999999999999999999999999999999w", "300000y", "1e9h",
        "9223372037s", String(repeating: "9", count: 400) + "s", "-1s", "1h-1s",
    ])
    func anOverflowingOrMalformedDurationIsRefusedNotTrapped(_ text: String) {
        #expect(GoDuration.parse(text) == nil)
    }

    @Test func durationsUpToGosBoundStillParse() {
        #expect(GoDuration.parse("2562047h") == .seconds(2_562_047 * 3600))
        #expect(GoDuration.parse("1h30m") == .seconds(5400))
    }

    @Test(arguments: [
        (["--refresh.interval", "9999999999999999h"], "--refresh.interval: \"9999999999999999h\" is not a duration"),
        (["--refresh.interval", "30d"], "--refresh.interval: \"30d\" is outside 1s to 168h"),
        (["--graph.timeout", "0s"], "--graph.timeout: \"0s\" is outside 1s to 1h"),
        (["--graph.max-concurrency", "99999999999999999999"], "--graph.max-concurrency: \"99999999999999999999\" is not a whole number"),
        (["--graph.max-concurrency", "5000"], "--graph.max-concurrency: 5000 is outside 1 to 1024"),
        (["--web.max-connections", "0"], "--web.max-connections: 0 is outside 1 to 1000000"),
        (["--web.request-timeout", "500ms"], "--web.request-timeout: \"500ms\" is outside 1s to 1h"),
    ])
    func anOutOfRangeFlagExitsWith2AndNamesIt(_ arguments: [String], _ message: String) async throws {
        let (status, output) = try await ExporterProcess.runToExit(["--demo"] + arguments)
        #expect(status == 2)
        #expect(output.contains(message), "\(output)")
        #expect(!output.contains("Fatal error"))
    }

    @Test(arguments: [
        ("refresh_interval: 9999999999999999h\n", "m365.yml:1: refresh_interval: \"9999999999999999h\" is not a duration"),
        ("refresh_interval: 8d\n", "m365.yml:1: refresh_interval: \"8d\" is outside 1s to 168h"),
        ("graph:\n  max_concurrency: 18446744073709551616\n", "m365.yml:2: graph.max_concurrency: \"18446744073709551616\" is not a whole number"),
        ("web:\n  max_connections: -5\n", "m365.yml:2: web.max_connections: -5 is outside 1 to 1000000"),
        ("web:\n  request_timeout: 2h\n", "m365.yml:2: web.request_timeout: \"2h\" is outside 1s to 1h"),
        ("web:\n  max_conections: 5\n", "m365.yml:2: web: unknown key \"max_conections\""),
    ])
    func anOutOfRangeValueInTheFileNamesFileLineAndKey(_ yaml: String, _ message: String) {
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.parse(yaml, file: "m365.yml") }
        do {
            _ = try ConfigurationFile.parse(yaml, file: "m365.yml")
        } catch {
            #expect(error.description == message || error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func theFilesWebSectionSetsTheListenerLimits() throws {
        let file = try ConfigurationFile.parse("web:\n  max_connections: 100\n  request_timeout: 10s\n", file: "m365.yml")
        #expect(file.maxConnections == 100)
        #expect(file.webRequestTimeout == .seconds(10))
    }

    @Test func aBcryptCostBeyondTheRangeNamesTheUserAndLine() {
        // A cost-31 hash would take days per check.
        let hash = "$2b$31$" + String(repeating: "a", count: 53)
        #expect(throws: WebConfigError.self) {
            try WebConfig.parse(yaml: "basic_auth_users:\n  alice: \(hash)\n", file: "web.yml", directory: "/")
        }
        do {
            _ = try WebConfig.parse(yaml: "basic_auth_users:\n  alice: \(hash)\n", file: "web.yml", directory: "/")
        } catch {
            #expect(error.description.hasPrefix("web.yml: line 2: basic_auth_users.alice: the hash's cost is outside 4 to 14"), "\(error)")
        }
    }

    /// A reloaded file with an overflowing value: 500 on POST /-/reload,
    /// the reload metric 0, and the process goes on with its configuration.
    @Test func aReloadWithAnOverflowKeepsTheRunningConfiguration() async throws {
        let files = try TemporaryFiles()
        let good = "refresh_interval: 1h\ntenants:\n  - {name: contoso, tenant_id: t, client_id: c}\n"
        let path = try files.write("m365.yml", good)
        let exporter = try await ExporterProcess.start(["--demo", "--config.file", path])
        let base = exporter.baseURL
        #expect(try await eventually { try await httpRequest("\(base)/-/ready").status == 200 })
        for bad in ["refresh_interval: 9999999999999999h\n", "graph:\n  max_concurrency: 99999999999999999999\n",
                    "web:\n  request_timeout: 0s\n"] {
            try files.write("m365.yml", bad + "tenants:\n  - {name: contoso, tenant_id: t, client_id: c}\n")
            let answer = try await httpRequest("\(base)/-/reload", method: "POST")
            #expect(answer.status == 500)
            #expect(answer.body.hasPrefix("failed to reload config: \(path):"), "\(answer.body)")
            let series = parseExposition(try await httpRequest("\(base)/metrics").body)
            #expect(series["m365_exporter_config_last_reload_successful"] == 0)
            #expect(series[#"o365_groups{tenant="contoso"}"#] != nil)
        }
        await exporter.signal(SIGHUP)
        try await Task.sleep(for: .milliseconds(500))
        #expect(exporter.isRunning)
        try files.write("m365.yml", good)
        #expect(try await httpRequest("\(base)/-/reload", method: "POST").status == 200)
        #expect(parseExposition(try await httpRequest("\(base)/metrics").body)["m365_exporter_config_last_reload_successful"] == 1)
        let (status, _) = await exporter.stop()
        #expect(status == 0)
        #expect(!exporter.output.contains("Fatal error"))
    }
}

/// Log lines that cannot be written are dropped and counted; the process
/// goes on serving.
@Suite struct BrokenLogPipeTests {
    /// Runs the exporter with standard error on `descriptor` and standard
    /// output discarded, on a port chosen here (its log cannot be read).
    private func start(stderr descriptor: Int32) throws -> (Process, Int) {
        let port = try freeLoopbackPort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ExporterProcess.binaryPath)
        process.arguments = ["--demo", "--log.level", "debug", "--web.listen-address", "127.0.0.1:\(port)"]
        process.environment = ["PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        try process.run()
        return (process, port)
    }

    private func expectServingAndCounting(_ process: Process, port: Int) async throws {
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        var dropped: Double?
        #expect(try await eventually(timeout: .seconds(30)) {
            guard let answer = try? await httpRequest("http://127.0.0.1:\(port)/metrics"), answer.status == 200 else { return false }
            dropped = parseExposition(answer.body)["m365_exporter_log_lines_dropped_total"]
            return (dropped ?? 0) > 0
        }, "dropped: \(String(describing: dropped)), running: \(process.isRunning)")
        // Still serving after more lines were dropped (a reload logs).
        #expect(try await httpRequest("http://127.0.0.1:\(port)/-/reload", method: "POST").status == 200)
        #expect(try await httpRequest("http://127.0.0.1:\(port)/metrics").status == 200)
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0,
                "reason \(process.terminationReason.rawValue), status \(process.terminationStatus)")
    }

    @Test func aPipeWhoseReaderHasExited() async throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        close(ends[0])  // the reader is gone: every write is EPIPE (or SIGPIPE, if not ignored)
        let (process, port) = try start(stderr: ends[1])
        close(ends[1])
        try await expectServingAndCounting(process, port: port)
    }

    @Test func aFullNonBlockingPipe() async throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        // Fill it: nobody reads, so every write of the exporter is EAGAIN.
        let chunk = [UInt8](repeating: 0x2e, count: 4096)
        while chunk.withUnsafeBytes({ write(ends[1], $0.baseAddress, $0.count) }) > 0 {}
        let (process, port) = try start(stderr: ends[1])
        close(ends[1])
        try await expectServingAndCounting(process, port: port)
        close(ends[0])
    }
}

import Foundation
import M365Reports
import M365TestSupport
import Testing

/// The real binary as a user runs it: exit codes, messages, and a run
/// against the fake Graph with credentials in the environment.
@Suite struct CommandLineTests {
    @Test func withoutCredentialsOrDemoItExitsWith2AndSaysWhatToSet() async throws {
        let (status, output) = try await ExporterProcess.runToExit([])
        #expect(status == 2)
        for name in ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "--demo"] {
            #expect(output.contains(name), "\(name) missing from: \(output)")
        }
    }

    @Test func namesTheMissingVariable() async throws {
        let (status, output) = try await ExporterProcess.runToExit(
            [], environment: ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_SECRET": "never-printed"])
        #expect(status == 2)
        #expect(output.contains("missing: AZURE_CLIENT_ID"))
        #expect(!output.contains("never-printed"))
    }

    @Test(arguments: [
        (["--refresh.interval", "5x"], "--refresh.interval"),
        (["--reports.periods", "D7,D8"], "D8"),
        (["--azure.cloud", "mars"], "--azure.cloud"),
        (["--web.listen-address", "10365"], "--web.listen-address"),
        (["--log.level", "loud"], "--log.level"),
        (["--log.format", "xml"], "--log.format"),
        (["--graph.max-concurrency", "0"], "--graph.max-concurrency"),
        (["--reports", "getOffice365ActiveUserCounts,getNoSuchReport"], "unknown report \"getNoSuchReport\""),
        (["--reports", ""], "--reports"),
        (["--no-such-flag"], "--no-such-flag"),
    ])
    func aBadFlagExitsWith2AndNamesIt(_ arguments: [String], _ named: String) async throws {
        let (status, output) = try await ExporterProcess.runToExit(["--demo"] + arguments)
        #expect(status == 2)
        #expect(output.contains(named), "\(output)")
    }

    @Test func helpListsEveryFlagOfTheContract() async throws {
        let (status, output) = try await ExporterProcess.runToExit(["--help"])
        #expect(status == 0)
        for flag in ["--web.listen-address", "--web.telemetry-path", "--web.config.file", "--config.file", "--refresh.interval", "--reports.periods",
                     "--graph.url", "--graph.max-concurrency", "--azure.cloud", "--demo", "--log.level", "--log.format",
                     "--reports", "--web.max-connections", "--web.request-timeout", "backfill",
                     "--collector.licenses", "--no-collector.licenses", "--collector.service-health",
                     "--no-collector.service-health", "--collector.credentials", "--no-collector.credentials",
                     "--collector.licenses.interval", "--collector.service-health.interval", "--collector.credentials.interval"] {
            #expect(output.contains(flag), "\(flag)")
        }
    }

    @Test func fetchesFromGraphWithEnvironmentCredentialsAndLogsNoSecret() async throws {
        let app = FakeApp(tenantID: "0f0f0f0f-1111-2222-3333-444444444444", clientID: "cli-app", clientSecret: "Qw3~very-secret-value")
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.serveSeedReports()
        let exporter = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL, "--log.level", "debug", "--reports.periods", "D7,D90"],
            environment: [
                "AZURE_TENANT_ID": app.tenantID, "AZURE_CLIENT_ID": app.clientID,
                "AZURE_CLIENT_SECRET": app.clientSecret, "AZURE_AUTHORITY_HOST": fake.authorityURL,
            ])
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let body = try await httpRequest("\(exporter.baseURL)/metrics").body
        let series = parseExposition(body)
        // The tenant label defaults to the tenant id.
        #expect(series.filter { !isExporterSeries($0.key) } == SeedReports.expectedSeries(tenant: app.tenantID, periods: [.d7, .d90]))

        let (status, took) = await exporter.stop()
        #expect(status == 0)
        #expect(took < .seconds(5))  // graceful, not the 10 s SIGKILL fallback; generous for a loaded machine

        let tokens = await fake.requests.compactMap(\.authorization).map { $0.replacingOccurrences(of: "Bearer ", with: "") }
        #expect(!tokens.isEmpty)
        let output = exporter.output
        #expect(output.contains("level=debug msg=\"report refreshed\""))
        #expect(!output.contains(app.clientSecret))
        for token in tokens { #expect(!output.contains(token)) }
        #expect(!body.contains(app.clientSecret))
    }

    @Test func logsJSONWhenAsked() async throws {
        let exporter = try await ExporterProcess.start(["--demo", "--log.format", "json"])
        await exporter.stop()
        let lines = exporter.output.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["msg"] != nil && object?["ts"] != nil, "\(line)")
        }
    }

    @Test func aPortInUseIsAnErrorThatSaysSo() async throws {
        let first = try await ExporterProcess.start(["--demo"])
        let (status, output) = try await ExporterProcess.runToExit(
            ["--demo", "--web.listen-address", "127.0.0.1:\(first.port)"])
        await first.stop()
        #expect(status == 1)
        #expect(output.contains("level=error"))
        #expect(output.lowercased().contains("address already in use"), "\(output)")
    }
}

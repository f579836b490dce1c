import Foundation
import M365Reports
import M365TestSupport
import Testing

/// The real exporter process: it ends promptly on SIGTERM and SIGINT
/// whatever its upstreams do, and refuses an answer too large to hold.
@Suite struct ShutdownAndBodyLimitTests {
    static let app = FakeApp(tenantID: "7a0e9b3c-0000-4000-8000-0000000051d0", clientID: "shutdown-app", clientSecret: "Sd~app-secret-0077")
    static let groups = "getOffice365GroupsActivityGroupCounts"

    private func startFake() async throws -> FakeGraph {
        let fake = try await FakeGraph.start()
        await fake.register(Self.app)
        await fake.serveSeedReports()
        return fake
    }

    private func environment(_ fake: FakeGraph) -> [String: String] {
        [
            "AZURE_TENANT_ID": Self.app.tenantID, "AZURE_CLIENT_ID": Self.app.clientID,
            "AZURE_CLIENT_SECRET": Self.app.clientSecret, "AZURE_AUTHORITY_HOST": fake.authorityURL,
        ]
    }

    @Test func sigtermWhileTheTokenEndpointHangsExitsZeroWithinFiveSeconds() async throws {
        let fake = try await startFake()
        await fake.setTokenHangs(true)
        let exporter = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL, "--graph.timeout", "5m"], environment: environment(fake))
        #expect(try await eventually(timeout: .seconds(30)) { await fake.requestCount(.login) >= 1 })
        let stopped = await exporter.stop(signal: SIGTERM)
        #expect(stopped.status == 0, "\(exporter.output)")
        #expect(stopped.took < .seconds(5), "took \(stopped.took)")
        print("SIGTERM with the token endpoint hung: exit \(stopped.status) after \(stopped.took)")
        await fake.stop()
    }

    @Test func sigintWhileADownloadHangsExitsZeroWithinFiveSeconds() async throws {
        let fake = try await startFake()
        await fake.enqueue(.hangingDownload, for: Self.groups)
        let exporter = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL, "--graph.timeout", "5m", "--reports", Self.groups], environment: environment(fake))
        #expect(try await eventually(timeout: .seconds(30)) { await fake.requestCount(.download) >= 1 })
        try await Task.sleep(for: .milliseconds(200))
        let stopped = await exporter.stop(signal: SIGINT)
        #expect(stopped.status == 0, "\(exporter.output)")
        #expect(stopped.took < .seconds(5), "took \(stopped.took)")
        print("SIGINT with a download hung: exit \(stopped.status) after \(stopped.took)")
        await fake.stop()
    }

    @Test func aThreeHundredMegabyteAnswerIsRefusedWhileItStreamsWithBoundedMemory() async throws {
        let fake = try await startFake()
        let exporter = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL, "--refresh.interval", "20s", "--reports.periods", "D7,D30"],
            environment: environment(fake))
        let tenant = Self.app.tenantID
        #expect(try await eventually(timeout: .seconds(60)) { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let idle = try #require(exporter.peakResidentBytes)
        let before = await fake.requestCount(.download)
        await fake.enqueue(.hugeDownload(bytes: 300 << 20), for: Self.groups)
        let up = "m365_report_up{tenant=\"\(tenant)\",report=\"\(Self.groups)\"}"
        #expect(try await eventually(timeout: .seconds(90), every: .milliseconds(200)) {
            parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)[up] == 0
        })
        let peak = try #require(exporter.peakResidentBytes)
        let series = parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)
        // The others are exact; the refused one keeps its last good values.
        #expect(series.filter { !isExporterSeries($0.key) } == SeedReports.expectedSeries(tenant: tenant, periods: [.d7, .d30]))
        #expect(await fake.requestCount(.download) > before)
        let limit = 16 << 20
        #expect(peak - idle <= limit + 64 << 20, "peak \(peak >> 20) MiB, idle \(idle >> 20) MiB")
        await exporter.stop()
        let warning = exporter.output.split(separator: "\n").first {
            $0.contains("level=warn") && $0.contains(Self.groups) && $0.contains("\(limit) bytes")
        }
        #expect(warning != nil, "\(exporter.output.suffix(3000))")
        print("300 MB answer: refused; peak RSS \(peak >> 20) MiB, idle \(idle >> 20) MiB, rise \((peak - idle) >> 20) MiB")
        await fake.stop()
    }
}

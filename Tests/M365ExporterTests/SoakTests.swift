import Foundation
import Logging
import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// Whether this run is the soak run.
let soakRequested = ProcessInfo.processInfo.environment["M365_SOAK"] != nil

/// 2,000 refresh cycles of every seed report against the fake Graph at a
/// tiny interval, with scrapes alongside: after the first 200 cycles the
/// resident memory may grow by less than 5 % and no file descriptor may
/// leak. It measures this process, so it runs alone:
/// `M365_SOAK=1 swift test --filter SoakTests` (`scripts/test` runs it after
/// the other tests).
@Suite(.enabled(if: soakRequested, "runs alone, with M365_SOAK=1 (scripts/test does)"))
struct SoakTests {
    static let app = FakeApp(tenantID: "50a50a50-0000-4000-8000-000000000050", clientID: "soak-app", clientSecret: "Soak~secret-value")
    static let cycles = 2000
    static let warmUp = 200

    /// Resident memory of this process, in KiB.
    static func residentKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    /// Open file descriptors of this process.
    static func openDescriptors() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
    }

    @Test func twoThousandRefreshCyclesLeakNeitherMemoryNorDescriptors() async throws {
        let fake = try await FakeGraph.start()
        await fake.register(Self.app)
        await fake.serveSeedReports()
        // The fake keeps counts only, and forgets download URLs quickly, so
        // that its own memory stays flat.
        await fake.setRecordingRequests(false)
        await fake.setDownloadLifetime(seconds: 2)
        let reports = ReportCatalog.defaultReports.count
        let configuration = ExporterConfiguration(
            listenAddress: ListenAddress(host: "127.0.0.1", port: 0),
            refreshInterval: .milliseconds(5),
            graphURL: fake.graphURL,
            maxConcurrency: 2,
            tenants: [TenantConfiguration(
                name: Self.app.tenantID,
                credentials: TenantCredentials(
                    tenantID: Self.app.tenantID, clientID: Self.app.clientID,
                    credential: .secret(Secret(Self.app.clientSecret)), authorityHost: fake.authorityURL))],
            mode: .graph)
        let exporter = try await InProcessExporter.start(configuration, logger: InProcessExporter.quietLogger("soak"))
        let base = exporter.base
        // Scrapes run alongside, as Prometheus' would.
        let scraper = Task {
            while !Task.isCancelled {
                _ = try? await httpRequest("\(base)/metrics")
                try? await Task.sleep(for: .milliseconds(20))
            }
        }

        func cycles() async -> Int { await fake.requestCount(.download) / reports }
        func waitFor(_ target: Int) async throws {
            while await cycles() < target { try await Task.sleep(for: .milliseconds(50)) }
        }

        let started = ContinuousClock.now
        try await waitFor(Self.warmUp)
        let memoryAfterWarmUp = try Self.residentKiB()
        let descriptorsAfterWarmUp = try Self.openDescriptors()
        var samples: [String] = []
        for checkpoint in stride(from: Self.warmUp * 2, through: Self.cycles, by: Self.warmUp) {
            try await waitFor(checkpoint)
            samples.append("\(checkpoint): \(try Self.residentKiB()) KiB, \(try Self.openDescriptors()) fds")
        }
        let took = ContinuousClock.now - started
        let memoryAtEnd = try Self.residentKiB()
        let descriptorsAtEnd = try Self.openDescriptors()

        let series = parseExposition(try await httpRequest("\(base)/metrics").body)
        scraper.cancel()
        await exporter.stop()
        await fake.stop()

        let growth = Double(memoryAtEnd - memoryAfterWarmUp) / Double(memoryAfterWarmUp)
        print("soak: \(Self.cycles) cycles in \(took); RSS \(memoryAfterWarmUp) KiB after \(Self.warmUp) cycles, \(memoryAtEnd) KiB at the end (\(String(format: "%+.2f", growth * 100)) %); descriptors \(descriptorsAfterWarmUp) → \(descriptorsAtEnd); \(samples.joined(separator: "; "))")
        #expect(growth < 0.05, "resident memory grew by \(growth * 100) %")
        // Pooled connections come and go (two per host and side at most);
        // a leak of one per cycle would be hundreds.
        #expect(descriptorsAtEnd <= descriptorsAfterWarmUp + 16)
        #expect(series.filter { !isExporterSeries($0.key) } == SeedReports.expectedSeries(tenant: Self.app.tenantID, periods: [.d7]))
        for report in ReportCatalog.defaultReports.map(\.function) {
            #expect(series["m365_report_up{tenant=\"\(Self.app.tenantID)\",report=\"\(report)\"}"] == 1)
        }
    }
}

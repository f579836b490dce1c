import Foundation
import Logging
@testable import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// A reload is exact: a tenant whose identity or credential changes is
/// fetched again at once and its old values are never served under the new
/// identity; counters never go down; a changed cloud moves both hosts;
/// reloads run one at a time.
@Suite struct ReloadExactnessTests {
    typealias Multi = MultiTenantEndToEndTests
    static let groupsReport = "getOffice365GroupsActivityGroupCounts"

    @Test func aChangedTenantIDDropsTheOldValuesAndIsFetchedAtOnce() async throws {
        let fake = try await Multi.startFake(tenants: 2)
        let yaml = "tenants:\n" + Multi.entry("acme", 1, secretDirectory: "$SECRETS", extra: "    reports: [\(Self.groupsReport)]")
        try await Multi.withExporter(fake: fake, tenants: 2, yaml: yaml) { running in
            let before = try await Multi.scrape(running.base)
            #expect(before[Multi.groups("acme")] == 100)
            let requestsBefore = before["m365_graph_requests_total{tenant=\"acme\",report=\"\(Self.groupsReport)\",code=\"200\"}"]
            #expect(requestsBefore != nil)
            // The new directory answers slowly: the window in which old values could show.
            await fake.setLatency(.seconds(2))
            try running.files.write("m365.yml", "tenants:\n"
                + Multi.entry("acme", 2, secretDirectory: running.files.directory, extra: "    reports: [\(Self.groupsReport)]"))
            #expect(try await httpRequest("\(running.base)/-/reload", method: "POST").status == 200)
            let during = try await Multi.scrape(running.base)
            #expect(during[Multi.groups("acme")] == nil, "tenant 1's value served under tenant 2's identity")
            // Counters go on from where they were.
            let requestsDuring = during["m365_graph_requests_total{tenant=\"acme\",report=\"\(Self.groupsReport)\",code=\"200\"}"]
            #expect((requestsDuring ?? -1) >= (requestsBefore ?? 0))
            // Fetched at once, not an hour later.
            #expect(try await eventually(timeout: .seconds(15)) { try await Multi.scrape(running.base)[Multi.groups("acme")] == 200 })
        }
        await fake.stop()
    }

    @Test func aRotatedSecretIsTriedAtOnceAndTheValuesStayMeanwhile() async throws {
        let fake = try await Multi.startFake(tenants: 1)
        let yaml = "tenants:\n" + Multi.entry("acme", 1, secretDirectory: "$SECRETS", extra: "    reports: [\(Self.groupsReport)]")
        try await Multi.withExporter(fake: fake, tenants: 1, yaml: yaml) { running in
            let fetches = { await fake.requests.filter { $0.host == .graph && $0.authorization != nil }.count }
            let before = await fetches()
            await fake.rotateSecret(clientID: "app-1", to: "rotated-secret")
            await fake.setLatency(.seconds(1))
            try running.files.write("secret-1", "rotated-secret\n")
            #expect(try await httpRequest("\(running.base)/-/reload", method: "POST").status == 200)
            // Same identity: the values stay while the new credential is tried.
            #expect(try await Multi.scrape(running.base)[Multi.groups("acme")] == 100)
            #expect(try await eventually(timeout: .seconds(15)) { await fetches() > before })
            let tokens = await fake.requests.filter { $0.host == .login }.last
            #expect(tokens?.form["client_secret"] == "rotated-secret")
        }
        await fake.stop()
    }

    @Test func throttledSecondsNeverGoDownWhenAReportIsRemoved() async throws {
        let fake = try await Multi.startFake(tenants: 1)
        await fake.enqueue(.throttle(retryAfter: 1), for: Self.groupsReport)
        let both = "    reports: [\(Self.groupsReport), getOffice365ServicesUserCounts]"
        let yaml = "tenants:\n" + Multi.entry("acme", 1, secretDirectory: "$SECRETS", extra: both)
        try await Multi.withExporter(fake: fake, tenants: 1, yaml: yaml) { running in
            let throttled = #"m365_graph_throttled_seconds_total{tenant="acme"}"#
            #expect(try await eventually(timeout: .seconds(15)) { (try await Multi.scrape(running.base)[throttled] ?? 0) >= 1 })
            let before = try #require(try await Multi.scrape(running.base)[throttled])
            try running.files.write("m365.yml", "tenants:\n"
                + Multi.entry("acme", 1, secretDirectory: running.files.directory, extra: "    reports: [getOffice365ServicesUserCounts]"))
            #expect(try await httpRequest("\(running.base)/-/reload", method: "POST").status == 200)
            #expect(try await eventually(timeout: .seconds(5)) {
                !(try await Multi.scrape(running.base)).keys.contains { $0.contains(Self.groupsReport) }
            })
            #expect(try await Multi.scrape(running.base)[throttled] == before)
            // The tenant gone, its counter goes with it.
            try running.files.write("m365.yml", "tenants:\n"
                + Multi.entry("other", 1, secretDirectory: running.files.directory, extra: "    reports: [getOffice365ServicesUserCounts]"))
            #expect(try await httpRequest("\(running.base)/-/reload", method: "POST").status == 200)
            #expect(try await eventually(timeout: .seconds(5)) { try await Multi.scrape(running.base)[throttled] == nil })
        }
        await fake.stop()
    }

    /// Graph URL and login host move together: after the reload, every
    /// request goes to the new pair and none to the old.
    @Test func aChangedCloudMovesBothHosts() async throws {
        let old = try await Multi.startFake(tenants: 1)
        let new = try await Multi.startFake(tenants: 1)
        await new.setTenantBodies { _, function, _ in
            function == Self.groupsReport ? Multi.groupsBody(total: 700, active: 7) : nil
        }
        let files = try TemporaryFiles()
        try files.write("secret-1", "secret-1\n")
        func yaml(_ fake: FakeGraph) -> String {
            "graph:\n  url: \(fake.graphURL)\nazure:\n  authority_host: \(fake.authorityURL)\ntenants:\n"
                + Multi.entry("acme", 1, secretDirectory: files.directory, extra: "    reports: [\(Self.groupsReport)]")
        }
        let path = try files.write("m365.yml", yaml(old))
        var flags = ConfigurationLoader.Flags()
        flags.listenAddress = ListenAddress(host: "127.0.0.1", port: 0)
        flags.requestTimeout = .seconds(10)
        let loader = ConfigurationLoader(
            flags: flags, configFile: path, environmentAuthorityHost: nil, environmentTenant: { _ in throw CancellationError() })
        let exporter = try await InProcessExporter.start(
            try loader.load(), reload: { try loader.load() }, logger: InProcessExporter.quietLogger("cloud-change"))
        #expect(try await eventually { try await Multi.scrape(exporter.base)[Multi.groups("acme")] == 100 })
        let oldRequests = await old.requests.count
        try files.write("m365.yml", yaml(new))
        #expect(try await httpRequest("\(exporter.base)/-/reload", method: "POST").status == 200)
        #expect(try await eventually(timeout: .seconds(15)) { try await Multi.scrape(exporter.base)[Multi.groups("acme")] == 700 })
        #expect(await new.requests.contains { $0.host == .login })
        #expect(await new.requests.contains { $0.host == .graph })
        #expect(await old.requests.count == oldRequests)
        await exporter.stop()
        await old.stop()
        await new.stop()
    }

    @Test func aCloudPresetSetsBothHosts() throws {
        let files = try TemporaryFiles()
        try files.write("secret", "s\n")
        let path = try files.write("m365.yml", "azure:\n  cloud: china\ntenants:\n"
            + "  - {name: a, tenant_id: t, client_id: c, client_secret_file: \(files.directory)/secret}\n")
        let loader = ConfigurationLoader(
            flags: ConfigurationLoader.Flags(), configFile: path, environmentAuthorityHost: nil,
            environmentTenant: { _ in throw CancellationError() })
        let configuration = try loader.load()
        #expect(configuration.graphURL == AzureCloud.china.graphURL)
        #expect(configuration.tenants.first?.credentials?.authorityHost == AzureCloud.normalizedHost(AzureCloud.china.authorityHost))
    }

    /// Twenty reloads asked for at once run one after another.
    @Test func reloadsRunOneAtATime() async throws {
        let configuration = ExporterConfiguration(
            tenants: [TenantConfiguration(name: DemoReportSource.tenantName, credentials: nil)], mode: .demo)
        let logger = InProcessExporter.quietLogger("serialized-reloads")
        let makeTargets: @Sendable (ExporterConfiguration) -> [RefreshTarget] = { configuration in
            configuration.tenants.flatMap { tenant in
                tenant.reports.map {
                    RefreshTarget(tenant: tenant.name, definition: $0, periods: [.d7], source: DemoReportSource())
                }
            }
        }
        let refresher = Refresher(
            targets: makeTargets(configuration), interval: .seconds(3600), refreshLimit: 64, store: SnapshotStore(), logger: logger)
        let reloader = ConfigurationReloader(
            running: configuration, loadedAt: 0, load: { configuration }, makeTargets: makeTargets, refresher: refresher,
            logger: logger)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask { if case .success = await reloader.reload() { true } else { false } }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 20))
        #expect(await reloader.overlaps == 0)
    }
}

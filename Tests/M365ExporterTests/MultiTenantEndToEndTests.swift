import Foundation
import Logging
import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// Many tenants from a configuration file, in this process against the fake
/// Graph: each tenant's own values, `/probe?tenant=`, reload (add, remove,
/// change, a bad file), the reload metrics and gzip.
@Suite struct MultiTenantEndToEndTests {
    /// Tenant `n` answers the groups report with Total 100·n and Active n.
    static func groupsBody(total: Int, active: Int, periodDays: Int = 7) -> [UInt8] {
        ReportCSV(
            header: ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"],
            rows: [["2026-11-19", String(total), String(active), "2026-11-18", String(periodDays)]]).bytes
    }

    static func tenantNumber(_ tenantID: String) -> Int? { Int(tenantID.split(separator: "-").last ?? "") }

    /// A fake with apps `tid-1`…`tid-n` whose groups report is their own.
    static func startFake(tenants: Int) async throws -> FakeGraph {
        let fake = try await FakeGraph.start()
        for number in 1...tenants {
            await fake.register(FakeApp(tenantID: "tid-\(number)", clientID: "app-\(number)", clientSecret: "secret-\(number)"))
        }
        await fake.serveSeedReports()
        await fake.setTenantBodies { tenant, function, period in
            guard function == "getOffice365GroupsActivityGroupCounts", let number = tenantNumber(tenant) else { return nil }
            return groupsBody(total: 100 * number, active: number, periodDays: ReportPeriod(rawValue: period)?.days ?? 7)
        }
        return fake
    }

    /// A configuration file entry for tenant `number`, named `name`.
    static func entry(_ name: String, _ number: Int, secretDirectory: String, extra: String = "") -> String {
        """
          - name: \(name)
            tenant_id: tid-\(number)
            client_id: app-\(number)
            client_secret_file: \(secretDirectory)/secret-\(number)

        """ + (extra.isEmpty ? "" : extra + "\n")
    }

    struct Running {
        let base: String
        let files: TemporaryFiles
        let configPath: String
    }

    /// Runs the exporter with `yaml` as its configuration file until `body` returns.
    static func withExporter(
        fake: FakeGraph, tenants: Int, yaml: String, interval: Duration = .seconds(3600),
        maxConcurrency: Int = 8, readyWithin: Duration = .seconds(30),
        _ body: (Running) async throws -> Void
    ) async throws {
        let files = try TemporaryFiles()
        for number in 1...tenants { try files.write("secret-\(number)", "secret-\(number)\n") }
        let path = try files.write("m365.yml", yaml.replacingOccurrences(of: "$SECRETS", with: files.directory))
        var flags = ConfigurationLoader.Flags()
        flags.listenAddress = ListenAddress(host: "127.0.0.1", port: 0)
        flags.graphURL = fake.graphURL
        flags.refreshInterval = interval
        flags.requestTimeout = .seconds(10)
        flags.maxConcurrency = maxConcurrency
        let loader = ConfigurationLoader(
            flags: flags, configFile: path, environmentAuthorityHost: fake.authorityURL,
            environmentTenant: { _ in throw CancellationError() })
        let configuration = try loader.load()
        let exporter = try await InProcessExporter.start(
            configuration, reload: { try loader.load() }, logger: InProcessExporter.quietLogger("exporter-under-test"))
        defer { exporter.task.cancel() }
        let base = exporter.base
        #expect(try await eventually(timeout: readyWithin, every: .milliseconds(200)) {
            try await httpRequest("\(base)/-/ready").status == 200
        })
        try await body(Running(base: base, files: files, configPath: path))
        await exporter.stop()
    }

    static func scrape(_ base: String, _ path: String = "/metrics") async throws -> [String: Double] {
        parseExposition(try await httpRequest("\(base)\(path)").body)
    }

    static func groups(_ tenant: String) -> String { "o365_groups{tenant=\"\(tenant)\"}" }
    static func up(_ tenant: String, _ report: String = "getOffice365GroupsActivityGroupCounts") -> String {
        "m365_report_up{tenant=\"\(tenant)\",report=\"\(report)\"}"
    }

    @Test func servesEveryTenantWithItsOwnValuesAndProbesOneAtATime() async throws {
        let fake = try await Self.startFake(tenants: 3)
        let yaml = "tenants:\n" + Self.entry("contoso", 1, secretDirectory: "$SECRETS")
            + Self.entry("fabrikam", 2, secretDirectory: "$SECRETS", extra: "    reports: [getOffice365GroupsActivityGroupCounts]")
            + Self.entry("northwind", 3, secretDirectory: "$SECRETS", extra: "    periods: [D30, D90]")
        try await Self.withExporter(fake: fake, tenants: 3, yaml: yaml) { running in
            let series = try await Self.scrape(running.base)
            #expect(series[Self.groups("contoso")] == 100)
            #expect(series[Self.groups("fabrikam")] == 200)
            #expect(series[Self.groups("northwind")] == 300)
            #expect(series["o365_active_groups{tenant=\"northwind\"}"] == 3)
            // fabrikam fetches its one report only; northwind its own periods.
            #expect(!series.keys.contains { $0.contains("tenant=\"fabrikam\"") && $0.hasPrefix("skype_") })
            #expect(series.keys.filter { $0.hasPrefix("m365_report_up{tenant=\"fabrikam\"") }.count == 1)
            #expect(series.keys.filter { $0.hasPrefix("o365_active_users{tenant=\"northwind\"") }.count == 14)
            #expect(series["o365_active_users{tenant=\"contoso\",period=\"D7\",service=\"teams\"}"] != nil)
            #expect(series["m365_exporter_config_last_reload_successful"] == 1)

            let probe = try await httpRequest("\(running.base)/probe?tenant=northwind")
            #expect(probe.status == 200)
            #expect(probe.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            let probed = parseExposition(probe.body)
            #expect(probed == series.filter { $0.key.contains("{tenant=\"northwind\"") })
            #expect(probed.count > 20)

            let openMetrics = try await httpRequest(
                "\(running.base)/probe?tenant=fabrikam", headers: [("Accept", "application/openmetrics-text; version=1.0.0")])
            #expect(openMetrics.body.hasSuffix("# EOF\n"))
            #expect(parseExposition(openMetrics.body)[Self.groups("fabrikam")] == 200)

            #expect(try await httpRequest("\(running.base)/probe?tenant=nobody").status == 404)
            #expect(try await httpRequest("\(running.base)/probe").status == 400)
            #expect(try await httpRequest("\(running.base)/probe?tenant=contoso", method: "POST").status == 405)
        }
        await fake.stop()
    }

    @Test func reloadAddsRemovesAndChangesTenantsAndKeepsTheUnchanged() async throws {
        let fake = try await Self.startFake(tenants: 4)
        let groupsOnly = "    reports: [getOffice365GroupsActivityGroupCounts]"
        let before = "tenants:\n" + Self.entry("keep", 1, secretDirectory: "$SECRETS", extra: groupsOnly)
            + Self.entry("gone", 2, secretDirectory: "$SECRETS", extra: groupsOnly)
            + Self.entry("change", 3, secretDirectory: "$SECRETS", extra: groupsOnly)
        try await Self.withExporter(fake: fake, tenants: 4, yaml: before) { running in
            let first = try await Self.scrape(running.base)
            #expect(first[Self.groups("gone")] == 200)
            let keepFetches = await fake.requests.filter { $0.host == .graph && $0.authorization != nil }.count
            #expect(keepFetches == 3)
            let keepSuccess = first["m365_report_last_success_timestamp_seconds{tenant=\"keep\",report=\"getOffice365GroupsActivityGroupCounts\"}"]

            let after = "tenants:\n" + Self.entry("keep", 1, secretDirectory: running.files.directory, extra: groupsOnly)
                + Self.entry("change", 3, secretDirectory: running.files.directory,
                             extra: "    reports: [getOffice365GroupsActivityGroupCounts, getSkypeForBusinessPeerToPeerActivityCounts]")
                + Self.entry("added", 4, secretDirectory: running.files.directory, extra: groupsOnly)
            try running.files.write("m365.yml", after)
            let reload = try await httpRequest("\(running.base)/-/reload", method: "POST")
            #expect(reload.status == 200)

            // Added: fetched at once, not at the next tick an hour away.
            #expect(try await eventually(timeout: .seconds(10)) {
                let series = try await Self.scrape(running.base)
                return series[Self.groups("added")] == 400
                    && series["skype_peer_to_peer_sessions{tenant=\"change\",type=\"im\"}"] == 1001
            })
            let series = try await Self.scrape(running.base)
            // Removed: not one series left.
            #expect(!series.keys.contains { $0.contains("\"gone\"") })
            #expect(try await httpRequest("\(running.base)/probe?tenant=gone").status == 404)
            // Unchanged: same values, no new fetch, same last success.
            #expect(series[Self.groups("keep")] == 100)
            #expect(series["m365_report_last_success_timestamp_seconds{tenant=\"keep\",report=\"getOffice365GroupsActivityGroupCounts\"}"] == keepSuccess)
            // Changed: its unchanged report kept, its new report fetched.
            #expect(series[Self.groups("change")] == 300)
            #expect(series[Self.up("change", "getSkypeForBusinessPeerToPeerActivityCounts")] == 1)
            let graphRequests = await fake.requests.filter { $0.host == .graph }
            #expect(graphRequests.count == 5)
            #expect(series["m365_exporter_config_last_reload_successful"] == 1)
            #expect(try await httpRequest("\(running.base)/-/ready").status == 200)
        }
        await fake.stop()
    }

    @Test func aBadFileIsRefusedAndTheRunningConfigurationStays() async throws {
        let fake = try await Self.startFake(tenants: 2)
        let yaml = "tenants:\n" + Self.entry("contoso", 1, secretDirectory: "$SECRETS")
        try await Self.withExporter(fake: fake, tenants: 2, yaml: yaml) { running in
            let before = try await Self.scrape(running.base)
            let firstSuccess = try #require(before["m365_exporter_config_last_reload_success_timestamp_seconds"])
            #expect(before["m365_exporter_config_last_reload_successful"] == 1)

            let bad = "tenants:\n" + Self.entry("contoso", 1, secretDirectory: running.files.directory)
                + "  - name: fabrikam\n    tenant_id: tid-2\n    client_secret_file: \(running.files.directory)/secret-2\n"
            try running.files.write("m365.yml", bad)
            let reload = try await httpRequest("\(running.base)/-/reload", method: "POST")
            #expect(reload.status == 500)
            #expect(reload.body.contains("tenant \"fabrikam\": client_id is missing"), "\(reload.body)")
            #expect(!reload.body.contains("secret-1"))

            #expect(try await eventually {
                try await Self.scrape(running.base)["m365_exporter_config_last_reload_successful"] == 0
            })
            let after = try await Self.scrape(running.base)
            #expect(after["m365_exporter_config_last_reload_success_timestamp_seconds"] == firstSuccess)
            #expect(after.filter { !$0.key.hasPrefix("m365_exporter_config") } == before.filter { !$0.key.hasPrefix("m365_exporter_config") })

            // Fixed again: the next reload succeeds and the new tenant arrives.
            try running.files.write("m365.yml", "tenants:\n" + Self.entry("contoso", 1, secretDirectory: running.files.directory)
                + Self.entry("fabrikam", 2, secretDirectory: running.files.directory))
            #expect(try await httpRequest("\(running.base)/-/reload", method: "POST").status == 200)
            #expect(try await eventually(timeout: .seconds(10)) {
                let series = try await Self.scrape(running.base)
                return series[Self.groups("fabrikam")] == 200 && series["m365_exporter_config_last_reload_successful"] == 1
            })
            #expect(try await httpRequest("\(running.base)/-/reload").status == 405)
        }
        await fake.stop()
    }

    @Test func gzipIsServedWhenAskedAndDecompressesToTheSameBytes() async throws {
        let fake = try await Self.startFake(tenants: 2)
        let yaml = "tenants:\n" + Self.entry("contoso", 1, secretDirectory: "$SECRETS") + Self.entry("fabrikam", 2, secretDirectory: "$SECRETS")
        try await Self.withExporter(fake: fake, tenants: 2, yaml: yaml) { running in
            let plain = try await rawRequest("\(running.base)/metrics")
            #expect(plain.header("Content-Encoding") == nil)
            #expect(parseExposition(String(decoding: plain.body, as: UTF8.self))[Self.groups("fabrikam")] == 200)
            let zipped = try await rawRequest("\(running.base)/metrics", headers: [("Accept-Encoding", "gzip")])
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(zipped.header("Vary")?.contains("Accept-Encoding") == true)
            #expect(zipped.body.count < plain.body.count / 3)
            #expect(try gunzip(zipped.body) == plain.body)
            let refused = try await rawRequest("\(running.base)/metrics", headers: [("Accept-Encoding", "gzip;q=0, identity")])
            #expect(refused.header("Content-Encoding") == nil)
        }
        await fake.stop()
    }
}

import Foundation
@testable import M365Exporter
import M365Reports
import M365TestSupport
import Testing

/// `m365-exporter backfill` as a user runs it: the real binary against the
/// fake Graph serving the demo data, `promtool tsdb create-blocks-from
/// openmetrics`, and a real Prometheus started on the blocks.
@Suite(.serialized) struct BackfillTests {
    static let app = FakeApp(tenantID: "5d1e7a00-0000-4000-8000-0000000000b1", clientID: "backfill-app", clientSecret: "Bf7~secret-value")

    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backfill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The fake Graph serving the 180-day demo data of the default reports.
    private func fakeServingDemoData() async throws -> FakeGraph {
        let fake = try await FakeGraph.start()
        await fake.register(Self.app)
        for definition in ReportCatalog.defaultReports {
            var bodies: [ReportPeriod: [UInt8]] = [:]
            for period in ReportPeriod.allCases { bodies[period] = try DemoReportSource.csv(for: definition, period: period) }
            await fake.setReport(definition, bodies: bodies)
        }
        return fake
    }

    private var credentials: [String: String] {
        ["AZURE_TENANT_ID": Self.app.tenantID, "AZURE_CLIENT_ID": Self.app.clientID, "AZURE_CLIENT_SECRET": Self.app.clientSecret]
    }

    /// The `data.result` of a Prometheus API answer.
    private func result(_ body: String) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let data = try #require(json["data"] as? [String: Any], "\(body)")
        return try #require(data["result"] as? [[String: Any]])
    }

    @Test func backfilledHistoryIsAnsweredByPrometheusOnePointPerDay() async throws {
        let fake = try await fakeServingDemoData()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let history = directory.appendingPathComponent("history.om")
        var environment = credentials
        environment["AZURE_AUTHORITY_HOST"] = fake.authorityURL

        let started = ContinuousClock.now
        let (status, output) = try await ExporterProcess.runToExit(
            ["backfill", "--period", "D180", "--output", history.path, "--graph.url", fake.graphURL,
             "--reports.periods", "D7,D30"],
            environment: environment, timeout: .seconds(120))
        let took = ContinuousClock.now - started
        #expect(status == 0, "\(output)")
        let requests = await fake.requests.filter { $0.host == .graph }.map(\.path)
        await fake.stop()

        // Each daily report once for D180; the services aggregate once per configured period.
        let reports = ReportCatalog.defaultReports
        #expect(requests.count == reports.count + 1)
        for definition in reports where !definition.labelsPeriod {
            let path = definition.request.path(function: definition.function, period: .d180, version: definition.request.versionsToTry[0])
            #expect(requests.contains("/\(definition.apiVersion.rawValue)\(path)"), "\(definition.function)")
        }
        // The Copilot summary is asked for every period at once, version 2 first.
        #expect(requests.contains("/v1.0/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL',version='v2')"))
        #expect(requests.contains("/v1.0/reports/getOffice365ServicesUserCounts(period='D7')"))
        #expect(requests.contains("/v1.0/reports/getOffice365ServicesUserCounts(period='D30')"))
        // Not a terminal: no progress lines, one summary.
        #expect(!output.contains("[1/\(reports.count)]"), "\(output)")
        // Every daily report 180 rows; the services aggregate one row per period (D7, D30); the
        // Copilot summary one row for each of its four periods.
        #expect(output.contains("backfill: \(reports.count) of \(reports.count) reports, \((reports.count - 2) * 180 + 2 + 4) rows"), "\(output)")
        #expect(output.contains("2026-05-25 to 2026-11-20"), "\(output)")

        let text = try String(contentsOf: history, encoding: .utf8)
        #expect(text.hasSuffix("# EOF\n"))
        let blocks = directory.appendingPathComponent("data")
        // As docs/operations.md says: blocks of up to 31 days rather than one per day.
        let created = try ExternalTool.run(
            "promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=744h", history.path, blocks.path])
        #expect(created.status == 0, "\(created.output)")

        let prometheus = try PrometheusServer(serving: blocks, retention: "100y")
        defer { prometheus.stop() }
        try await prometheus.waitUntilReady()

        // The CSV rows the demo data hold, read by the same parser.
        let teams = try #require(ReportCatalog.definition(named: "getTeamsUserActivityUserCounts"))
        let parsed = try ReportParser.parse(csv: try DemoReportSource.csv(for: teams, period: .d180), as: teams)
        let callsColumn = try #require(teams.columns.firstIndex { $0.labels == [Label("activity", "calls")] })
        var expected: [Double: Double] = [:]
        for row in parsed.rows { expected[row.day.unixTime] = row.values[callsColumn] }
        #expect(expected.count == 180)
        let first = try #require(expected.keys.min()), last = try #require(expected.keys.max())

        let query = #"teams_active_users{activity="calls"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let range = try await httpRequest(
            "\(prometheus.baseURL)/api/v1/query_range?query=\(query)&start=\(Int(first))&end=\(Int(last))&step=86400")
        #expect(range.status == 200, "\(range.body)")
        let series = try result(range.body)
        #expect(series.count == 1)
        let labels = try #require(series.first?["metric"] as? [String: String])
        #expect(labels == ["__name__": "teams_active_users", "tenant": Self.app.tenantID, "activity": "calls"])
        let values = try #require(series.first?["values"] as? [[Any]])
        #expect(values.count == 180)
        for point in values {
            let time = try #require(point.first as? Double)
            let value = try #require(point.last as? String)
            #expect(Double(value) == expected[time], "at \(time)")
        }

        // The period aggregate: one sample per configured period at its Report Refresh Date.
        let services = try #require(ReportCatalog.definition(named: "getOffice365ServicesUserCounts"))
        for period in [ReportPeriod.d7, .d30] {
            let row = try #require(try ReportParser.parse(csv: try DemoReportSource.csv(for: services, period: period), as: services).latestRow)
            let column = try #require(services.columns.firstIndex { $0.metric == "o365_active_users" && $0.labels == [Label("service", "teams")] })
            let instant = #"o365_active_users{service="teams",period="\#(period.rawValue)"}"#
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let answer = try result(try await httpRequest(
                "\(prometheus.baseURL)/api/v1/query?query=\(instant)&time=\(Int(row.refreshDate.unixTime))").body)
            #expect((answer.first?["value"] as? [Any])?.last as? String == row.values[column].map(ExpositionRenderer.formatValue))
        }
        print("backfill of \(reports.count) reports from the fake Graph took \(took)")
    }

    @Test func demoBackfillWritesEveryDayOfEveryReportForPromtool() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let history = directory.appendingPathComponent("demo.om")
        let (status, output) = try await ExporterProcess.runToExit(
            ["backfill", "--demo", "--reports", "all", "--period", "D90", "--output", history.path, "--label", "job=m365"])
        #expect(status == 0, "\(output)")
        let text = try String(contentsOf: history, encoding: .utf8)
        #expect(text.hasSuffix("# EOF\n"))
        // Every metric of the catalog, each series with one sample per day of the period.
        let today = ReportDay(unixTime: Date().timeIntervalSince1970)
        var timestamps: [String: [Double]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            #expect(fields.count == 3, "\(line)")
            timestamps[String(fields[0]), default: []].append(Double(fields[2]) ?? -1)
        }
        for definition in ReportCatalog.all {
            for metric in definition.metrics {
                #expect(timestamps.keys.contains { $0.hasPrefix(metric.name + "{tenant=\"contoso\"") }, "\(metric.name)")
            }
        }
        // Reports without a Report Date give one sample, at their Report Refresh Date.
        let periodAggregates = ReportCatalog.all.filter { $0.dayColumn == .reportRefreshDate }.flatMap { $0.metrics.map(\.name) }
        #expect(periodAggregates.contains("o365_active_users") && periodAggregates.contains("m365_copilot_active_users"))
        for (series, times) in timestamps {
            #expect(series.hasSuffix(",job=\"m365\"}"), "\(series)")
            if periodAggregates.contains(where: { series.hasPrefix($0 + "{") }) {
                #expect(times == [today.adding(days: -2).unixTime], "\(series)")
            } else {
                #expect(times == (0..<90).map { today.adding(days: -91 + $0).unixTime }, "\(series)")
            }
        }
        let created = try ExternalTool.run(
            "promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=744h", history.path,
                         directory.appendingPathComponent("data").path])
        #expect(created.status == 0, "\(created.output)")
    }

    @Test(arguments: [
        (["--period", "D365"], "--period"),
        (["--label", "job"], "--label"),
        (["--label", "tenant=x"], "--label: tenant"),
        (["--reports", "getNothing"], "unknown report \"getNothing\""),
    ])
    func aBadFlagExitsWith2AndNamesIt(_ arguments: [String], _ named: String) async throws {
        let (status, output) = try await ExporterProcess.runToExit(["backfill", "--demo", "--output", "/dev/null"] + arguments)
        #expect(status == 2)
        #expect(output.contains(named), "\(output)")
    }

    @Test func aFailingReportIsNamedAndTheOthersAreWritten() async throws {
        let fake = try await fakeServingDemoData()
        await fake.enqueue(.status(400), for: "getEmailActivityUserCounts")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let history = directory.appendingPathComponent("history.om")
        var environment = credentials
        environment["AZURE_AUTHORITY_HOST"] = fake.authorityURL
        let (status, output) = try await ExporterProcess.runToExit(
            ["backfill", "--output", history.path, "--graph.url", fake.graphURL,
             "--reports", "getEmailActivityUserCounts,getOneDriveActivityUserCounts"],
            environment: environment)
        await fake.stop()
        #expect(status == 1)
        #expect(output.contains("1 of 2 reports, 180 rows"), "\(output)")
        #expect(output.contains("1 reports failed (see the log above): \(Self.app.tenantID)/getEmailActivityUserCounts"), "\(output)")
        #expect(!output.contains(Self.app.clientSecret))
        let text = try String(contentsOf: history, encoding: .utf8)
        #expect(text.contains("onedrive_active_users{"))
        #expect(!text.contains("exchange_email_active_users{"))
    }

    @Test func backfillsEveryTenantOfTheConfigurationFileWithItsOwnReports() async throws {
        let fake = try await MultiTenantEndToEndTests.startFake(tenants: 2)
        let files = try TemporaryFiles()
        for number in 1...2 { try files.write("secret-\(number)", "secret-\(number)") }
        let path = try files.write("m365.yml", "reports: [getOffice365GroupsActivityGroupCounts, getMailboxUsageStorage]\ntenants:\n"
            + MultiTenantEndToEndTests.entry("contoso", 1, secretDirectory: files.directory)
            + MultiTenantEndToEndTests.entry("fabrikam", 2, secretDirectory: files.directory,
                                             extra: "    reports: [getOffice365GroupsActivityGroupCounts]"))
        let history = "\(files.directory)/history.om"
        let (status, output) = try await ExporterProcess.runToExit(
            ["backfill", "--config.file", path, "--graph.url", fake.graphURL, "--output", history],
            environment: ["AZURE_AUTHORITY_HOST": fake.authorityURL])
        await fake.stop()
        #expect(status == 0, "\(output)")
        #expect(output.contains("backfill: 3 of 3 reports"), "\(output)")
        #expect(!output.contains("secret-1") && !output.contains("secret-2"))
        // (Keys are `metric{labels} value`: the timestamp is the last field.)
        let series = parseExposition(try String(contentsOfFile: history, encoding: .utf8))
        // Each tenant under its configured name, each with its own reports and its own data.
        #expect(series.keys.contains { $0.hasPrefix("o365_groups{tenant=\"contoso\"}") })
        #expect(series.keys.contains { $0.hasPrefix("o365_groups{tenant=\"fabrikam\"}") })
        #expect(series.keys.contains { $0.hasPrefix("exchange_mailbox_storage_used_bytes{tenant=\"contoso\"}") })
        #expect(!series.keys.contains { $0.hasPrefix("exchange_mailbox_storage_used_bytes{tenant=\"fabrikam\"}") })
        let day = Int(ReportDay(year: 2026, month: 11, day: 18)!.unixTime)
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains("o365_groups{tenant=\"contoso\"} 100 \(day)"))
        #expect(lines.contains("o365_groups{tenant=\"fabrikam\"} 200 \(day)"))
    }

    @Test func showsALinePerReportOnATerminal() async throws {
        let files = try TemporaryFiles()
        // util-linux's `script` runs the command on a pseudo-terminal, as a user's shell does.
        let command = "\(ExporterProcess.binaryPath) backfill --demo --reports default --period D7 --output \(files.directory)/history.om"
        let (status, output) = try ExternalTool.run("script", ["-qec", command, "/dev/null"])
        #expect(status == 0, "\(output)")
        let reports = ReportCatalog.defaultReports
        for (index, report) in reports.enumerated() {
            // The demo Copilot summary answers every period at once: 7, 28, 90 and 180 days.
            let rows = report.labelsAnsweredPeriod ? 4 : report.labelsPeriod ? 1 : 7
            #expect(output.contains("[\(index + 1)/\(reports.count)] contoso \(report.function): \(rows) rows"), "\(output)")
        }
        #expect(output.contains("backfill: \(reports.count) of \(reports.count) reports"))
    }
}

import Logging
import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// The real exporter (its HTTP listener, its Graph client) in this process,
/// against the fake Graph on loopback sockets; every value is read back
/// through a scrape over a socket.
@Suite struct ExporterEndToEndTests {
    static let app = FakeApp(tenantID: "9c3b4d1e-0000-4000-8000-000000000001", clientID: "exporter-app", clientSecret: "Zx8~secret-value")

    /// Runs the exporter against `fake` until `body` returns.
    private func withExporter(
        fake: FakeGraph, reports: [ReportDefinition] = ReportCatalog.defaultReports,
        periods: [ReportPeriod] = [.d7, .d30], interval: Duration = .seconds(3600),
        maxConcurrency: Int = 8, requestTimeout: Duration = .seconds(10), waitUntilReady: Bool = true,
        _ body: (String) async throws -> Void
    ) async throws {
        let configuration = ExporterConfiguration(
            listenAddress: ListenAddress(host: "127.0.0.1", port: 0),
            refreshInterval: interval,
            periods: periods,
            graphURL: fake.graphURL,
            maxConcurrency: maxConcurrency,
            requestTimeout: requestTimeout,
            tenants: [TenantConfiguration(
                name: Self.app.tenantID,
                credentials: TenantCredentials(
                    tenantID: Self.app.tenantID, clientID: Self.app.clientID,
                    credential: .secret(Secret(Self.app.clientSecret)), authorityHost: fake.authorityURL),
                reports: reports)],
            mode: .graph)
        let exporter = try await InProcessExporter.start(
            configuration, logger: InProcessExporter.quietLogger("exporter-under-test"))
        defer { exporter.task.cancel() }
        let base = exporter.base
        if waitUntilReady {
            #expect(try await eventually { try await httpRequest("\(base)/-/ready").status == 200 })
        }
        try await body(base)
        await exporter.stop()
    }

    private func startFake() async throws -> FakeGraph {
        let fake = try await FakeGraph.start()
        await fake.register(Self.app)
        await fake.serveSeedReports()
        return fake
    }

    @Test func exposesExactlyTheLatestReportDayOfEveryDefaultReport() async throws {
        let fake = try await startFake()
        try await withExporter(fake: fake) { base in
            let scrape = try await httpRequest("\(base)/metrics")
            #expect(scrape.status == 200)
            #expect(scrape.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            let series = parseExposition(scrape.body)
            let tenant = Self.app.tenantID

            let expected = SeedReports.expectedSeries(tenant: tenant, periods: [.d7, .d30])
            let values = series.filter { !isExporterSeries($0.key) }
            #expect(values == expected)

            for definition in ReportCatalog.defaultReports {
                let report = definition.function
                let labels = "{tenant=\"\(tenant)\",report=\"\(report)\"}"
                #expect(series["m365_report_up\(labels)"] == 1, "\(report)")
                // Period aggregates (the services report, the Copilot summary) have only a Report Refresh Date.
                let day = definition.dayColumn == .reportRefreshDate ? SeedReports.refreshDay : SeedReports.latestDay
                #expect(series["m365_report_date_timestamp_seconds\(labels)"] == day.unixTime, "\(report)")
                #expect(series["m365_report_refresh_date_timestamp_seconds\(labels)"] == SeedReports.refreshDay.unixTime)
                #expect((series["m365_report_last_success_timestamp_seconds\(labels)"] ?? 0) > 1_700_000_000)
                #expect(series["m365_report_fetch_duration_seconds\(labels)"] != nil)
                let fetches: Double = report == "getOffice365ServicesUserCounts" ? 2 : 1
                let requests = "m365_graph_requests_total{tenant=\"\(tenant)\",report=\"\(report)\""
                // Graph redirects to a download, except where it answers with the CSV itself (Copilot).
                let redirects = definition.request.answer == .redirectToCSV
                #expect(series["\(requests),code=\"302\"}"] == (redirects ? fetches : nil), "\(report)")
                #expect(series["\(requests),code=\"200\"}"] == fetches, "\(report)")
            }
            let direct = ReportCatalog.defaultReports.filter { $0.request.answer != .redirectToCSV }
            #expect(direct.map(\.function) == ["getMicrosoft365CopilotUserCountSummary"])

            let requests = await fake.requests
            #expect(requests.filter { $0.host == .login }.count == 1)
            // One request per default report, two for the services report (D7 and D30).
            #expect(requests.filter { $0.host == .graph }.count == ReportCatalog.defaultReports.count + 1)
            #expect(requests.filter { $0.host == .download }.count == ReportCatalog.defaultReports.count + 1 - direct.count)
            #expect(requests.filter { $0.host == .download }.allSatisfy { $0.authorization == nil })
        }
        await fake.stop()
    }

    /// `--reports all` against the fake Graph serving every entry in its
    /// real shape: every report up with its expected series, at one Graph
    /// request per report and period and one download per redirect.
    @Test func everyReportOfTheCatalogIsFetchedInOneRequestAndItsDownload() async throws {
        let fake = try await startFake()
        try await withExporter(fake: fake, reports: ReportCatalog.all, periods: [.d7]) { base in
            let text = try await httpRequest("\(base)/metrics").body
            let series = parseExposition(text)
            let tenant = Self.app.tenantID
            for report in ReportCatalog.all {
                #expect(series["m365_report_up{tenant=\"\(tenant)\",report=\"\(report.function)\"}"] == 1, "\(report.function)")
            }
            let expected = SeedReports.expectedSeries(tenant: tenant, periods: [.d7], reports: ReportCatalog.all)
            #expect(series.filter { !isExporterSeries($0.key) } == expected)
            let requests = await fake.requests
            let redirects = ReportCatalog.all.filter { $0.request.answer == .redirectToCSV }.count
            // Written out from docs/metrics.md: 69 reports, of which 65 answer with a redirect.
            #expect(requests.filter { $0.host == .graph }.count == 69)
            #expect(requests.filter { $0.host == .download }.count == 65 && redirects == 65)
            print("--reports all, one tenant, D7: \(requests.filter { $0.host == .graph }.count) Graph requests, "
                + "\(requests.filter { $0.host == .download }.count) downloads, \(series.count) series, \(text.utf8.count) bytes")
        }
        await fake.stop()
    }

    @Test func aHeaderOnlyReportIsUpWithNoValueSeries() async throws {
        let fake = try await startFake()
        await fake.setReport(
            "getSkypeForBusinessPeerToPeerActivityCounts", apiVersion: .v1,
            body: ReportCSV(header: ["Report Refresh Date", "Report Date", "Report Period", "IM", "Audio", "Video", "App Sharing", "File Transfer"], rows: []).bytes)
        try await withExporter(fake: fake) { base in
            let series = parseExposition(try await httpRequest("\(base)/metrics").body)
            #expect(!series.keys.contains { $0.hasPrefix("skype_peer_to_peer_sessions") })
            #expect(series["m365_report_up{tenant=\"\(Self.app.tenantID)\",report=\"getSkypeForBusinessPeerToPeerActivityCounts\"}"] == 1)
            #expect(series.keys.contains { $0.hasPrefix("skype_participant_sessions") })
        }
        await fake.stop()
    }

    @Test func aFailingRefreshKeepsTheLastGoodValuesAndDropsUp() async throws {
        let fake = try await startFake()
        try await withExporter(fake: fake, interval: .seconds(1)) { base in
            let groups = "getOffice365GroupsActivityGroupCounts"
            let up = "m365_report_up{tenant=\"\(Self.app.tenantID)\",report=\"\(groups)\"}"
            let before = parseExposition(try await httpRequest("\(base)/metrics").body)
            #expect(before[up] == 1)
            // From the next refresh on, an HTML error page served with 200,
            // until the test lifts it: a failure that lasted a single refresh
            // (half a second at this interval) could come and go between two
            // scrapes of a loaded machine.
            let failures = 60
            await fake.enqueue(
                .body(Array("<!DOCTYPE html><html><body>Sorry</body></html>".utf8)), for: groups, times: failures)
            #expect(try await eventually(timeout: .seconds(20)) {
                parseExposition(try await httpRequest("\(base)/metrics").body)[up] == 0
            })
            let after = parseExposition(try await httpRequest("\(base)/metrics").body)
            #expect(after["o365_groups{tenant=\"\(Self.app.tenantID)\"}"] == 481)
            #expect(after["o365_active_groups{tenant=\"\(Self.app.tenantID)\"}"] == 310)
            let page = try await httpRequest("\(base)/").body
            #expect(page.contains("no &quot;Report Refresh Date&quot; column"))
            // And it recovers on the refresh after the fault is lifted.
            await fake.clearFaults(for: groups)
            #expect(await fake.faultsServed.count < failures)
            #expect(try await eventually(timeout: .seconds(20)) {
                parseExposition(try await httpRequest("\(base)/metrics").body)[up] == 1
            })
        }
        await fake.stop()
    }

    @Test func aWrongSecretMarksEveryReportDownWithoutSeries() async throws {
        let fake = try await FakeGraph.start()
        await fake.register(FakeApp(tenantID: Self.app.tenantID, clientID: Self.app.clientID, clientSecret: "another"))
        await fake.serveSeedReports()
        try await withExporter(fake: fake) { base in
            let series = parseExposition(try await httpRequest("\(base)/metrics").body)
            for report in ReportCatalog.seedReports.map(\.function) {
                #expect(series["m365_report_up{tenant=\"\(Self.app.tenantID)\",report=\"\(report)\"}"] == 0)
            }
            #expect(!series.keys.contains { $0.hasPrefix("o365_") || $0.hasPrefix("skype_") })
            #expect(await fake.requests.filter { $0.host == .graph }.isEmpty)
            let page = try await httpRequest("\(base)/").body
            #expect(page.contains("AADSTS7000215"))
        }
        await fake.stop()
    }

    @Test func scrapesAreAnsweredFromTheSnapshotWithoutCallingGraph() async throws {
        let fake = try await startFake()
        try await withExporter(fake: fake) { base in
            let before = await fake.requests.count
            let first = try await httpRequest("\(base)/metrics").body
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<50 { group.addTask { try await httpRequest("\(base)/metrics").body } }
                for try await body in group { #expect(body == first) }
            }
            #expect(await fake.requests.count == before)
        }
        await fake.stop()
    }

    @Test func aHungReportStallsNeitherTheOthersNorTheScrapes() async throws {
        let fake = try await startFake()
        let hung = "getSkypeForBusinessOrganizerActivityCounts"
        await fake.enqueue(.hang, for: hung)
        // A request timeout far above the time the other reports need, even on
        // a loaded machine, so that the hung request is still open when they are up.
        try await withExporter(fake: fake, requestTimeout: .seconds(20), waitUntilReady: false) { base in
            let tenant = Self.app.tenantID
            let others = ReportCatalog.seedReports.map(\.function).filter { $0 != hung }
            #expect(try await eventually(timeout: .seconds(15)) {
                let series = parseExposition(try await httpRequest("\(base)/metrics").body)
                return others.allSatisfy { series["m365_report_up{tenant=\"\(tenant)\",report=\"\($0)\"}"] == 1 }
            })
            // While its request hangs, the report is not ready and scrapes still answer at once.
            let started = ContinuousClock.now
            // (The hung request has 20 s to go: an answer within 2 s did not wait on it.)
            let series = parseExposition(try await httpRequest("\(base)/metrics", timeout: .seconds(5)).body)
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(series["m365_report_up{tenant=\"\(tenant)\",report=\"\(hung)\"}"] == 0)
            #expect(!series.keys.contains { $0.hasPrefix("skype_organizer_sessions") })
            #expect(try await httpRequest("\(base)/-/ready").status == 503)
            // After the request timeout the retry gets the report.
            #expect(try await eventually(timeout: .seconds(45)) {
                parseExposition(try await httpRequest("\(base)/metrics").body)["m365_report_up{tenant=\"\(tenant)\",report=\"\(hung)\"}"] == 1
            })
        }
        await fake.stop()
    }

    @Test func neverHasMoreGraphRequestsInFlightThanTheConcurrencyBound() async throws {
        let fake = try await startFake()
        await fake.setLatency(.milliseconds(150))
        try await withExporter(fake: fake, periods: ReportPeriod.allCases, maxConcurrency: 2) { base in
            let series = parseExposition(try await httpRequest("\(base)/metrics").body)
            #expect(series.filter { $0.key.hasPrefix("o365_active_users") }.count == 28)
            // Four periods of the services report, one request for each other report; each with its
            // download but the Copilot summary, which Graph answers without a redirect.
            #expect(await fake.requests.filter { $0.host != .login }.count == 2 * (ReportCatalog.defaultReports.count - 1 + 4) - 1)
            #expect(await fake.peakRequestsInFlight == 2)
        }
        await fake.stop()
    }

    @Test func tokensThatExpireAreRenewedBeforeGraphRefusesThem() async throws {
        let fake = try await startFake()
        await fake.setTokenLifetime(seconds: 2)
        try await withExporter(fake: fake, interval: .seconds(1)) { base in
            // Refreshes every second for a while; the token lives two seconds.
            try await Task.sleep(for: .seconds(4))
            let series = parseExposition(try await httpRequest("\(base)/metrics").body)
            let tenant = Self.app.tenantID
            for report in ReportCatalog.seedReports.map(\.function) {
                #expect(series["m365_report_up{tenant=\"\(tenant)\",report=\"\(report)\"}"] == 1)
                let refreshes = series["m365_graph_requests_total{tenant=\"\(tenant)\",report=\"\(report)\",code=\"200\"}"] ?? 0
                #expect(refreshes >= 3, "\(report)")
            }
            #expect(!series.keys.contains { $0.contains("code=\"401\"") })
            #expect(await fake.requests.filter { $0.host == .login }.count >= 3)
        }
        await fake.stop()
    }

    @Test func aReportAddedToTheCatalogAtRunTimeIsFetchedAndExposed() async throws {
        // A report no code knows: one catalog entry, built at run time.
        let widgets = ReportDefinition(
            function: "getContosoWidgetActivityCounts", apiVersion: .beta, dayColumn: .reportDate,
            metrics: [MetricDescriptor(name: "contoso_widgets", help: "Widgets on the report day, by colour."),
                      MetricDescriptor(name: "contoso_widget_polish_seconds", help: "Time spent polishing widgets.")],
            labelColumns: [LabelColumn(column: "Site Type", label: "site_type")],
            columns: [
                ColumnMapping(column: "Red Widgets", metric: "contoso_widgets", labels: [Label("colour", "red")]),
                ColumnMapping(column: "Blue Widgets", aliases: ["Blue Widget Count"], metric: "contoso_widgets",
                              labels: [Label("colour", "blue")]),
                ColumnMapping(column: "Polish Duration", metric: "contoso_widget_polish_seconds", unit: .seconds),
            ])
        let catalog = try ReportCatalog.standard.adding(widgets)
        let selected = try catalog.select(list: "getContosoWidgetActivityCounts,getOffice365GroupsActivityGroupCounts")

        let fake = try await startFake()
        var csv = ReportCSV(
            header: ["Report Refresh Date", "Site Type", "Red Widgets", "Blue Widget Count", "Polish Duration", "Report Date", "Report Period"],
            rows: [
                ["2026-11-19", "Team Site", "1", "2", "PT1M", "2026-11-17", "7"],
                ["2026-11-19", "Team Site", "3", "4", "PT1H", "2026-11-18", "7"],
                ["2026-11-19", "OneDrive", "5", "6", "00:00:30", "2026-11-18", "7"],
            ])
        csv.quoteEverything = true
        await fake.setReport(widgets.function, apiVersion: .beta, body: csv.bytes)

        try await withExporter(fake: fake, reports: selected) { base in
            let tenant = Self.app.tenantID
            let text = try await httpRequest("\(base)/metrics").body
            let series = parseExposition(text)
            #expect(series.filter { $0.key.hasPrefix("contoso_") } == [
                "contoso_widgets{tenant=\"\(tenant)\",site_type=\"team_site\",colour=\"red\"}": 3,
                "contoso_widgets{tenant=\"\(tenant)\",site_type=\"team_site\",colour=\"blue\"}": 4,
                "contoso_widgets{tenant=\"\(tenant)\",site_type=\"onedrive\",colour=\"red\"}": 5,
                "contoso_widgets{tenant=\"\(tenant)\",site_type=\"onedrive\",colour=\"blue\"}": 6,
                "contoso_widget_polish_seconds{tenant=\"\(tenant)\",site_type=\"team_site\"}": 3600,
                "contoso_widget_polish_seconds{tenant=\"\(tenant)\",site_type=\"onedrive\"}": 30,
            ])
            #expect(text.contains("# HELP contoso_widgets Widgets on the report day, by colour."))
            #expect(series["m365_report_up{tenant=\"\(tenant)\",report=\"getContosoWidgetActivityCounts\"}"] == 1)
            #expect(series["o365_groups{tenant=\"\(tenant)\"}"] == 481)
            // Only the selected reports are fetched.
            let paths = await fake.requests.filter { $0.host == .graph }.map(\.path)
            #expect(paths.sorted() == [
                "/beta/reports/getContosoWidgetActivityCounts(period='D7')",
                "/v1.0/reports/getOffice365GroupsActivityGroupCounts(period='D7')",
            ])
        }
        await fake.stop()
    }
}

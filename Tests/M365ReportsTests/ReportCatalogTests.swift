import M365Reports
import M365TestSupport
import Testing

@Suite struct ReportCatalogTests {

    @Test(arguments: ReportCatalog.all.map(\.function))
    func everyCatalogReportMapsItsSampleAnswer(_ function: String) throws {
        let definition = try #require(ReportCatalog.definition(named: function))
        let report = try ReportParser.parse(answer: try ReportSamples.body(for: function), as: definition)
        #expect(report.missingColumns.isEmpty, "\(report.missingColumns)")
        let samples = ReportSampleMapper.latestSamples(of: report, definition: definition, tenant: "t", period: .d7)
        #expect(seriesByKey(samples) == (try ReportSamples.expectedSeries(for: function, tenant: "t")))
        // Every column of the entry gives a series and every metric it declares is fed.
        #expect(Set(samples.map(\.metric)) == Set(definition.metrics.map(\.name)))
        let expectedDay = definition.dayColumn == .reportDate ? ReportSamples.latestDay : ReportSamples.refreshDay
        #expect(report.latestRow?.day == expectedDay)
    }

    /// The daily active users per service are in the set: the week-over-week
    /// panel and M365ActiveUsersDrop compare them, as they have a daily history.
    /// The Copilot summary tells how many of the paid seats are used.
    @Test func theDefaultSetIsTheSeedReportsTheDailyActiveUsersTheActiveUsersOfFourWorkloadsAndCopilotSeats() {
        #expect(ReportCatalog.defaultReports.map(\.function) == [
            "getSkypeForBusinessParticipantActivityCounts", "getSkypeForBusinessOrganizerActivityCounts",
            "getSkypeForBusinessPeerToPeerActivityCounts", "getOffice365ServicesUserCounts",
            "getOffice365GroupsActivityGroupCounts", "getOffice365ActiveUserCounts", "getTeamsUserActivityUserCounts",
            "getEmailActivityUserCounts", "getOneDriveActivityUserCounts", "getSharePointActivityUserCounts",
            "getMicrosoft365CopilotUserCountSummary",
        ])
        #expect(ReportCatalog.all.count == 69)
    }

    @Test func selectsByGroupAsUsersNameTheWorkloads() throws {
        let catalog = ReportCatalog.standard
        #expect(try catalog.select(list: "copilot").map(\.function)
            == ["getMicrosoft365CopilotUserCountSummary", "getMicrosoft365CopilotUserCountTrend"])
        let teams = try catalog.select(list: "Teams")
        #expect(teams.count == 14 && teams.allSatisfy { $0.function.hasPrefix("getTeams") })
        // A group and a name within it: no repeats, in the order given.
        let mixed = try catalog.select(list: "getTeamsTeamCounts,teams,copilot")
        #expect(mixed.first?.function == "getTeamsTeamCounts" && mixed.count == 16)
        // Every report is in exactly one group, and the groups together are `all`.
        let grouped = try ReportGroup.allCases.flatMap { try catalog.select([$0.rawValue]) }
        #expect(grouped.count == catalog.reports.count)
        #expect(Set(grouped.map(\.function)) == Set(catalog.reports.map(\.function)))
        let error = #expect(throws: ReportSelectionError.self) { try catalog.select(list: "copliot") }
        #expect(error?.name == "copliot")
        #expect(error?.description.contains("a group (teams, exchange, copilot, onedrive, sharepoint, yammer, skype, office)") == true)
    }

    /// Microsoft documents the Copilot reports for the global cloud only;
    /// every other report is served in the national clouds on `beta`.
    @Test func theCopilotReportsAreServedInTheGlobalCloudOnly() throws {
        for report in ReportCatalog.all {
            let national = GraphCloud.allCases.filter { $0 != .global }.map { report.apiVersion(in: $0) }
            if report.group == .copilot {
                #expect(report.apiVersion(in: .global) == .v1 && national.allSatisfy { $0 == nil }, "\(report.function)")
            } else {
                #expect(report.apiVersion(in: .global) != nil && national.allSatisfy { $0 == .beta }, "\(report.function)")
            }
        }
    }

    @Test func theCopilotSummaryLabelsEachRowWithTheReportPeriodItCovers() throws {
        let summary = try #require(ReportCatalog.definition(named: "getMicrosoft365CopilotUserCountSummary"))
        // Version 1, as Graph answers a tenant it serves only that version:
        // the version 2 columns are missing and give no series.
        let body = [
            "Report Refresh Date,Report Period,Microsoft Teams Enabled Users,Microsoft Teams Active Users,Word Enabled Users,Word Active Users,PowerPoint Enabled Users,PowerPoint Active Users,Outlook Enabled Users,Outlook Active Users,Excel Enabled Users,Excel Active Users,OneNote Enabled Users,OneNote Active Users,Loop Enabled Users,Loop Active Users,Any App Enabled Users,Any App Active Users,Copilot Chat Enabled Users,Copilot Chat Active Users",
            "2026-07-03,7,25,3,25,0,25,0,25,0,25,0,25,0,25,0,25,9,25,4",
            "2026-07-03,30,25,5,25,1,25,0,25,0,25,0,25,0,25,0,25,12,25,6",
        ].map { $0 + "\r\n" }.joined()
        let report = try ReportParser.parse(csv: Array(body.utf8), as: summary)
        let samples = ReportSampleMapper.latestSamples(of: report, definition: summary, tenant: "t", period: .d7)
        #expect(samples.count == 2 * 18)
        let anyApp = samples.filter { $0.metric == "m365_copilot_active_users" && $0.labels.contains(Label("app", "any_app")) }
        #expect(anyApp.map(\.labels) == [
            [Label("tenant", "t"), Label("period", "D7"), Label("app", "any_app")],
            [Label("tenant", "t"), Label("period", "D30"), Label("app", "any_app")],
        ])
        #expect(anyApp.map(\.value) == [9, 12])
        // Version 2's columns are optional: a version 1 answer lacks nothing.
        #expect(report.missingColumns.isEmpty)
        // A tenant without Copilot licences: the header alone is no data, not an error.
        let headerOnly = try ReportParser.parse(csv: Array(body.prefix { $0 != "\r\n" }.utf8) + [13, 10], as: summary)
        #expect(headerOnly.rows.isEmpty)
        #expect(ReportSampleMapper.latestSamples(of: headerOnly, definition: summary, tenant: "t", period: .d7).isEmpty)
    }

    @Test func everyMetricNameStatesItsUnit() {
        for definition in ReportCatalog.all {
            for column in definition.columns {
                switch column.unit {
                case .bytes: #expect(column.metric.hasSuffix("_bytes"), "\(column.metric)")
                case .seconds, .minutes: #expect(column.metric.hasSuffix("_seconds"), "\(column.metric)")
                case .count: #expect(!column.metric.hasSuffix("_bytes") && !column.metric.hasSuffix("_seconds"))
                }
            }
        }
    }

    @Test func selectsByNameInTheOrderGivenWithAllAndDefault() throws {
        let catalog = ReportCatalog.standard
        #expect(try catalog.select(list: "getMailboxUsageStorage, getoffice365activeusercounts,getMailboxUsageStorage")
            .map(\.function) == ["getMailboxUsageStorage", "getOffice365ActiveUserCounts"])
        #expect(try catalog.select(list: "all").count == catalog.reports.count)
        #expect(try catalog.select(list: "default,getYammerActivityCounts").count == catalog.defaultReports.count + 1)
    }

    @Test func anUnknownReportIsAnErrorThatNamesIt() {
        let error = #expect(throws: ReportSelectionError.self) {
            try ReportCatalog.standard.select(list: "getTeamsUserActivityCounts,getTeamsUsrActivityCounts")
        }
        #expect(error?.name == "getTeamsUsrActivityCounts")
        #expect(error?.description.hasPrefix("unknown report \"getTeamsUsrActivityCounts\"; choose from: all, default, ") == true)
        #expect(error?.description.contains("getTeamsUserActivityCounts") == true)
        #expect(throws: ReportSelectionError.self) { try ReportCatalog.standard.select(list: "") }
    }

    @Test func refusesEntriesThatWouldClashOrBreakTheExposition() {
        func entry(_ function: String, metric: String, label: String = "kind") -> ReportDefinition {
            ReportDefinition(
                function: function, apiVersion: .v1, dayColumn: .reportDate,
                metrics: [MetricDescriptor(name: metric, help: "h")],
                columns: [ColumnMapping(column: "A", metric: metric, labels: [Label(label, "a")])])
        }
        let catalog = ReportCatalog.standard
        let taken = #expect(throws: ReportCatalogError.self) { try catalog.adding(entry("getX", metric: "teams_active_users")) }
        #expect(taken?.description == "report catalog entry getX: metric teams_active_users is already fed by getTeamsUserActivityUserCounts")
        #expect(throws: ReportCatalogError.self) { try catalog.adding(entry("getX", metric: "bad-name")) }
        #expect(throws: ReportCatalogError.self) { try catalog.adding(entry("getX", metric: "x_total", label: "tenant")) }
        #expect(throws: ReportCatalogError.self) { try catalog.adding(entry("get X", metric: "x_things")) }
        let added = try? catalog.adding(entry("getX", metric: "x_things"))
        #expect(added?.definition(named: "getX") != nil)
        #expect(added?.reports.count == catalog.reports.count + 1)
    }
}

import M365Reports
import M365TestSupport
import Testing

@Suite struct ReportCatalogTests {
    /// The series of a parsed sample, as `metric{labels}` → value.
    private func series(_ samples: [Sample]) -> [String: Double] {
        var result: [String: Double] = [:]
        for sample in samples {
            let labels = sample.labels.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",")
            result["\(sample.metric){\(labels)}"] = sample.value
        }
        return result
    }

    @Test(arguments: ReportCatalog.all.map(\.function))
    func everyCatalogReportMapsItsSampleAnswer(_ function: String) throws {
        let definition = try #require(ReportCatalog.definition(named: function))
        let report = try ReportParser.parse(csv: try ReportSamples.body(for: function), as: definition)
        #expect(report.missingColumns.isEmpty, "\(report.missingColumns)")
        let samples = ReportSampleMapper.latestSamples(of: report, definition: definition, tenant: "t", period: .d7)
        #expect(series(samples) == (try ReportSamples.expectedSeries(for: function, tenant: "t")))
        // Every column of the entry gives a series and every metric it declares is fed.
        #expect(Set(samples.map(\.metric)) == Set(definition.metrics.map(\.name)))
        let expectedDay = definition.dayColumn == .reportDate ? ReportSamples.latestDay : ReportSamples.refreshDay
        #expect(report.latestRow?.day == expectedDay)
    }

    /// The daily active users per service are in the set: the week-over-week
    /// panel and M365ActiveUsersDrop compare them, as they have a daily history.
    @Test func theDefaultSetIsTheSeedReportsTheDailyActiveUsersAndTheActiveUserCountsOfFourWorkloads() {
        #expect(ReportCatalog.defaultReports.map(\.function) == [
            "getSkypeForBusinessParticipantActivityCounts", "getSkypeForBusinessOrganizerActivityCounts",
            "getSkypeForBusinessPeerToPeerActivityCounts", "getOffice365ServicesUserCounts",
            "getOffice365GroupsActivityGroupCounts", "getOffice365ActiveUserCounts", "getTeamsUserActivityUserCounts", "getEmailActivityUserCounts",
            "getOneDriveActivityUserCounts", "getSharePointActivityUserCounts",
        ])
        #expect(ReportCatalog.all.count == 22)
    }

    @Test func everyMetricNameStatesItsUnit() {
        for definition in ReportCatalog.all {
            for column in definition.columns {
                switch column.unit {
                case .bytes: #expect(column.metric.hasSuffix("_bytes"), "\(column.metric)")
                case .seconds: #expect(column.metric.hasSuffix("_seconds"), "\(column.metric)")
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

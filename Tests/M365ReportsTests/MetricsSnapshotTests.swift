import M365Reports
import M365TestSupport
import Testing

@Suite struct MetricsSnapshotTests {
    let groups = ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts")!

    private func series(_ statuses: [ReportStatus]) -> [String: Double] {
        let snapshot = MetricsSnapshot(statuses: statuses, catalog: ReportCatalog.seedReports, version: "9.9.9")
        return parseExposition(String(decoding: snapshot.text, as: UTF8.self))
    }

    @Test func aReportNeverFetchedHasHealthButNoValueSeries() {
        let status = ReportStatus(tenant: "t", report: groups.function)
        let series = series([status])
        #expect(series[#"m365_report_up{tenant="t",report="getOffice365GroupsActivityGroupCounts"}"#] == 0)
        #expect(series[#"m365_exporter_build_info{version="9.9.9"}"#] == 1)
        #expect(!series.keys.contains { $0.hasPrefix("o365_") })
        #expect(!series.keys.contains { $0.hasPrefix("m365_report_date_timestamp_seconds") })
        #expect(!series.keys.contains { $0.hasPrefix("m365_report_last_success") })
    }

    @Test func aFailedRefreshKeepsTheLastGoodValuesWithUpZero() {
        var status = ReportStatus(tenant: "t", report: groups.function)
        status.attempts = 2
        status.up = false
        status.values = [Sample(metric: "o365_groups", labels: [Label("tenant", "t")], value: 481)]
        status.reportDate = ReportDay(year: 2026, month: 11, day: 18)
        status.lastSuccess = 1_795_000_000
        status.graphAnswers = [302: 1, 200: 1, 503: 4]
        let series = series([status])
        #expect(series[#"o365_groups{tenant="t"}"#] == 481)
        #expect(series[#"m365_report_up{tenant="t",report="getOffice365GroupsActivityGroupCounts"}"#] == 0)
        #expect(series[#"m365_report_date_timestamp_seconds{tenant="t",report="getOffice365GroupsActivityGroupCounts"}"#] == 1_794_960_000)
        #expect(series[#"m365_report_last_success_timestamp_seconds{tenant="t",report="getOffice365GroupsActivityGroupCounts"}"#] == 1_795_000_000)
        #expect(series[#"m365_graph_requests_total{tenant="t",report="getOffice365GroupsActivityGroupCounts",code="503"}"#] == 4)
    }

    @Test func theSameStateAlwaysRendersTheSameBytes() {
        var status = ReportStatus(tenant: "t", report: groups.function)
        status.graphAnswers = [302: 1, 200: 1, 503: 4, 429: 2, 401: 1]
        let first = MetricsSnapshot(statuses: [status], catalog: ReportCatalog.seedReports, version: "1").text
        for _ in 0..<20 {
            #expect(MetricsSnapshot(statuses: [status], catalog: ReportCatalog.seedReports, version: "1").text == first)
        }
    }
}

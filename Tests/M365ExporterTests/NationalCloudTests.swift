import Logging
import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// A tenant in the US Government cloud, where the usage reports are served
/// on `beta` only, and where one report is not served at all.
@Suite struct NationalCloudTests {
    static let organizer = "getSkypeForBusinessOrganizerActivityCounts"
    static let groups = "getOffice365GroupsActivityGroupCounts"

    @Test func usGovAsksBetaAndAReportTheCloudLacksIsUnsupportedNotFailing() async throws {
        try await FaultHarness.run(interval: .seconds(1), cloud: .usgov, prepare: { fake in
            // The fake in usgov mode: every report on beta only, the organizer report nowhere.
            await fake.serveSeedReports(onVersion: .beta)
            await fake.removeReport(Self.organizer)
        }) { h in
            // Several refreshes of the served reports go by.
            #expect(try await eventually(timeout: .seconds(30)) { await h.graphRequests(for: Self.groups).count >= 4 })
            let series = try await h.scrape()
            let tenant = FaultHarness.tenant
            for report in ReportCatalog.defaultReports.map(\.function) {
                let labels = "{tenant=\"\(tenant)\",report=\"\(report)\"}"
                // The Copilot summary is not served in usgov either: Microsoft documents it for the global cloud only.
                let served = report != Self.organizer && ReportCatalog.definition(named: report)?.apiVersion(in: .usgov) != nil
                #expect(series["m365_report_up\(labels)"] == (served ? 1 : 0), "\(report)")
                #expect(series["m365_report_supported\(labels)"] == (served ? 1 : 0), "\(report)")
                if served {
                    #expect(FaultHarness.values(of: report, in: series) == FaultHarness.expectedValues(of: report), "\(report)")
                }
            }
            #expect(FaultHarness.values(of: Self.organizer, in: series).isEmpty)
            // Every request asked beta; the unsupported report was asked once (no retry storm).
            let graph = await h.fake.requests.filter { $0.host == .graph }
            #expect(graph.allSatisfy { $0.path.hasPrefix("/beta/reports/") })
            #expect(await h.graphRequests(for: Self.organizer).count == 1)
            // Its own state on the landing page, and no warning about it.
            let page = try await httpRequest("\(h.base)/").body
            #expect(page.contains("unsupported in this cloud"))
            let lines = h.logs.lines.filter { $0.metadata["report"] == Self.organizer }
            #expect(lines.allSatisfy { $0.level < .warning }, "\(lines)")
            #expect(lines.contains { $0.message.contains("does not serve this report") })
        }
    }

    @Test func theCatalogRecordsEachReportsVersionPerCloud() throws {
        // Microsoft's reference: v1.0 pages list the global cloud only,
        // beta pages every cloud; organizer and groups are in v1.0 too.
        let usageReports = [
            "getSkypeForBusinessParticipantActivityCounts", "getSkypeForBusinessOrganizerActivityCounts",
            "getSkypeForBusinessPeerToPeerActivityCounts", "getOffice365ServicesUserCounts",
            "getOffice365GroupsActivityGroupCounts", "getOffice365ActiveUserCounts", "getM365AppUserCounts",
            "getTeamsUserActivityCounts", "getTeamsUserActivityUserCounts", "getTeamsDeviceUsageUserCounts",
            "getEmailActivityCounts", "getEmailActivityUserCounts", "getEmailAppUsageUserCounts",
            "getMailboxUsageMailboxCounts", "getMailboxUsageStorage", "getOneDriveActivityUserCounts",
            "getOneDriveUsageAccountCounts", "getOneDriveUsageStorage", "getSharePointActivityUserCounts",
            "getSharePointSiteUsageSiteCounts", "getSharePointSiteUsageStorage", "getYammerActivityCounts",
        ]
        for function in usageReports {
            let definition = try #require(ReportCatalog.definition(named: function))
            #expect(definition.apiVersion(in: .global) == .v1, "\(definition.function)")
            for cloud in [GraphCloud.usgov, .usgovdod, .china] {
                #expect(definition.apiVersion(in: cloud) == .beta, "\(definition.function) in \(cloud)")
            }
        }
        // An entry without per-cloud versions asks its own version everywhere.
        let plain = ReportDefinition(function: "getMadeUp", apiVersion: .beta, dayColumn: .reportDate, metrics: [], columns: [])
        #expect(GraphCloud.allCases.allSatisfy { plain.apiVersion(in: $0) == .beta })
        #expect(CloudVersions.globalOnly(.v1).version(in: .china) == nil)
    }
}

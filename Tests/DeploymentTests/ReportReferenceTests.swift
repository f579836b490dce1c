import M365Reports
import M365TestSupport
import Testing

/// docs/reports.md is the output of `m365-exporter catalog --format
/// markdown`, so that no report, metric or label goes undocumented.
@Suite struct ReportReferenceTests {
    @Test func theCommittedReferenceIsTheGeneratedOne() throws {
        let committed = try Repository.text("docs/reports.md")
        let generated = ReportReference.markdown(ReportCatalog.standard)
        #expect(committed == generated, "docs/reports.md is stale: run `m365-exporter catalog --format markdown > docs/reports.md`")
    }

    @Test func theBinaryPrintsTheReference() async throws {
        let (status, output) = try await ExporterProcess.runToExit(["catalog", "--format", "markdown"])
        #expect(status == 0)
        #expect(output == ReportReference.markdown(ReportCatalog.standard))
    }

    @Test func everyReportMetricAndPageIsInTheReference() throws {
        let page = try Repository.text("docs/reports.md")
        for report in ReportCatalog.all {
            #expect(page.contains("### \(report.function)\n"), "\(report.function)")
            #expect(page.contains("https://learn.microsoft.com/\(report.documentation)"), "\(report.function)")
            for metric in report.metrics { #expect(page.contains("`\(metric.name)`"), "\(metric.name)") }
        }
        // Hand-checked lines of the Copilot entry.
        #expect(page.contains(
            "- request: `GET /v1.0/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL',version='v2')` — 200 with CSV; asks `version='v2'`, then no version; every period at once (`ALL`), one row each"))
        #expect(page.contains("| `m365_copilot_active_users` | tenant, period, app=\"any_app\" | Any App Active Users |"))
        #expect(page.contains(
            "- API version per cloud: global `v1.0`, usgov not served, usgovdod not served, china not served\n- fetched by default: yes\n"))
        #expect(page.contains("- API version per cloud: global `v1.0`, usgov `beta`, usgovdod `beta`, china `beta`\n"))
    }
}

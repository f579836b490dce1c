@testable import M365Exporter
import M365Reports
import Testing

@Suite struct LandingPageTests {
    @Test func escapesEverythingItPrints() {
        var status = ReportStatus(tenant: "<script>alert(1)</script>", report: "getOffice365GroupsActivityGroupCounts")
        status.attempts = 1
        status.lastError = #"report x: "<b>" & 'y'"#
        let html = LandingPage(version: "1<2", telemetryPath: "/m\"x", mode: "demo").render([status], now: 0)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("report x: &quot;&lt;b&gt;&quot; &amp; &#39;y&#39;"))
        #expect(html.contains("Version 1&lt;2"))
        #expect(html.contains(#"href="/m&quot;x""#))
        #expect(html.contains(#"class="down">down<"#))
    }

    @Test func showsStateAndDataAge() {
        var status = ReportStatus(tenant: "contoso", report: "getOffice365ServicesUserCounts")
        status.attempts = 1
        status.up = true
        status.reportDate = ReportDay(year: 2026, month: 11, day: 20)
        status.lastSuccess = ReportDay(year: 2026, month: 11, day: 22)!.unixTime
        let now = ReportDay(year: 2026, month: 11, day: 22)!.unixTime + 3 * 3600 + 120
        let html = LandingPage(version: "1", telemetryPath: "/metrics", mode: "demo").render([status], now: now)
        #expect(html.contains("<td>2026-11-20</td><td>2d 3h</td><td>3h 2m ago</td>"))
        #expect(html.contains(#"class="up">up<"#))
    }

    @Test func countsTheReportsUpPerTenant() {
        var statuses: [ReportStatus] = []
        for (tenant, report, attempts, up) in [
            ("fabrikam", "a", 1, false), ("fabrikam", "b", 1, true), ("contoso", "a", 1, true), ("contoso", "b", 1, true),
            ("new", "a", 0, false),
        ] {
            var status = ReportStatus(tenant: tenant, report: report)
            status.attempts = attempts
            status.up = up
            statuses.append(status)
        }
        let html = LandingPage(version: "1", telemetryPath: "/metrics", mode: "demo").render(statuses, now: 0)
        let contoso = #"<li><span class="tenant">contoso</span>: <span class="up">2 of 2 reports up</span></li>"#
        let fabrikam = #"<li><span class="tenant">fabrikam</span>: <span class="down">1 of 2 reports up</span></li>"#
        let new = #"<li><span class="tenant">new</span>: <span class="pending">0 of 1 reports up</span></li>"#
        #expect(html.contains(contoso) && html.contains(fabrikam) && html.contains(new), "\(html)")
        // Sorted by name.
        let positions = [contoso, fabrikam, new].compactMap { html.firstRange(of: $0)?.lowerBound }
        #expect(positions == positions.sorted() && positions.count == 3)
    }

    @Test func formatsAges() {
        #expect(LandingPage.age(42) == "42s")
        #expect(LandingPage.age(61) == "1m")
        #expect(LandingPage.age(3 * 86_400 + 7200) == "3d 2h")
        #expect(LandingPage.age(-5) == "0s")
    }
}

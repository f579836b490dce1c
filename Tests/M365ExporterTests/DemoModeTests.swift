import Foundation
import M365Exporter
import M365Reports
import M365TestSupport
import Testing

/// `m365-exporter --demo` as a newcomer runs it, and the HTTP surface of
/// SPEC.md on a real socket.
@Suite struct DemoModeTests {
    @Test func servesEveryCatalogMetricAndTheHealthMetrics() async throws {
        let exporter = try await ExporterProcess.start(["--demo"])
        defer { Task { await exporter.stop() } }
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let series = parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)
        for metric in ["skype_participant_sessions", "skype_organizer_sessions", "skype_peer_to_peer_sessions",
                       "o365_active_users", "o365_inactive_users", "o365_groups", "o365_active_groups",
                       "teams_active_users", "exchange_email_active_users", "onedrive_active_users", "sharepoint_active_users",
                       "m365_report_up", "m365_report_date_timestamp_seconds", "m365_report_refresh_date_timestamp_seconds",
                       "m365_report_last_success_timestamp_seconds", "m365_report_fetch_duration_seconds",
                       "m365_exporter_build_info"] {
            #expect(series.keys.contains { $0.hasPrefix(metric + "{") }, "\(metric)")
        }
        #expect(series.keys.allSatisfy { $0.hasPrefix("m365_") || $0.contains("tenant=\"contoso\"") })
        // Values from the sample CSVs, through the parser.
        #expect(series[#"o365_active_users{tenant="contoso",period="D7",service="teams"}"#] == 1960)
        #expect(series[#"o365_groups{tenant="contoso"}"#] == 439)
        // No Graph requests in demo mode.
        #expect(!series.keys.contains { $0.hasPrefix("m365_graph_requests_total") })
        // The newest report day is two days ago, as on the real service.
        let twoDaysAgo = ReportDay(unixTime: Date().timeIntervalSince1970).adding(days: -2).unixTime
        #expect(series[#"m365_report_date_timestamp_seconds{tenant="contoso",report="getSkypeForBusinessParticipantActivityCounts"}"#] == twoDaysAgo)
        // Without --reports the demo serves the whole catalog, so that every dashboard panel has data.
        #expect(series.filter { $0.key.hasPrefix("m365_report_up") }.count == ReportCatalog.all.count)
        #expect(series.filter { $0.key.hasPrefix("m365_report_up") }.values.allSatisfy { $0 == 1 })
        for report in ReportCatalog.all {
            for metric in report.metrics {
                #expect(series.keys.contains { $0.hasPrefix(metric.name + "{") }, "\(report.function): \(metric.name)")
            }
        }
    }

    /// `--reports` still selects in demo mode: `default` gives what a real
    /// tenant gets without a selection.
    @Test func servesOnlyTheSelectedReportsWhenReportsIsGiven() async throws {
        let exporter = try await ExporterProcess.start(["--demo", "--reports", "default"])
        defer { Task { await exporter.stop() } }
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let series = parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)
        let served = Set(series.keys.filter { $0.hasPrefix("m365_report_up{") }.compactMap { key in
            key.firstMatch(of: #/report="([^"]+)"/#).map { String($0.1) }
        })
        #expect(served == Set(ReportCatalog.defaultReports.map(\.function)))
        #expect(served.contains("getOffice365ActiveUserCounts"))
        #expect(!series.keys.contains { $0.hasPrefix("teams_device_users{") })
    }

    @Test func answersTheHTTPSurfaceOfTheContract() async throws {
        let exporter = try await ExporterProcess.start(["--demo"])
        defer { Task { await exporter.stop() } }
        let base = exporter.baseURL
        #expect(try await eventually { try await httpRequest("\(base)/-/ready").status == 200 })

        let healthy = try await httpRequest("\(base)/-/healthy")
        #expect(healthy.status == 200)

        let missing = try await httpRequest("\(base)/metricz?x=<script>", headers: [("X-Probe", "<b>echo</b>")])
        #expect(missing.status == 404)
        #expect(!missing.body.contains("<script>") && !missing.body.contains("echo"))

        for path in ["/metrics", "/", "/-/healthy", "/-/ready"] {
            let post = try await httpRequest("\(base)\(path)", method: "POST", body: "x")
            #expect(post.status == 405, "\(path)")
            #expect(post.header("Allow") == "GET, HEAD")
        }
        let delete = try await httpRequest("\(base)/metrics", method: "DELETE")
        #expect(delete.status == 405)

        let head = try await httpRequest("\(base)/metrics", method: "HEAD")
        let get = try await httpRequest("\(base)/metrics")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Type") == get.header("Content-Type"))
        #expect(head.header("Content-Length") == String(get.body.utf8.count))

        let openMetrics = try await httpRequest("\(base)/metrics", headers: [
            ("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
        ])
        #expect(openMetrics.header("Content-Type") == "application/openmetrics-text; version=1.0.0; charset=utf-8")
        #expect(openMetrics.body.hasSuffix("# EOF\n"))
        #expect(openMetrics.body.contains("# TYPE m365_report_up gauge"))

        let page = try await httpRequest("\(base)/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.body.contains("href=\"/metrics\""))
        #expect(page.body.contains("contoso"))
        #expect(page.body.contains(ExporterVersion.current))
        for report in ReportCatalog.all {
            #expect(page.body.contains(report.function))
        }
        // Every report and, in their own table, the collectors demo mode runs: all up.
        #expect(page.body.components(separatedBy: "class=\"up\">up<").count - 1
                == ReportCatalog.all.count + CollectorKind.selectable.count)
        for collector in CollectorKind.selectable {
            #expect(page.body.contains("<td>\(collector.name)</td>"))
        }
    }

    @Test func servesMetricsOnlyOnTheTelemetryPath() async throws {
        let exporter = try await ExporterProcess.start(["--demo", "--web.telemetry-path", "/m365"])
        defer { Task { await exporter.stop() } }
        #expect(try await httpRequest("\(exporter.baseURL)/m365").body.contains("m365_exporter_build_info"))
        #expect(try await httpRequest("\(exporter.baseURL)/metrics").status == 404)
        #expect(try await httpRequest("\(exporter.baseURL)/").body.contains("href=\"/m365\""))
    }

    @Test func exitsCleanlyOnSIGINTAndSIGTERM() async throws {
        for signal in [SIGINT, SIGTERM] {
            let exporter = try await ExporterProcess.start(["--demo"])
            let (status, took) = await exporter.stop(signal: signal)
            #expect(status == 0)
            #expect(took < .seconds(5))  // graceful, not the 10 s SIGKILL fallback; generous for a loaded machine
            #expect(exporter.output.contains("msg=stopped"))
        }
    }
}

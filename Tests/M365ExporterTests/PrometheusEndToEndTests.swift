import Foundation
import M365Reports
import M365TestSupport
import Testing

/// The exporter in demo mode, scraped by a real Prometheus (Debian's
/// package), and its exposition checked by `promtool`.
@Suite(.serialized) struct PrometheusEndToEndTests {
    @Test func promtoolFindsNoProblemInTheExposition() async throws {
        let exporter = try await ExporterProcess.start(["--demo"])
        defer { Task { await exporter.stop() } }
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let text = try await httpRequest("\(exporter.baseURL)/metrics").body
        let check = try ExternalTool.run("promtool", ["check", "metrics"], input: text)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(check.output)")
    }

    @Test func promtoolFindsNoProblemWithEveryCatalogReportEnabled() async throws {
        let exporter = try await ExporterProcess.start(["--demo", "--reports", "all"])
        defer { Task { await exporter.stop() } }
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let text = try await httpRequest("\(exporter.baseURL)/metrics").body
        let check = try ExternalTool.run("promtool", ["check", "metrics"], input: text)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(check.output)")
        // Every report is up and every metric of the catalog has series.
        let series = parseExposition(text)
        for report in ReportCatalog.all {
            #expect(series["m365_report_up{tenant=\"contoso\",report=\"\(report.function)\"}"] == 1, "\(report.function)")
            for metric in report.metrics {
                #expect(series.keys.contains { $0.hasPrefix(metric.name + "{") }, "\(metric.name)")
            }
        }
    }

    @Test func prometheusScrapesTheDemoAndAnswersPromQL() async throws {
        let exporter = try await ExporterProcess.start(["--demo"])
        defer { Task { await exporter.stop() } }
        let prometheus = try PrometheusServer(scraping: "127.0.0.1:\(exporter.port)")
        defer { prometheus.stop() }

        let query = #"o365_active_users{service="teams"}"#
        var result: [[String: Any]] = []
        let answered = try await eventually(timeout: .seconds(60), every: .milliseconds(500)) {
            guard let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics),
                  let answer = try? await httpRequest("\(prometheus.baseURL)/api/v1/query?query=\(encoded)"),
                  answer.status == 200,
                  let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any],
                  let data = json["data"] as? [String: Any],
                  let series = data["result"] as? [[String: Any]], !series.isEmpty else { return false }
            result = series
            return true
        }
        #expect(answered, "Prometheus never returned \(query):\n\(prometheus.log)")
        #expect(result.count == 1)
        let labels = try #require(result.first?["metric"] as? [String: String])
        #expect(labels["__name__"] == "o365_active_users")
        #expect(labels["tenant"] == "contoso")
        #expect(labels["period"] == "D7")
        #expect(labels["service"] == "teams")
        #expect(labels["job"] == "m365")
        let value = try #require(result.first?["value"] as? [Any])
        #expect(value.last as? String == "1960")

        // The scrape itself succeeded: the target is healthy.
        let targets = try await httpRequest("\(prometheus.baseURL)/api/v1/targets").body
        #expect(targets.contains(#""health":"up""#), "\(targets)")
    }

    @Test func theShippedScrapeConfigIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = root.appendingPathComponent("deploy/prometheus/prometheus.yml").path
        let check = try ExternalTool.run("promtool", ["check", "config", config])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("SUCCESS"))
    }
}

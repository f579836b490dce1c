import Foundation
import M365Exporter
import M365Graph
import M365TestSupport
import Testing

/// A restart pages nobody: a real Prometheus scrapes the exporter during a
/// slow cold start (every Graph answer delayed, two requests at a time), and
/// the expressions of the failure alerts of deploy/prometheus/alerts.yml,
/// asked as instant queries, return nothing for tenants not tried yet, and
/// the tenant whose credentials are wrong once it has been tried.
@Suite(.serialized) struct ColdStartAlertTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `expr:` of an alert in alerts.yml (one line, or a `|` block).
    static func expression(of alert: String) throws -> String {
        let lines = try String(contentsOf: root.appendingPathComponent("deploy/prometheus/alerts.yml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "- alert: \(alert)" })
        let index = try #require(lines[start...].firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("expr:") })
        let inline = lines[index].trimmingCharacters(in: .whitespaces).dropFirst("expr:".count).trimmingCharacters(in: .whitespaces)
        guard inline == "|" else { return inline }
        return lines[(index + 1)...].prefix { $0.hasPrefix("          ") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    /// The `tenant` labels an instant query returns.
    static func tenants(_ prometheus: PrometheusServer, _ query: String) async throws -> Set<String> {
        let encoded = try #require(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let answer = try await httpRequest("\(prometheus.baseURL)/api/v1/query?query=\(encoded)")
        #expect(answer.status == 200, "\(answer.body)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
        let result = try #require((json["data"] as? [String: Any])?["result"] as? [[String: Any]])
        return Set(result.compactMap { ($0["metric"] as? [String: String])?["tenant"] })
    }

    @Test(.timeLimit(.minutes(4)))
    func theFailureAlertsJudgeOnlyTenantsAlreadyTried() async throws {
        let tenants = 24
        let fake = try await MultiTenantEndToEndTests.startFake(tenants: tenants)
        await fake.setLatency(.milliseconds(700))
        let files = try TemporaryFiles()
        var yaml = "tenants:\n"
        for number in 1...tenants {
            try files.write("secret-\(number)", "secret-\(number)\n")
            // Tenant 1 (tried first) has a wrong secret: it must show up once tried.
            if number == 1 { try files.write("secret-1", "wrong\n") }
            yaml += MultiTenantEndToEndTests.entry(
                String(format: "t%02d", number), number, secretDirectory: files.directory,
                extra: "    reports: [getOffice365GroupsActivityGroupCounts]")
        }
        let path = try files.write("m365.yml", yaml)
        var flags = ConfigurationLoader.Flags()
        flags.listenAddress = ListenAddress(host: "127.0.0.1", port: 0)
        flags.graphURL = fake.graphURL
        flags.maxConcurrency = 2
        flags.requestTimeout = .seconds(10)
        let loader = ConfigurationLoader(
            flags: flags, configFile: path, environmentAuthorityHost: fake.authorityURL,
            environmentTenant: { _ in throw CancellationError() })
        let exporter = try await InProcessExporter.start(try loader.load(), logger: InProcessExporter.quietLogger("cold-start"))
        let prometheus = try PrometheusServer(scraping: "127.0.0.1:\(exporter.port)")
        defer { prometheus.stop() }
        try await prometheus.waitUntilReady()

        let reportFailing = try Self.expression(of: "M365ReportFailing")
        let authFailing = try Self.expression(of: "M365AuthFailing")
        #expect(reportFailing.contains("m365_report_last_attempt_timestamp_seconds"))
        var evaluations = 0, sawUntried = false, sawBroken = false
        let deadline = ContinuousClock.now + .seconds(150)
        while ContinuousClock.now < deadline {
            // Untried tenants: up 0 and no last attempt, as Prometheus holds them now.
            let untried = try await Self.tenants(prometheus, "m365_report_up == 0 unless m365_report_last_attempt_timestamp_seconds")
            let tried = try await Self.tenants(prometheus, "m365_report_last_attempt_timestamp_seconds")
            for expression in [reportFailing, authFailing] {
                let firing = try await Self.tenants(prometheus, expression)
                evaluations += 1
                #expect(firing.isDisjoint(with: untried), "\(expression) judges untried tenants \(firing.intersection(untried))")
                #expect(firing.isSubset(of: ["t01"]), "\(expression): \(firing)")
                if firing.contains("t01") { sawBroken = true }
            }
            if !untried.isEmpty, !tried.isEmpty { sawUntried = true }
            if tried.count == tenants, sawBroken { break }
            try await Task.sleep(for: .seconds(1))
        }
        print("cold start: \(evaluations) alert evaluations, none judged an untried tenant")
        #expect(sawUntried, "the cold start was over before Prometheus saw it half done:\n\(prometheus.log.suffix(2000))")
        #expect(sawBroken, "the tenant with a wrong secret never showed in the alert expressions")
        await exporter.stop()
        await fake.stop()
    }
}

import Foundation
import M365TestSupport
import Testing

/// deploy/prometheus/alerts.yml: valid for promtool, its unit tests pass,
/// every alert of the contract is there with its annotations and a runbook
/// in docs/alerts.md, and the Kubernetes PrometheusRule carries the same rules.
@Suite struct AlertRulesTests {
    /// Public API (SPEC.md): Alertmanager routes on these names.
    static let contractAlerts: Set<String> = [
        "M365ActiveUsersDrop", "M365ActiveUsersZero", "M365ReportStale",
        "M365ReportFailing", "M365AuthFailing", "M365ExporterDown", "M365CopilotSeatsUnused",
        // The collectors' (opt-in).
        "M365ServiceIncident", "M365LicensesNearlyExhausted", "M365LicensesUnused",
        "M365CredentialExpiring", "M365CollectorFailing",
    ]

    @Test func promtoolAcceptsTheRules() throws {
        let check = try ExternalTool.run("promtool", ["check", "rules", Repository.path("deploy/prometheus/alerts.yml")])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("SUCCESS"), "\(check.output)")
    }

    @Test func promtoolUnitTestsOfTheRulesPass() throws {
        let run = try ExternalTool.run("promtool", ["test", "rules", Repository.path("deploy/prometheus/alerts_test.yml")])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("SUCCESS"), "\(run.output)")
    }

    @Test func everyContractAlertHasSummaryDescriptionAndARunbookInTheAlertsDocument() throws {
        let alerts = try AlertRuleFile.parse(Repository.text("deploy/prometheus/alerts.yml"))
        #expect(Set(alerts.map(\.name)) == Self.contractAlerts)
        let runbookHeadings = Set(try Repository.text("docs/alerts.md").split(separator: "\n")
            .filter { $0.hasPrefix("#") }
            .map { $0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces) })
        for alert in alerts {
            #expect(!(alert.annotations["summary"] ?? "").isEmpty, "\(alert.name) has no summary")
            #expect(!(alert.annotations["description"] ?? "").isEmpty, "\(alert.name) has no description")
            // GitHub's anchor of a heading "M365ActiveUsersDrop" is its lower-case form.
            #expect(alert.annotations["runbook"] == "docs/alerts.md#\(alert.name.lowercased())", "\(alert.name): runbook annotation")
            #expect(runbookHeadings.contains(alert.name), "docs/alerts.md has no runbook heading \(alert.name)")
            #expect(alert.labels["severity"] == "warning" || alert.labels["severity"] == "critical", "\(alert.name): severity")
        }
    }

    /// The unit tests must show each alert both firing and staying silent.
    @Test func unitTestsHaveAFiringAndASilentCaseForEveryAlert() throws {
        let cases = AlertRuleFile.testCases(try Repository.text("deploy/prometheus/alerts_test.yml"))
        for name in Self.contractAlerts.sorted() {
            #expect(cases.firing.contains(name), "no unit test where \(name) fires")
            #expect(cases.silent.contains(name), "no unit test where \(name) stays silent")
        }
    }

    /// A restart of 1,000 tenants tried over 40 minutes pages nobody for a
    /// tenant not tried yet, and still pages for the two whose credentials
    /// fail once they are tried (the expectations are the generator's
    /// scenario, written by hand there, not derived from the rules).
    @Test func aColdStartOfAThousandTenantsPagesOnlyForTriedFailures() throws {
        let directory = try Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = try ExternalTool.run("python3", [Repository.path("scripts/generate-cold-start-alert-test"), directory.path])
        #expect(generated.status == 0, "\(generated.output)")
        let run = try ExternalTool.run("promtool", ["test", "rules", directory.appendingPathComponent("cold_start_test.yml").path])
        #expect(run.status == 0, "\(run.output.prefix(4000))")
        #expect(run.output.contains("SUCCESS"), "\(run.output.prefix(4000))")
    }

    @Test func thePrometheusRuleCarriesExactlyTheRulesOfAlertsYml() throws {
        let generated = try ExternalTool.run("bash", [Repository.path("scripts/generate-prometheusrule"), "--stdout"])
        #expect(generated.status == 0, "\(generated.output)")
        let committed = try Repository.text("deploy/kubernetes/prometheusrule.yaml")
        #expect(generated.output == committed, "deploy/kubernetes/prometheusrule.yaml is out of date: run scripts/generate-prometheusrule")
    }

    @Test func theComposeScrapeConfigLoadsTheRules() throws {
        // Laid out as compose.yaml mounts them: the config and alerts.yml side by side.
        let directory = try Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (source, name) in [("deploy/docker/prometheus.yml", "prometheus.yml"), ("deploy/prometheus/alerts.yml", "alerts.yml")] {
            try FileManager.default.copyItem(at: Repository.url(source), to: directory.appendingPathComponent(name))
        }
        let check = try ExternalTool.run("promtool", ["check", "config", directory.appendingPathComponent("prometheus.yml").path])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("21 rules found"), "\(check.output)")
    }
}

/// Just enough of the two rule files' YAML to check them: both are written
/// in one layout (`- alert:` items with `labels:` and `annotations:` maps),
/// and the checks fail loudly when that layout changes.
enum AlertRuleFile {
    struct Alert {
        let name: String
        var labels: [String: String] = [:]
        var annotations: [String: String] = [:]
    }

    static func parse(_ text: String) -> [Alert] {
        var alerts: [Alert] = []
        var section = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("- alert:") {
                alerts.append(Alert(name: value(after: "- alert:", in: line)))
                section = ""
            } else if line.hasPrefix("- record:") {
                section = "record"
            } else if line == "labels:" || line == "annotations:" {
                section = line
            } else if let colon = line.firstIndex(of: ":"), !alerts.isEmpty, section != "record" {
                let key = String(line[..<colon])
                let rest = value(after: key + ":", in: line)
                if section == "labels:", !key.contains(" ") { alerts[alerts.count - 1].labels[key] = rest }
                if section == "annotations:", !key.contains(" ") { alerts[alerts.count - 1].annotations[key] = rest }
            }
        }
        return alerts
    }

    /// Alert names with an `alert_rule_test` expecting alerts (firing) and
    /// one expecting none (`exp_alerts: []`, silent).
    static func testCases(_ text: String) -> (firing: Set<String>, silent: Set<String>) {
        var firing: Set<String> = [], silent: Set<String> = []
        var current: String?
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("alertname:") {
                current = value(after: "alertname:", in: line)
            } else if let name = current, line.hasPrefix("exp_alerts:") {
                if value(after: "exp_alerts:", in: line) == "[]" { silent.insert(name) }
            } else if let name = current, line.hasPrefix("- exp_labels:") {
                firing.insert(name)
                current = nil
            }
        }
        return (firing, silent)
    }

    private static func value(after key: String, in line: String) -> String {
        var rest = line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
        if rest.count >= 2, rest.first == "\"", rest.last == "\"" { rest = String(rest.dropFirst().dropLast()) }
        return rest
    }
}

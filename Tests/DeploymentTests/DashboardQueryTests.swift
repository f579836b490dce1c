import Foundation
import M365Reports
import M365TestSupport
import Testing

/// Every PromQL expression of every dashboard panel, with the template
/// variables substituted as Grafana would, run against a real Prometheus
/// that holds a real backfill (`m365-exporter backfill --demo --period D180`
/// loaded with `promtool tsdb create-blocks-from openmetrics`) and scrapes
/// three exporters: `--demo` as a newcomer starts it (job `m365`), `--demo
/// --reports default` (job `m365-default`, each with its own backfill), and
/// one fetching from the fake Graph (job `m365-graph`, the only source of
/// `m365_graph_requests_total`). The live scrapes hold a few seconds, so
/// every query that looks a week back (`offset 7d`) finds data in the
/// backfill or nowhere. A query that fails or returns nothing fails the test,
/// naming the dashboard, the panel and the query.
@Suite(.serialized) struct DashboardQueryTests {
    static let app = FakeApp(tenantID: "5e1f0c2a-7777-4000-8000-00000000d45b", clientID: "dashboard-app", clientSecret: "Dq4~dashboard-secret")

    /// The overview dashboard: every panel has data with the default reports.
    static let overview = "grafana/dashboards/m365-exporter.json"

    @Test func everyPanelQueryReturnsDataFromARealPrometheusWithABackfill() async throws {
        let started = ContinuousClock.now
        let demo = try await ExporterProcess.start(["--demo"])
        let defaults = try await ExporterProcess.start(["--demo", "--reports", "default"])
        let fake = try await FakeGraph.start()
        await fake.register(Self.app)
        await fake.serveSeedReports()
        let graph = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL],
            environment: [
                "AZURE_TENANT_ID": Self.app.tenantID, "AZURE_CLIENT_ID": Self.app.clientID,
                "AZURE_CLIENT_SECRET": Self.app.clientSecret, "AZURE_AUTHORITY_HOST": fake.authorityURL,
            ])
        for exporter in [demo, defaults, graph] {
            #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 }, "\(exporter.output)")
        }

        // The history a user loads before the first scrape, labelled as the scrapes will be.
        let directory = try Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var backfills: [URL] = []
        for (job, exporter, selection) in [("m365", demo, [String]()), ("m365-default", defaults, ["--reports", "default"])] {
            let file = directory.appendingPathComponent("\(job).om")
            let (status, output) = try await ExporterProcess.runToExit(
                ["backfill", "--demo", "--period", "D180", "--output", file.path,
                 "--label", "job=\(job)", "--label", "instance=127.0.0.1:\(exporter.port)"] + selection)
            #expect(status == 0, "\(output)")
            backfills.append(file)
        }
        let prometheus = try PrometheusServer(
            jobs: [("m365", ["127.0.0.1:\(demo.port)"]), ("m365-default", ["127.0.0.1:\(defaults.port)"]),
                   ("m365-graph", ["127.0.0.1:\(graph.port)"])],
            backfills: backfills)
        let client = PrometheusClient(baseURL: prometheus.baseURL)
        let ready = ContinuousClock.now

        // Every dashboard on every job, and the overview on the default reports alone.
        let dashboards = try Dashboard.all()
        #expect(dashboards.contains { $0.path == Self.overview })
        let checks: [(Dashboard, fixed: [String: String])] = dashboards.map { ($0, [:]) }
            + dashboards.filter { $0.path == Self.overview }.map { ($0, ["job": "m365-default"]) }
        var problems: [String] = []
        var queries = 0
        // Until every query answers with data, or the time is up: the first
        // scrapes take a few seconds, and `increase` needs two of them.
        _ = try await eventually(timeout: .seconds(90), every: .seconds(1)) {
            problems = []
            queries = 0
            for (dashboard, fixed) in checks {
                let place = fixed.isEmpty ? dashboard.path : "\(dashboard.path) (job m365-default)"
                let values: [String: String]
                do {
                    values = try await client.variableValues(dashboard, fixed: fixed)
                } catch {
                    problems.append("\(place): \(error)")
                    continue
                }
                for panel in dashboard.panels {
                    for expression in panel.expressions {
                        queries += 1
                        let query = GrafanaInterpolation.substitute(expression, values)
                        let answer = await client.instantQuery(query)
                        if let problem = answer.problem {
                            problems.append("\(place), panel \(panel.id ?? -1) \"\(panel.title)\": \(problem)\n  \(query)")
                        }
                    }
                }
            }
            return problems.isEmpty
        }
        #expect(queries > 0)
        #expect(problems.isEmpty, "\(problems.count) of \(queries) panel queries failed:\n\(problems.joined(separator: "\n"))\n\(prometheus.log.suffix(2000))")

        // The week-ago side of week-over-week comes from the backfill: the
        // live scrapes are seconds old.
        let weekAgo = #"max_over_time(o365_daily_active_users{job="m365-default",service="teams"}[7d] offset 7d)"#
        #expect(await client.instantQuery(weekAgo).problem == nil)
        // The check itself can fail: a series that does not exist, a query
        // that does not parse, and a week-ago query on a series the backfill
        // cannot hold (the period aggregate has one row, at its refresh date).
        #expect(await client.instantQuery(#"o365_active_users{service="no_such_service"}"#).problem == "no data")
        #expect(await client.instantQuery("sum by (tenant (o365_active_users)").problem?.hasPrefix("error") == true)
        #expect(await client.instantQuery("last_over_time(o365_active_users[1d] offset 7d)").problem == "no data")

        prometheus.stop()
        await graph.stop()
        await defaults.stop()
        await demo.stop()
        await fake.stop()
        print("dashboard queries: \(queries) queries of \(dashboards.count) dashboards; exporters, backfills and Prometheus \(ready - started), queries \(ContinuousClock.now - ready)")
    }

    @Test func substitutesVariablesAsGrafanaDoes() {
        let values = ["tenant": "(contoso|fabrikam)", "period": "D7"]
        #expect(GrafanaInterpolation.substitute(#"x{tenant=~"$tenant", period="${period}"}[$__rate_interval]"#, values)
                == #"x{tenant=~"(contoso|fabrikam)", period="D7"}[1m]"#)
        #expect(GrafanaInterpolation.substitute("[[period]] $periodic", values) == "D7 $periodic")
        #expect(GrafanaInterpolation.regexValue(["a.b", "c"]) == #"(a\\.b|c)"#)
        #expect(GrafanaInterpolation.regexValue(["only"]) == "only")
    }

    @Test func readsLabelValuesQueries() {
        let withSelector = LabelValuesQuery(#"label_values(m365_report_up{job=~"$job"}, tenant)"#)
        #expect(withSelector?.selector == #"m365_report_up{job=~"$job"}"#)
        #expect(withSelector?.label == "tenant")
        let labelOnly = LabelValuesQuery("label_values(job)")
        #expect(labelOnly?.selector == nil)
        #expect(labelOnly?.label == "job")
        #expect(LabelValuesQuery("query_result(up)") == nil)
    }
}

/// How Grafana turns a panel query into PromQL: `$name`, `${name}`,
/// `${name:format}` and `[[name]]` replaced by the variable's value; its
/// own interval variables replaced by what it would compute for a
/// one-minute scrape interval.
enum GrafanaInterpolation {
    static let builtIns = [
        "__rate_interval": "1m", "__interval": "1m", "__interval_ms": "60000", "__range": "1h", "__range_s": "3600",
        "__range_ms": "3600000",
    ]

    static func substitute(_ text: String, _ values: [String: String]) -> String {
        let all = values.merging(builtIns) { $1 }
        var result = text
        result = result.replacing(#/\$\{([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)?\}|\[\[([A-Za-z0-9_]+)\]\]|\$([A-Za-z0-9_]+)/#) { match in
            let name = String(match.1 ?? match.2 ?? match.3 ?? "")
            return all[name] ?? String(match.0)
        }
        return result
    }

    /// Grafana's value for a multi-value or "All" variable in a Prometheus
    /// query: the values regex-escaped, `(a|b)` when there are several.
    static func regexValue(_ values: [String]) -> String {
        let escaped = values.map { value in
            value.replacing(#/[\\^$.|?*+()\[\]{}]/#) { "\\\\" + String($0.0) }
        }
        return escaped.count == 1 ? escaped[0] : "(\(escaped.joined(separator: "|")))"
    }
}

/// The few calls of Prometheus' HTTP API that the dashboard test needs.
struct PrometheusClient {
    let baseURL: String

    struct Answer {
        /// nil when the query parsed and returned data; else "no data" or
        /// "error: …".
        let problem: String?
    }

    func instantQuery(_ query: String) async -> Answer {
        do {
            let json = try await get("/api/v1/query?query=\(encode(query))")
            guard json["status"] as? String == "success", let data = json["data"] as? [String: Any] else {
                return Answer(problem: "error: \(json["errorType"] ?? "") \(json["error"] ?? "")")
            }
            if data["resultType"] as? String == "scalar" { return Answer(problem: nil) }
            let result = data["result"] as? [Any] ?? []
            return Answer(problem: result.isEmpty ? "no data" : nil)
        } catch {
            return Answer(problem: "error: \(error)")
        }
    }

    /// The value of every variable of `dashboard` in dashboard order, each
    /// query variable's query with the earlier ones substituted; `fixed`
    /// sets a variable's value as a user choosing it would.
    func variableValues(_ dashboard: Dashboard, fixed: [String: String] = [:]) async throws -> [String: String] {
        var values: [String: String] = [:]
        for variable in dashboard.variables where variable.type == "query" {
            if let value = fixed[variable.name] {
                values[variable.name] = value
                continue
            }
            guard let text = variable.query, let query = LabelValuesQuery(text) else {
                throw DashboardError(path: dashboard.path, message: "variable \(variable.name): cannot evaluate \(variable.query ?? "no query")")
            }
            var path = "/api/v1/label/\(query.label)/values"
            if let selector = query.selector {
                path += "?match%5B%5D=\(encode(GrafanaInterpolation.substitute(selector, values)))"
            }
            let answer = try await get(path)
            guard answer["status"] as? String == "success" else {
                throw DashboardError(path: dashboard.path, message: "variable \(variable.name): Prometheus answered \(answer)")
            }
            let found = (answer["data"] as? [String] ?? []).sorted()
            guard !found.isEmpty else {
                throw DashboardError(path: dashboard.path, message: "variable \(variable.name) has no values: \(text)")
            }
            if variable.includeAll && variable.currentValues == ["$__all"] || variable.multi && variable.currentValues.count > 1 {
                let chosen = variable.currentValues == ["$__all"] ? found : variable.currentValues
                values[variable.name] = GrafanaInterpolation.regexValue(chosen)
            } else if let current = variable.currentValues.first, found.contains(current) {
                values[variable.name] = variable.multi ? GrafanaInterpolation.regexValue([current]) : current
            } else {
                values[variable.name] = found[0]
            }
        }
        return values
    }

    private func get(_ path: String) async throws -> [String: Any] {
        let answer = try await httpRequest(baseURL + path)
        guard let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any] else {
            throw DashboardError(path: path, message: "answered \(answer.status) without a JSON object")
        }
        return json
    }

    private func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

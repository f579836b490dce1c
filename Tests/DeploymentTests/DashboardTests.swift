import Foundation
import M365Reports
import Testing

/// The dashboards under grafana/ as Grafana reads them: valid JSON of a
/// current schema, unique ids, every variable that a query or title uses
/// defined, every panel on the data-source variable; and the provisioning
/// files pointing where compose.yaml mounts them.
@Suite struct DashboardTests {
    @Test func thereIsADashboard() throws {
        #expect(!(try Dashboard.all()).isEmpty)
    }

    @Test func dashboardsHaveASchemaVersionATitleAndUniqueUIDs() throws {
        let dashboards = try Dashboard.all()
        var uids: [String: String] = [:]
        for dashboard in dashboards {
            let schema = dashboard.json["schemaVersion"] as? Int
            // 36 is Grafana 9.0, the first with data-source references by uid.
            #expect((schema ?? 0) >= 36, "\(dashboard.path): schemaVersion \(String(describing: schema))")
            #expect(!(dashboard.json["title"] as? String ?? "").isEmpty, "\(dashboard.path): no title")
            let uid = dashboard.json["uid"] as? String ?? ""
            // Grafana refuses uids over 40 characters.
            #expect(!uid.isEmpty && uid.count <= 40, "\(dashboard.path): uid \"\(uid)\"")
            #expect(uids[uid] == nil, "\(dashboard.path) and \(uids[uid] ?? "") share the uid \(uid)")
            uids[uid] = dashboard.path
        }
    }

    @Test func panelIdsAreUniqueAndEveryPanelHasAPlace() throws {
        for dashboard in try Dashboard.all() {
            var seen: Set<Int> = []
            for panel in dashboard.panels {
                let id = try #require(panel.id, "\(dashboard.path): panel \"\(panel.title)\" has no id")
                #expect(seen.insert(id).inserted, "\(dashboard.path): panel id \(id) is used twice")
                let grid = panel.json["gridPos"] as? [String: Int] ?? [:]
                #expect(["x", "y", "w", "h"].allSatisfy { grid[$0] != nil }, "\(dashboard.path): panel \(id) has no gridPos")
                #expect((grid["x"] ?? 0) + (grid["w"] ?? 0) <= 24, "\(dashboard.path): panel \(id) is wider than the grid")
                #expect(!panel.title.isEmpty, "\(dashboard.path): panel \(id) has no title")
            }
        }
    }

    @Test func everyQueryPanelQueriesThroughTheDataSourceVariable() throws {
        for dashboard in try Dashboard.all() {
            let dataSource = try #require(dashboard.variables.first { $0.type == "datasource" }, "\(dashboard.path): no data-source variable")
            #expect(dataSource.json["query"] as? String == "prometheus")
            for panel in dashboard.panels where panel.type != "row" {
                #expect(!panel.expressions.isEmpty, "\(dashboard.path): panel \"\(panel.title)\" has no query")
                #expect(panel.expressions.count == panel.targets.count, "\(dashboard.path): panel \"\(panel.title)\" has a target without expr")
                let references = [panel.json["datasource"]] + panel.targets.map { $0["datasource"] }
                for reference in references {
                    let uid = (reference as? [String: Any])?["uid"] as? String
                    #expect(uid == "${\(dataSource.name)}", "\(dashboard.path): panel \"\(panel.title)\" uses data source \(String(describing: uid))")
                }
                let refIDs = panel.targets.compactMap { $0["refId"] as? String }
                #expect(Set(refIDs).count == panel.targets.count, "\(dashboard.path): panel \"\(panel.title)\" repeats or lacks a refId")
            }
        }
    }

    @Test func everyReferencedVariableIsDefined() throws {
        for dashboard in try Dashboard.all() {
            let defined = Set(dashboard.variables.map(\.name))
            #expect(defined.count == dashboard.variables.count, "\(dashboard.path): a variable name is used twice")
            var texts: [(String, String)] = []
            for panel in dashboard.panels {
                texts.append(("title of panel \(panel.id ?? -1)", panel.title))
                for expression in panel.expressions { texts.append(("query of \"\(panel.title)\"", expression)) }
                for target in panel.targets { texts.append(("legend of \"\(panel.title)\"", target["legendFormat"] as? String ?? "")) }
                if let uid = (panel.json["datasource"] as? [String: Any])?["uid"] as? String { texts.append(("data source of \"\(panel.title)\"", uid)) }
            }
            for variable in dashboard.variables {
                if let query = variable.query { texts.append(("query of variable \(variable.name)", query)) }
            }
            for (place, text) in texts {
                for name in Dashboard.variableReferences(in: text) {
                    #expect(defined.contains(name) || Dashboard.builtInVariables.contains(name),
                            "\(dashboard.path): \(place) uses $\(name), which is not defined")
                }
            }
        }
    }

    /// The query test evaluates variables the way Grafana does for
    /// `label_values`; another kind of variable query needs that test extended.
    @Test func everyVariableQueryIsLabelValues() throws {
        for dashboard in try Dashboard.all() {
            for variable in dashboard.variables where variable.type == "query" {
                let query = try #require(variable.query, "\(dashboard.path): variable \(variable.name) has no query")
                #expect(LabelValuesQuery(query) != nil, "\(dashboard.path): variable \(variable.name): \(query) is not label_values(…)")
            }
        }
    }

    /// A panel without data tells the user which report to enable: every
    /// panel on a report's metrics names those reports in its "no value"
    /// text; every dashboard's description names the reports outside the
    /// default set that its panels need; the overview needs none of those.
    @Test func everyPanelNamesTheReportsItNeeds() throws {
        var reportOfMetric: [String: String] = [:]
        for report in ReportCatalog.all {
            for metric in report.metrics { reportOfMetric[metric.name] = report.function }
        }
        let defaults = Set(ReportCatalog.defaultReports.map(\.function))
        var checked = 0
        for dashboard in try Dashboard.all() {
            let description = dashboard.json["description"] as? String ?? ""
            for panel in dashboard.panels where panel.type != "row" {
                let metrics = panel.expressions.flatMap { $0.matches(of: #/([a-z_][a-z0-9_]*)\{/#).map { String($0.1) } }
                let reports = Set(metrics.compactMap { reportOfMetric[$0] })
                let defaultsOfPanel = (panel.json["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any]
                let noValue = defaultsOfPanel?["noValue"] as? String ?? ""
                for report in reports.sorted() {
                    checked += 1
                    #expect(noValue.contains(report), "\(dashboard.path): panel \"\(panel.title)\" needs \(report); its no-value text is \"\(noValue)\"")
                    if !defaults.contains(report) {
                        #expect(description.contains(report), "\(dashboard.path): the description does not name \(report)")
                        #expect(dashboard.path != DashboardQueryTests.overview,
                                "\(dashboard.path): panel \"\(panel.title)\" needs \(report), which is not a default report")
                    }
                }
            }
        }
        #expect(checked > 20)
    }

    @Test func provisioningPointsWhereComposeMountsTheFiles() throws {
        let compose = try Repository.text("deploy/docker/compose.yaml")
        let provider = try Repository.text("grafana/provisioning/dashboards/m365-exporter.yaml")
        #expect(compose.contains("../../grafana/dashboards:/var/lib/grafana/dashboards:ro"))
        #expect(compose.contains("../../grafana/provisioning:/etc/grafana/provisioning:ro"))
        #expect(provider.contains("path: /var/lib/grafana/dashboards"))
        // The home dashboard named in compose.yaml exists.
        let home = try #require(compose.split(separator: "\n").first { $0.contains("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH") })
        let file = try #require(home.split(separator: "/").last).trimmingCharacters(in: .whitespaces)
        #expect(FileManager.default.fileExists(atPath: Repository.path("grafana/dashboards/\(file)")), "\(file)")
        // The provisioned data source is the compose file's Prometheus service.
        let dataSource = try Repository.text("grafana/provisioning/datasources/prometheus.yaml")
        #expect(dataSource.contains("url: http://prometheus:9090"))
        #expect(compose.contains("\n  prometheus:\n"))
    }
}

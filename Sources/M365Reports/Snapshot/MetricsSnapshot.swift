/// An immutable picture of everything the exporter serves: the report
/// states it was built from and their exposition in both formats, rendered
/// once when the state changes so that a scrape only copies bytes.
public struct MetricsSnapshot: Sendable {
    public let statuses: [ReportStatus]
    public let text: [UInt8]
    public let openMetrics: [UInt8]

    /// Renders the snapshot of a set of report states.
    public init(statuses: [ReportStatus], catalog: [ReportDefinition], version: String) {
        self.statuses = statuses
        let families = Self.families(statuses: statuses, catalog: catalog, version: version)
        text = ExpositionRenderer.render(families, format: .prometheusText)
        openMetrics = ExpositionRenderer.render(families, format: .openMetrics)
    }

    /// The value families of the catalog entries in use, then the health families.
    static func families(statuses: [ReportStatus], catalog: [ReportDefinition], version: String) -> [MetricFamily] {
        var values: [String: [Sample]] = [:]
        for status in statuses {
            for sample in status.values { values[sample.metric, default: []].append(sample) }
        }
        var families: [MetricFamily] = []
        var seen: Set<String> = []
        for definition in catalog {
            for descriptor in definition.metrics where seen.insert(descriptor.name).inserted {
                families.append(MetricFamily(descriptor: descriptor, samples: values[descriptor.name] ?? []))
            }
        }

        func health(_ descriptor: MetricDescriptor, _ value: (ReportStatus) -> Double?) -> MetricFamily {
            MetricFamily(descriptor: descriptor, samples: statuses.compactMap { status in
                value(status).map {
                    Sample(metric: descriptor.name,
                           labels: [Label("tenant", status.tenant), Label("report", status.report)],
                           value: $0)
                }
            })
        }
        families.append(health(HealthMetrics.up) { $0.up ? 1 : 0 })
        families.append(health(HealthMetrics.reportDate) { $0.reportDate?.unixTime })
        families.append(health(HealthMetrics.refreshDate) { $0.refreshDate?.unixTime })
        families.append(health(HealthMetrics.lastSuccess) { $0.lastSuccess })
        families.append(health(HealthMetrics.fetchDuration) { $0.fetchDuration })

        var requests: [Sample] = []
        for status in statuses {
            for (code, count) in status.graphAnswers {
                requests.append(Sample(
                    metric: HealthMetrics.graphRequests.name,
                    labels: [Label("tenant", status.tenant), Label("report", status.report), Label("code", String(code))],
                    value: Double(count)))
            }
        }
        families.append(MetricFamily(descriptor: HealthMetrics.graphRequests, samples: requests))
        families.append(MetricFamily(descriptor: HealthMetrics.buildInfo, samples: [
            Sample(metric: HealthMetrics.buildInfo.name, labels: [Label("version", version)], value: 1),
        ]))
        return families
    }
}

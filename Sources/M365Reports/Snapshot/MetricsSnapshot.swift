/// An immutable picture of everything the exporter serves: the report
/// states it was built from and their exposition in both formats, rendered
/// once when the state changes so that a scrape only copies bytes.
public struct MetricsSnapshot: Sendable {
    public let statuses: [ReportStatus]
    public let text: [UInt8]
    public let openMetrics: [UInt8]

    /// Renders the snapshot of a set of report states; `reload` is the
    /// outcome of the last configuration load.
    public init(statuses: [ReportStatus], catalog: [ReportDefinition], version: String, reload: ConfigReloadStatus? = nil) {
        self.statuses = statuses
        let families = Self.families(statuses: statuses, catalog: catalog, version: version, reload: reload)
        text = ExpositionRenderer.render(families, format: .prometheusText)
        openMetrics = ExpositionRenderer.render(families, format: .openMetrics)
    }

    /// The value and health series of the given report states alone, without
    /// the exporter's own series: what `/probe?tenant=` answers for one tenant.
    public static func renderReports(_ statuses: [ReportStatus], catalog: [ReportDefinition], format: ExpositionFormat) -> [UInt8] {
        ExpositionRenderer.render(reportFamilies(statuses: statuses, catalog: catalog), format: format)
    }

    /// Every family of the exposition: the reports', then the exporter's own.
    static func families(
        statuses: [ReportStatus], catalog: [ReportDefinition], version: String, reload: ConfigReloadStatus?
    ) -> [MetricFamily] {
        var families = reportFamilies(statuses: statuses, catalog: catalog)
        families.append(MetricFamily(descriptor: HealthMetrics.buildInfo, samples: [
            Sample(metric: HealthMetrics.buildInfo.name, labels: [Label("version", version)], value: 1),
        ]))
        if let reload {
            families.append(MetricFamily(descriptor: HealthMetrics.configReloadSuccessful, samples: [
                Sample(metric: HealthMetrics.configReloadSuccessful.name, labels: [], value: reload.successful ? 1 : 0),
            ]))
            families.append(MetricFamily(descriptor: HealthMetrics.configReloadSuccessTimestamp, samples: [
                Sample(metric: HealthMetrics.configReloadSuccessTimestamp.name, labels: [], value: reload.lastSuccess),
            ]))
        }
        return families
    }

    /// The value families of the catalog entries in use, then the health families.
    static func reportFamilies(statuses: [ReportStatus], catalog: [ReportDefinition]) -> [MetricFamily] {
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

        var retries: [Sample] = []
        for status in statuses {
            for (reason, count) in status.retries {
                retries.append(Sample(
                    metric: HealthMetrics.graphRetries.name,
                    labels: [Label("tenant", status.tenant), Label("report", status.report), Label("reason", reason)],
                    value: Double(count)))
            }
        }
        families.append(MetricFamily(descriptor: HealthMetrics.graphRetries, samples: retries))

        // Per tenant: Graph's throttle budget is the tenant's. A tenant whose
        // reports never reached Graph (demo mode) has no series.
        var throttled: [(tenant: String, seconds: Double)] = []
        for status in statuses where !status.graphAnswers.isEmpty || status.throttledSeconds > 0 {
            if let index = throttled.firstIndex(where: { $0.tenant == status.tenant }) {
                throttled[index].seconds += status.throttledSeconds
            } else {
                throttled.append((status.tenant, status.throttledSeconds))
            }
        }
        families.append(MetricFamily(descriptor: HealthMetrics.graphThrottledSeconds, samples: throttled.map {
            Sample(metric: HealthMetrics.graphThrottledSeconds.name, labels: [Label("tenant", $0.tenant)], value: $0.seconds)
        }))
        return families
    }
}

/// The exporter's series about the health of each report, from the reports'
/// states.
public enum ReportHealthSeries {
    /// The families with a series per report, labelled `tenant` and `report` first.
    public static let perReport: [MetricDescriptor] = [
        HealthMetrics.up, HealthMetrics.supported, HealthMetrics.reportDate, HealthMetrics.refreshDate, HealthMetrics.lastSuccess,
        HealthMetrics.lastAttempt, HealthMetrics.fetchDuration, HealthMetrics.graphRequests, HealthMetrics.graphRetries,
    ]

    /// The families with a series per collector, labelled `tenant` and
    /// `collector` first; Graph's answers and retries count in the same
    /// families as the reports', labelled `collector` instead of `report`.
    public static let perCollector: [MetricDescriptor] = [
        HealthMetrics.collectorUp, HealthMetrics.collectorLastSuccess, HealthMetrics.collectorFetchDuration,
        HealthMetrics.graphRequests, HealthMetrics.graphRetries,
    ]

    /// The health series of one report, or of one collector.
    public static func samples(of status: ReportStatus) -> [Sample] {
        if let collector = status.collector { return collectorSamples(of: status, collector: collector) }
        let labels = [Label("tenant", status.tenant), Label("report", status.report)]
        var samples: [Sample] = []
        func add(_ descriptor: MetricDescriptor, _ value: Double?) {
            if let value { samples.append(Sample(metric: descriptor.name, labels: labels, value: value)) }
        }
        add(HealthMetrics.up, status.up ? 1 : 0)
        add(HealthMetrics.supported, status.supported ? 1 : 0)
        add(HealthMetrics.reportDate, status.reportDate?.unixTime)
        add(HealthMetrics.refreshDate, status.refreshDate?.unixTime)
        add(HealthMetrics.lastSuccess, status.lastSuccess)
        // Alerts judge only reports that have been tried: a cold start of a
        // thousand tenants takes most of an hour to try them all.
        add(HealthMetrics.lastAttempt, status.lastAttempt)
        add(HealthMetrics.fetchDuration, status.fetchDuration)
        return samples + graphCounterSamples(of: status, labels: labels)
    }

    /// `m365_graph_throttled_seconds_total`: per tenant, because Graph's
    /// throttle budget is the tenant's. A tenant whose reports never reached
    /// Graph (demo mode) has no series. `retired` holds, per tenant, the
    /// seconds of reports a reload removed, so that the counter never goes
    /// down while the tenant stays.
    public static func throttledSamples(
        of statuses: some Sequence<ReportStatus>, retired: [String: Double] = [:]
    ) -> [Sample] {
        var order: [String] = []
        var seconds: [String: Double] = [:]
        for status in statuses where !status.graphAnswers.isEmpty || status.throttledSeconds > 0 {
            if seconds[status.tenant] == nil { order.append(status.tenant) }
            seconds[status.tenant, default: 0] += status.throttledSeconds
        }
        for tenant in retired.keys.sorted() where (retired[tenant] ?? 0) > 0 {
            if seconds[tenant] == nil { order.append(tenant) }
            seconds[tenant, default: 0] += retired[tenant] ?? 0
        }
        return order.map {
            Sample(metric: HealthMetrics.graphThrottledSeconds.name, labels: [Label("tenant", $0)], value: seconds[$0] ?? 0)
        }
    }

    /// The health series of a collector; none for one that never asks
    /// Graph (the certificate file), whose only failure is in its value.
    private static func collectorSamples(of status: ReportStatus, collector: String) -> [Sample] {
        guard CollectorKind(rawValue: collector)?.hasHealthSeries ?? true else { return [] }
        let labels = [Label("tenant", status.tenant), Label("collector", collector)]
        var samples = [Sample(metric: HealthMetrics.collectorUp.name, labels: labels, value: status.up ? 1 : 0)]
        if let lastSuccess = status.lastSuccess {
            samples.append(Sample(metric: HealthMetrics.collectorLastSuccess.name, labels: labels, value: lastSuccess))
        }
        if let duration = status.fetchDuration {
            samples.append(Sample(metric: HealthMetrics.collectorFetchDuration.name, labels: labels, value: duration))
        }
        return samples + graphCounterSamples(of: status, labels: labels)
    }

    /// Graph's answers by code and the retries by reason, counted alike for
    /// a report and a collector (`labels` names which).
    private static func graphCounterSamples(of status: ReportStatus, labels: [Label]) -> [Sample] {
        status.graphAnswers.map { code, count in
            Sample(metric: HealthMetrics.graphRequests.name, labels: labels + [Label("code", String(code))], value: Double(count))
        } + status.retries.map { reason, count in
            Sample(metric: HealthMetrics.graphRetries.name, labels: labels + [Label("reason", reason)], value: Double(count))
        }
    }
}

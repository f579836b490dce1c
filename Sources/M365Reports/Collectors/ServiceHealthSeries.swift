/// The series of the service-health collector: per tenant and service, the
/// current status as a state set (one series per documented status value, 1
/// for the current one), and the open issues counted by classification
/// (`incident`, `advisory`) and status. Resolved issues are not open.
public enum ServiceHealthSeries {
    public static let status = MetricDescriptor(
        name: "m365_service_health_status",
        help: "Microsoft's health status of the service: 1 for the current status, 0 for the other documented ones.")
    public static let openIssues = MetricDescriptor(
        name: "m365_service_issues_open",
        help: "Unresolved service issues Microsoft reports for the service, by classification (incident, advisory) and status.")
    public static let oldestOpenIssue = MetricDescriptor(
        name: "m365_service_issue_oldest_open_start_timestamp_seconds",
        help: "Unix time the oldest unresolved issue of the service, by classification, started.")

    public static let metrics = [status, openIssues, oldestOpenIssue]

    /// The `serviceHealthStatus` values Microsoft documents (v1.0), in
    /// their order there, without `unknownFutureValue`.
    public static let documentedStatuses = [
        "serviceOperational", "investigating", "restoringService", "verifyingService", "serviceRestored",
        "postIncidentReviewPublished", "serviceDegradation", "serviceInterruption", "extendedRecovery",
        "falsePositive", "investigationSuspended", "resolved", "mitigatedExternal", "mitigated",
        "resolvedExternal", "confirmed", "reported",
    ].map(GraphNames.snakeCase)

    public static let overviewsResource = "healthOverviews"
    public static let issuesResource = "issues"

    /// The series of one tenant's overviews and issues. A status Microsoft
    /// adds later gets a series of its own (1) beside the documented ones.
    public static func samples(overviews: [ServiceHealthOverview], issues: [ServiceHealthIssue], tenant: String) -> [Sample] {
        var samples: [Sample] = []
        var seenServices: Set<String> = []
        for overview in overviews where seenServices.insert(overview.service).inserted {
            let labels = [Label("tenant", tenant), Label("service", overview.service)]
            let current = GraphNames.snakeCase(overview.status)
            var statuses = documentedStatuses
            if !statuses.contains(current) { statuses.append(current) }
            for value in statuses {
                samples.append(Sample(
                    metric: status.name, labels: labels + [Label("status", value)], value: value == current ? 1 : 0))
            }
        }

        struct OpenKey: Hashable { let service: String; let classification: String; let status: String }
        struct OldestKey: Hashable { let service: String; let classification: String }
        var counts: [OpenKey: Int] = [:]
        var oldest: [OldestKey: Double] = [:]
        var seenIssues: Set<String> = []
        // An issue that moved between pages while they were read comes twice: count it once.
        for issue in issues where !issue.isResolved && seenIssues.insert(issue.id).inserted {
            let classification = GraphNames.snakeCase(issue.classification)
            counts[OpenKey(service: issue.service, classification: classification, status: GraphNames.snakeCase(issue.status)), default: 0] += 1
            if let start = issue.startDateTime.flatMap(GraphTimestamp.unixTime) {
                let key = OldestKey(service: issue.service, classification: classification)
                oldest[key] = min(oldest[key] ?? start, start)
            }
        }
        for (key, count) in counts {
            samples.append(Sample(
                metric: openIssues.name,
                labels: [Label("tenant", tenant), Label("service", key.service), Label("classification", key.classification),
                         Label("status", key.status)],
                value: Double(count)))
        }
        for (key, start) in oldest {
            samples.append(Sample(
                metric: oldestOpenIssue.name,
                labels: [Label("tenant", tenant), Label("service", key.service), Label("classification", key.classification)],
                value: start))
        }
        return samples
    }
}

import M365Reports

/// The listener's own counters, served after the exposition: requests
/// refused for credentials, failed credentials refused before bcrypt ran,
/// connections closed for the connection limit or the request deadline,
/// and log lines that standard error could not take.
public struct ListenerCounters: Sendable, Equatable {
    public var authFailures = 0
    public var authThrottled = 0
    public var rejectedConnections = 0
    public var requestDeadlines = 0
    public var droppedLogLines = 0

    public init() {}

    /// The counters as metric families (the renderer orders them by name).
    var families: [MetricFamily] {
        [
            (HealthMetrics.logLinesDropped, droppedLogLines),
            (HealthMetrics.httpConnectionsRejected, rejectedConnections),
            (HealthMetrics.httpRequestDeadlines, requestDeadlines),
            (HealthMetrics.httpAuthThrottled, authThrottled),
            (HealthMetrics.httpAuthFailures, authFailures),
        ].map { descriptor, value in
            MetricFamily(descriptor: descriptor, samples: [Sample(metric: descriptor.name, labels: [], value: Double(value))])
        }
    }
}

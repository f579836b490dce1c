/// What the exporter knows about the refreshes of one report of one tenant.
/// Its value series are not here: the exposition keeps them, rendered (see
/// ``ExpositionBuilder``). A value type: the refresher changes its own copy
/// and publishes snapshots of it.
public struct ReportStatus: Sendable, Equatable {
    public let tenant: String
    public let report: String
    /// Refreshes tried so far, successful or not.
    public var attempts: Int = 0
    /// Whether the last refresh succeeded.
    public var up: Bool = false
    /// Whether the tenant's cloud serves the report; `false` once Graph (or
    /// the catalog) said it does not.
    public var supported: Bool = true
    /// The day of the row exposed: its Report Date, or Report Refresh Date for
    /// period aggregates.
    public var reportDate: ReportDay?
    public var refreshDate: ReportDay?
    /// Unix time of the last successful refresh.
    public var lastSuccess: Double?
    /// Unix time the last refresh ended, successful or not; `nil` until the
    /// first has ended.
    public var lastAttempt: Double?
    /// How long the last refresh took, in seconds.
    public var fetchDuration: Double?
    /// Why the last refresh failed; `nil` while it succeeds.
    public var lastError: String?
    /// HTTP answers received from Graph for this report, by status code.
    public var graphAnswers = GraphAnswerCounts()
    /// Requests sent again, by reason (`throttled`, `server_error`…).
    public var retries: [String: Int] = [:]
    /// Seconds spent waiting on Graph's `Retry-After` for this report.
    public var throttledSeconds: Double = 0
    /// The collector whose state this is (its `collector` label), `nil` for
    /// a report; `report` is then the collector's ``CollectorKind/statusName``.
    public var collector: String?

    public init(tenant: String, report: String) {
        self.tenant = tenant
        self.report = report
    }

    /// The state of a collector of a tenant.
    public init(tenant: String, collector: CollectorKind) {
        self.tenant = tenant
        self.report = collector.statusName
        self.collector = collector.name
    }
}

import M365Graph
import M365Reports

/// One tenant the exporter watches.
public struct TenantConfiguration: Sendable {
    /// The `tenant` label.
    public var name: String
    /// `nil` in demo mode.
    public var credentials: TenantCredentials?
    /// The catalog entries fetched for this tenant.
    public var reports: [ReportDefinition]
    public var periods: [ReportPeriod]?
    /// The collectors run for this tenant besides the reports (the
    /// certificate file's expiry is not among them: it is always read).
    public var collectors: [CollectorKind]

    public init(
        name: String,
        credentials: TenantCredentials?,
        reports: [ReportDefinition] = ReportCatalog.defaultReports,
        periods: [ReportPeriod]? = nil,
        collectors: [CollectorKind] = []
    ) {
        self.name = name
        self.credentials = credentials
        self.reports = reports
        self.periods = periods
        self.collectors = collectors
    }
}

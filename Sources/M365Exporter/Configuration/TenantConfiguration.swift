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

    public init(
        name: String,
        credentials: TenantCredentials?,
        reports: [ReportDefinition] = ReportCatalog.defaultReports,
        periods: [ReportPeriod]? = nil
    ) {
        self.name = name
        self.credentials = credentials
        self.reports = reports
        self.periods = periods
    }
}

import M365Graph
import M365Reports

/// Where a tenant's collectors get their data: Microsoft Graph, or the
/// built-in demo data in Graph's JSON shapes. Both map it with the same
/// series functions of M365Reports.
protocol CollectorSource: Sendable {
    /// Runs one collector for one tenant and returns its value series.
    /// `record` is told of every HTTP answer, retry and throttled wait.
    func collect(
        _ kind: CollectorKind, tenant: String, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> [Sample]
}

import Logging
import M365Graph
import M365Reports

/// Reports of one tenant from Microsoft Graph.
struct GraphReportSource: ReportSource {
    let client: GraphReportClient
    let logger: Logger

    func report(
        _ definition: ReportDefinition, period: ReportPeriod, record: @escaping @Sendable (Int) async -> Void
    ) async throws -> ParsedReport {
        let body = try await client.fetchCSV(definition, period: period, logger: logger, record: record)
        return try ReportParser.parse(csv: body, as: definition)
    }
}

import AsyncHTTPClient
import Logging
import M365Graph
import M365Reports
import NIOCore

/// Turns the daily rows Graph already holds into Prometheus history: fetches
/// each report of each tenant once for the longest period (each configured
/// period for reports that label it) and gathers every row as timestamped
/// samples, with the metric names and labels of `/metrics`, into one
/// OpenMetrics document for `promtool tsdb create-blocks-from openmetrics`.
///
/// Reports are fetched one after the other: a backfill is a one-off, and
/// Graph allows only 14 CSV requests per 10 minutes per app and tenant.
public enum Backfill {
    /// What happened to one report, for progress lines.
    public struct ReportOutcome: Sendable {
        public let tenant: String
        public let report: String
        /// Rows read and samples written; 0 when it failed.
        public let rows: Int
        public let samples: Int
        /// Why it failed, if it did.
        public let error: String?
    }

    /// The document and what went into it.
    public struct Result: Sendable {
        public let document: HistoryDocument
        public let outcomes: [ReportOutcome]
        public var failures: [ReportOutcome] { outcomes.filter { $0.error != nil } }
    }

    /// Fetches every report of every tenant of `configuration` for `period`
    /// and returns the history. `extraLabels` are added to every series
    /// (for example the `job` and `instance` the scraped series carry);
    /// `progress` is told each report's outcome as it completes, with the
    /// number done and the total.
    public static func run(
        _ configuration: ExporterConfiguration,
        period: ReportPeriod,
        extraLabels: [Label] = [],
        logger: Logger,
        progress: @Sendable (ReportOutcome, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async throws -> Result {
        let http = OutboundHTTP(
            settings: configuration.proxy,
            configuration: HTTPClient.Configuration(
                // Redirects are followed by GraphReportClient, without the token.
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(10), read: .seconds(Int64(configuration.requestTimeout.seconds)))))
        let result = await collect(configuration, http: http, period: period, extraLabels: extraLabels, logger: logger, progress: progress)
        try await http.shutdown()
        return result
    }

    private static func collect(
        _ configuration: ExporterConfiguration, http: OutboundHTTP, period: ReportPeriod, extraLabels: [Label],
        logger: Logger, progress: @Sendable (ReportOutcome, Int, Int) -> Void
    ) async -> Result {
        let limiter = RequestLimiter(limit: configuration.maxConcurrency)
        let total = configuration.tenants.reduce(0) { $0 + $1.reports.count }
        var document = HistoryDocument()
        var outcomes: [ReportOutcome] = []
        for tenant in configuration.tenants {
            var tenantLogger = logger
            tenantLogger[metadataKey: "tenant"] = "\(tenant.name)"
            let source = source(for: tenant, configuration, http: http, limiter: limiter, logger: tenantLogger)
            for definition in tenant.reports {
                // Period aggregates have no daily rows: one answer per configured period.
                let periods = definition.labelsPeriod ? (tenant.periods ?? configuration.periods) : [period]
                var outcome: ReportOutcome
                do {
                    var answers: [(ParsedReport, ReportPeriod)] = []
                    for answerPeriod in periods {
                        answers.append((try await source.report(definition, period: answerPeriod) { _ in }, answerPeriod))
                    }
                    let before = (document.rows, document.sampleCount)
                    for (answer, answerPeriod) in answers {
                        document.add(answer, definition: definition, tenant: tenant.name, period: answerPeriod, extraLabels: extraLabels)
                    }
                    outcome = ReportOutcome(
                        tenant: tenant.name, report: definition.function,
                        rows: document.rows - before.0, samples: document.sampleCount - before.1, error: nil)
                } catch {
                    outcome = ReportOutcome(
                        tenant: tenant.name, report: definition.function, rows: 0, samples: 0, error: String(describing: error))
                    tenantLogger.warning("report not backfilled", metadata: [
                        "report": "\(definition.function)", "err": "\(error)",
                    ])
                }
                outcomes.append(outcome)
                progress(outcome, outcomes.count, total)
            }
        }
        return Result(document: document, outcomes: outcomes)
    }

    /// Where a tenant's reports come from: the demo data, or Graph with the
    /// tenant's credentials (a tenant without credentials gets an error per
    /// report rather than being skipped silently).
    private static func source(
        for tenant: TenantConfiguration, _ configuration: ExporterConfiguration, http: OutboundHTTP,
        limiter: RequestLimiter, logger: Logger
    ) -> any ReportSource {
        switch configuration.mode {
        case .demo:
            return DemoReportSource()
        case .graph:
            guard let credentials = tenant.credentials else { return NoCredentials(tenant: tenant.name) }
            let tokens = TokenProvider(
                http: http, credentials: credentials, graphURL: configuration.graphURL,
                requestTimeout: configuration.requestTimeout)
            return GraphReportSource(
                client: GraphReportClient(
                    http: http, graphURL: configuration.graphURL, tokens: tokens, limiter: limiter,
                    requestTimeout: configuration.requestTimeout, maxBodyBytes: configuration.maxBodyBytes,
                    cloud: configuration.cloud),
                logger: logger)
        }
    }

    /// The source of a tenant configured without credentials.
    private struct NoCredentials: ReportSource, Error, CustomStringConvertible {
        let tenant: String
        var description: String { "tenant \(tenant) has no credentials" }

        func report(
            _ definition: ReportDefinition, period: ReportPeriod, record: @escaping @Sendable (GraphEvent) async -> Void
        ) async throws -> ParsedReport {
            throw self
        }
    }
}

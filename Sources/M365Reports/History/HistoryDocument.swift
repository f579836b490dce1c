/// The samples of a backfill, gathered report by report and rendered once
/// as one OpenMetrics document: every family once (tenants and periods
/// together), each series' samples in time order, `# EOF` at the end, as
/// `promtool tsdb create-blocks-from openmetrics` requires.
public struct HistoryDocument: Sendable {
    private var descriptors: [String: MetricDescriptor] = [:]
    private var samples: [String: [Sample]] = [:]
    /// Rows read, samples written, and the days they span.
    public private(set) var rows = 0
    public private(set) var sampleCount = 0
    public private(set) var firstDay: ReportDay?
    public private(set) var lastDay: ReportDay?

    public init() {}

    /// Adds every row of one answer of a report.
    public mutating func add(
        _ report: ParsedReport, definition: ReportDefinition, tenant: String, period: ReportPeriod?, extraLabels: [Label] = []
    ) {
        for descriptor in definition.metrics { descriptors[descriptor.name] = descriptor }
        let history = ReportSampleMapper.historySamples(
            of: report, definition: definition, tenant: tenant, period: period, extraLabels: extraLabels)
        for sample in history { samples[sample.metric, default: []].append(sample) }
        rows += report.rows.count
        sampleCount += history.count
        for row in report.rows {
            firstDay = min(firstDay ?? row.day, row.day)
            lastDay = max(lastDay ?? row.day, row.day)
        }
    }

    /// The OpenMetrics document (timestamps in seconds).
    public func render() -> [UInt8] {
        let families = descriptors.values.map { MetricFamily(descriptor: $0, samples: samples[$0.name] ?? []) }
        return ExpositionRenderer.render(families, format: .openMetrics)
    }
}

/// Maps rows of a parsed report to labelled samples, reading only the catalog
/// entry: nothing here knows any report by name.
public enum ReportSampleMapper {
    /// The series of the rows to export (the latest day; one row per site
    /// type where the report has one). A report with no rows has no series:
    /// no zero that looks like data.
    public static func latestSamples(
        of report: ParsedReport, definition: ReportDefinition, tenant: String, period: ReportPeriod?
    ) -> [Sample] {
        report.latestRows.flatMap { samples(of: $0, definition: definition, tenant: tenant, period: period) }
    }

    /// Every row of a report as history: one sample per series and day,
    /// timestamped with the row's day (its Report Date, or its Report
    /// Refresh Date for period aggregates) at midnight UTC, as a backfill
    /// writes them.
    public static func historySamples(
        of report: ParsedReport, definition: ReportDefinition, tenant: String, period: ReportPeriod?,
        extraLabels: [Label] = []
    ) -> [Sample] {
        var history: [Sample] = []
        for (day, rows) in report.rowsByDay {
            for row in rows {
                for sample in samples(of: row, definition: definition, tenant: tenant, period: period) {
                    history.append(Sample(
                        metric: sample.metric, labels: sample.labels + extraLabels, value: sample.value,
                        timestamp: day.unixTime))
                }
            }
        }
        return history
    }

    /// The series of one row. Labels come in the order tenant, period (for
    /// reports that label it), the row's label columns, then the column's
    /// own labels.
    public static func samples(
        of row: ReportRow, definition: ReportDefinition, tenant: String, period: ReportPeriod?
    ) -> [Sample] {
        var common = [Label("tenant", tenant)]
        if definition.labelsPeriod, let period { common.append(Label("period", period.rawValue)) }
        common += row.labels
        var samples: [Sample] = []
        samples.reserveCapacity(definition.columns.count)
        for (mapping, value) in zip(definition.columns, row.values) {
            guard let value else { continue }
            samples.append(Sample(metric: mapping.metric, labels: common + mapping.labels, value: value))
        }
        return samples
    }
}

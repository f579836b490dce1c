/// One data row of a report.
public struct ReportRow: Sendable, Equatable {
    public let refreshDate: ReportDay
    /// `nil` for reports without a Report Date column.
    public let reportDate: ReportDay?
    /// The Report Period cell as a number of days, where present.
    public let periodDays: Int?
    /// The labels of the catalog's label columns (`site_type="onedrive"`), in
    /// catalog order.
    public let labels: [Label]
    /// One value per catalog column, in catalog order, in the column's unit;
    /// `nil` where the column is missing from the answer or the cell is empty.
    public let values: [Double?]
    /// The line of the body the row came from.
    public let line: Int

    public init(
        refreshDate: ReportDay, reportDate: ReportDay?, periodDays: Int?, labels: [Label] = [], values: [Double?], line: Int
    ) {
        self.refreshDate = refreshDate
        self.reportDate = reportDate
        self.periodDays = periodDays
        self.labels = labels
        self.values = values
        self.line = line
    }

    /// The day this row stands for: its Report Date, or its Report Refresh
    /// Date where the report has no Report Date.
    public var day: ReportDay { reportDate ?? refreshDate }

    func shifted(byDays days: Int) -> ReportRow {
        ReportRow(
            refreshDate: refreshDate.adding(days: days),
            reportDate: reportDate?.adding(days: days),
            periodDays: periodDays,
            labels: labels,
            values: values,
            line: line)
    }
}

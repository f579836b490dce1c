/// A report answer read against its catalog entry: every data row with its
/// days and its count values, in the order of the entry's columns.
public struct ParsedReport: Sendable, Equatable {
    public let function: String
    public let rows: [ReportRow]
    /// Catalog columns the answer did not have; their series are dropped.
    public let missingColumns: [String]

    public init(function: String, rows: [ReportRow], missingColumns: [String]) {
        self.function = function
        self.rows = rows
        self.missingColumns = missingColumns
    }

    /// The row to export: the one with the greatest Report Date (rows come in
    /// no promised order), or for period aggregates the greatest Report
    /// Refresh Date. Of rows with the same day the last one in the body wins.
    public var latestRow: ReportRow? {
        rows.max { $0.day <= $1.day }
    }

    /// A copy with every date moved by a number of days (demo data is moved so
    /// that its newest day is recent).
    public func shifted(byDays days: Int) -> ParsedReport {
        ParsedReport(
            function: function,
            rows: rows.map { $0.shifted(byDays: days) },
            missingColumns: missingColumns)
    }
}

/// One data row of a report.
public struct ReportRow: Sendable, Equatable {
    public let refreshDate: ReportDay
    /// `nil` for reports without a Report Date column.
    public let reportDate: ReportDay?
    /// The Report Period cell as a number of days, where present.
    public let periodDays: Int?
    /// One value per catalog column, in catalog order; `nil` where the column
    /// is missing from the answer or the cell is empty.
    public let values: [Double?]
    /// The line of the body the row came from.
    public let line: Int

    public init(refreshDate: ReportDay, reportDate: ReportDay?, periodDays: Int?, values: [Double?], line: Int) {
        self.refreshDate = refreshDate
        self.reportDate = reportDate
        self.periodDays = periodDays
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
            values: values,
            line: line)
    }
}

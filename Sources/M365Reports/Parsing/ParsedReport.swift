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

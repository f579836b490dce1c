/// A report answer read against its catalog entry: every data row with its
/// days and its count values, in the order of the entry's columns.
public struct ParsedReport: Sendable, Equatable {
    public let function: String
    public let rows: [ReportRow]
    /// Catalog columns the answer did not have (optional ones aside); their
    /// series are dropped.
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

    /// The rows to export: of the latest day, one per set of label-column
    /// values (one per site type), the last in the body where a set repeats;
    /// for reports without label columns, ``latestRow`` alone.
    public var latestRows: [ReportRow] {
        guard let day = latestRow?.day else { return [] }
        return Self.lastPerLabels(rows.filter { $0.day == day })
    }

    /// The rows grouped by day, oldest day first, each day's rows reduced as
    /// in ``latestRows``: the history that a backfill writes.
    public var rowsByDay: [(day: ReportDay, rows: [ReportRow])] {
        var byDay: [ReportDay: [ReportRow]] = [:]
        for row in rows { byDay[row.day, default: []].append(row) }
        return byDay.keys.sorted().map { ($0, Self.lastPerLabels(byDay[$0] ?? [])) }
    }

    /// Of rows of one day, the last one for each set of labels, in order of
    /// first appearance.
    private static func lastPerLabels(_ rows: [ReportRow]) -> [ReportRow] {
        var order: [[Label]] = []
        var last: [[Label]: ReportRow] = [:]
        for row in rows {
            if last.updateValue(row, forKey: row.labels) == nil { order.append(row.labels) }
        }
        return order.compactMap { last[$0] }
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

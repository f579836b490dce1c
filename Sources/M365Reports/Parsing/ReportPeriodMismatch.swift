/// An answer whose `Report Period` cells are not the period asked for: it
/// must not be published under the asked period's label (a D7 answer as
/// `period="D30"`).
public struct ReportPeriodMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    public let asked: ReportPeriod
    /// The first `Report Period` cell that differs, in days.
    public let answeredDays: Int
    /// The CSV line of that cell.
    public let line: Int

    public var description: String {
        "answer is for a period of \(answeredDays) days (Report Period, line \(line)), not the \(asked.rawValue) asked for"
    }

    /// The first row of `report` whose `Report Period` is not `period`, as
    /// an error; `nil` when every row that has the column agrees.
    public static func check(_ report: ParsedReport, asked period: ReportPeriod) -> ReportPeriodMismatch? {
        for row in report.rows {
            if let days = row.periodDays, days != period.days {
                return ReportPeriodMismatch(asked: period, answeredDays: days, line: row.line)
            }
        }
        return nil
    }
}

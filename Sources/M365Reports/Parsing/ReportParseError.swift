/// Why a report answer was refused. Its description names the report, and
/// where it applies the line and the column, so that a log line says exactly
/// what Graph sent that could not be trusted.
public struct ReportParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let report: String
    public let line: Int?
    public let column: String?
    public let problem: String

    public init(report: String, line: Int? = nil, column: String? = nil, problem: String) {
        self.report = report
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var description: String {
        var place = "report \(report)"
        if let line { place += ", line \(line)" }
        if let column { place += ", column \"\(column)\"" }
        return "\(place): \(problem)"
    }
}

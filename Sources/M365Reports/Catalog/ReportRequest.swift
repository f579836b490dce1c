/// How Graph is asked for a report and how it answers: where the function
/// lives, which arguments it takes, which `version` values it knows and the
/// shape of the answer. The Graph client builds the request from this alone,
/// so a report of another shape is an entry, not code.
public struct ReportRequest: Sendable, Hashable {
    /// The path below the API version where the function lives.
    public let root: ReportRoot
    /// The function's arguments.
    public let parameter: ReportParameter
    /// Values of the optional `version` argument to try, in order; `nil`
    /// stands for a request without it. When Graph refuses a request with
    /// `400 Bad Request`, the next value is tried. Empty for functions
    /// without the argument.
    public let versions: [String?]
    /// How the answer comes.
    public let answer: AnswerShape

    public init(
        root: ReportRoot = .reports, parameter: ReportParameter = .period, versions: [String?] = [],
        answer: AnswerShape = .redirectToCSV
    ) {
        self.root = root
        self.parameter = parameter
        self.versions = versions
        self.answer = answer
    }

    /// The request of most usage reports: `/reports/{function}(period='D7')`,
    /// answered with `302 Found` and a CSV download.
    public static let standard = ReportRequest()

    /// The path and query below `{graph}/{api version}`, such as
    /// `/reports/getTeamsTeamCounts(period='D7')` or
    /// `/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL',version='v2')`.
    public func path(function: String, period: ReportPeriod, version: String?) -> String {
        var arguments: [String] = []
        switch parameter {
        case .period: arguments.append("period='\(period.rawValue)'")
        case .fixedPeriod(let value): arguments.append("period='\(value)'")
        case .none: break
        }
        if let version { arguments.append("version='\(version)'") }
        // Functions without parameters are called without parentheses, as
        // Graph's reference pages show them.
        var path = "/\(root.rawValue)/\(function)"
        if !arguments.isEmpty { path += "(\(arguments.joined(separator: ",")))" }
        if case .json = answer { path += "?$format=application/json" }
        return path
    }

    /// The versions to try in order; a single `nil` when the function has no
    /// `version` argument.
    public var versionsToTry: [String?] { versions.isEmpty ? [nil] : versions }
}

/// The path below the API version where a report function lives.
public enum ReportRoot: String, Sendable, Hashable, CaseIterable {
    /// `reports`: the usage reports of every workload.
    case reports = "reports"
    /// `copilot/reports`: the Microsoft 365 Copilot usage reports.
    case copilotReports = "copilot/reports"
}

/// The arguments a report function takes.
public enum ReportParameter: Sendable, Hashable {
    /// `period='D7'`: the period the exporter asks for.
    case period
    /// Always the same `period` value, such as `ALL`, which some functions
    /// answer with one row per period they know.
    case fixedPeriod(String)
    /// No arguments at all (the Office activation reports).
    case none
}

/// How Graph delivers a report's answer.
public enum AnswerShape: Sendable, Hashable {
    /// `302 Found` to a pre-authenticated download of the CSV.
    case redirectToCSV
    /// `200 OK` with the CSV as the body.
    case csv
    /// `200 OK` with JSON (asked for with `$format=application/json`); the
    /// rows are the objects at the end of `path` (`["value", "userCounts"]`
    /// for `value[].userCounts[]`), each taking the plain fields of the
    /// objects above it. `@odata.nextLink` pages are followed.
    case json(path: [String])
}

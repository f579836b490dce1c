/// A report selection (`--reports`, a configuration file's `reports:`) named
/// a report the catalog does not have, or nothing at all.
public struct ReportSelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name given; empty when the selection was empty.
    public let name: String
    /// Every function name the catalog has.
    public let known: [String]

    public var description: String {
        let groups = ReportGroup.allCases.map(\.rawValue).joined(separator: ", ")
        let choices = "choose from: all, default, a group (\(groups)) or a report: \(known.joined(separator: ", "))"
        if name.isEmpty { return "no report selected; \(choices)" }
        return "unknown report \"\(name)\"; \(choices)"
    }
}

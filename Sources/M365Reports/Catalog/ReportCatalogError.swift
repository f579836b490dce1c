/// A catalog entry that cannot be used, and why.
public struct ReportCatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    public let report: String
    public let problem: String

    public var description: String { "report catalog entry \(report): \(problem)" }
}

/// How many of the exported reports have been tried at least once: the
/// exporter is ready (`/-/ready`) when all have.
public struct Readiness: Sendable, Equatable {
    public let tried: Int
    public let reports: Int

    public init(tried: Int, reports: Int) {
        self.tried = tried
        self.reports = reports
    }
}

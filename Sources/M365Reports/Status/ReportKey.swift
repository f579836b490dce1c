/// Names one report of one tenant. Ordered as the exposition orders their
/// series: by tenant, then by report, the order of the labels `tenant` and
/// `report` that every series of the exporter starts with.
public struct ReportKey: Hashable, Comparable, Sendable {
    public let tenant: String
    public let report: String

    public init(tenant: String, report: String) {
        self.tenant = tenant
        self.report = report
    }

    public static func < (lhs: ReportKey, rhs: ReportKey) -> Bool {
        lhs.tenant != rhs.tenant ? lhs.tenant < rhs.tenant : lhs.report < rhs.report
    }
}

extension ReportStatus {
    public var key: ReportKey { ReportKey(tenant: tenant, report: report) }
}

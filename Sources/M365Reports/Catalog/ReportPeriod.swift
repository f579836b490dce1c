/// The reporting window that Graph aggregates a usage report over: the
/// `period` parameter of every report function and, for
/// `getOffice365ServicesUserCounts`, the `period` label of its series.
public enum ReportPeriod: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case d7 = "D7"
    case d30 = "D30"
    case d90 = "D90"
    case d180 = "D180"

    /// The number of days in the window.
    public var days: Int {
        switch self {
        case .d7: 7
        case .d30: 30
        case .d90: 90
        case .d180: 180
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: ReportPeriod, rhs: ReportPeriod) -> Bool { lhs.days < rhs.days }

    /// Reads a period as Graph spells it (`D7`), accepting lower case too.
    public init?(parsing text: String) {
        guard let period = ReportPeriod(rawValue: text.uppercased()) else { return nil }
        self = period
    }

    /// Reads a comma-separated list such as `D7,D30`, keeping the order given
    /// and dropping repeats.
    public static func parseList(_ text: String) throws(ReportPeriodListError) -> [ReportPeriod] {
        var periods: [ReportPeriod] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = item.trimmingASCIIWhitespace()
            guard let period = ReportPeriod(parsing: trimmed) else {
                throw ReportPeriodListError(item: trimmed)
            }
            if !periods.contains(period) { periods.append(period) }
        }
        return periods
    }
}

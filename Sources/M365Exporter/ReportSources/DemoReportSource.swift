import FoundationEssentials
import M365Graph
import M365Reports
import Synchronization

/// The built-in sample data of the fictional tenant `contoso`: CSV files in
/// Graph's own format (byte order mark and CRLF included), compiled into
/// the binary (DemoDataFiles) and read by the same parser as real answers. Their
/// dates are moved so that the newest Report Refresh Date is two days before
/// today, as on the real service, so that the demo never looks stale.
public struct DemoReportSource: ReportSource {
    /// The `tenant` label of the demo data.
    public static let tenantName = "contoso"

    /// Asked on every refresh, so that a demo left running for days keeps
    /// its newest day two days before the current one.
    private let today: @Sendable () -> ReportDay

    /// Demo data dated against the current day.
    public init() {
        today = { ReportDay(unixTime: Date().timeIntervalSince1970) }
    }

    /// Demo data dated against a fixed day.
    public init(today day: ReportDay) {
        today = { day }
    }

    /// Demo data dated against the day a clock gives at each refresh.
    init(clock: @escaping @Sendable () -> ReportDay) {
        today = clock
    }

    public func report(
        _ definition: ReportDefinition, period: ReportPeriod, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> ParsedReport {
        let today = self.today()
        let key = ParsedKey(report: definition, period: period, today: today)
        if let parsed = Self.parsed.withLock({ $0[key] }) { return parsed }
        let parsed = try Self.parse(definition, period: period, today: today)
        Self.parsed.withLock { cache in
            // Only today's answers are asked for again.
            cache = cache.filter { $0.key.today == today }
            cache[key] = parsed
        }
        return parsed
    }

    /// The sample data does not change within a day: every tenant's refresh
    /// of a report and period shares one parse, as a thousand demo tenants
    /// refreshing every few seconds would otherwise spend most of a core on
    /// parsing the same few kilobytes again.
    private static let parsed = Mutex<[ParsedKey: ParsedReport]>([:])

    private struct ParsedKey: Hashable {
        let report: ReportDefinition
        let period: ReportPeriod
        let today: ReportDay
    }

    private static func parse(_ definition: ReportDefinition, period: ReportPeriod, today: ReportDay) throws -> ParsedReport {
        let body = try Self.csv(for: definition, period: period)
        let parsed = try ReportParser.parse(answer: body, as: definition)
        guard let newest = parsed.rows.map(\.refreshDate).max() else { return parsed }
        let shifted = parsed.shifted(byDays: today.adding(days: -2).daysSinceEpoch - newest.daysSinceEpoch)
        guard definition.dayColumn == .reportDate else { return shifted }
        // A daily report asked for a period holds that many days, as Graph's does.
        let cutoff = today.adding(days: -2 - period.days)
        return ParsedReport(
            function: shifted.function,
            rows: shifted.rows.filter { $0.day > cutoff },
            missingColumns: shifted.missingColumns)
    }

    /// The sample body of a report, in the format Graph answers it with
    /// (`.json` for JSON answers, else `.csv`): `<function>-<period>` where
    /// the report is an aggregate asked for one period, else `<function>`
    /// (180 days, or every period, or a report without parameters).
    public static func csv(for definition: ReportDefinition, period: ReportPeriod) throws -> [UInt8] {
        let perPeriod = definition.dayColumn == .reportRefreshDate && definition.request.parameter == .period
        let name = perPeriod ? "\(definition.function)-\(period.rawValue)" : definition.function
        let ext = if case .json = definition.request.answer { "json" } else { "csv" }
        guard let body = DemoDataFiles.contents(of: "\(name).\(ext)") else {
            throw DemoDataMissing(report: definition.function, file: "\(name).\(ext)")
        }
        return Array(body.utf8)
    }
}

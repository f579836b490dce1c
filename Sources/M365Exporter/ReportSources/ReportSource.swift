import M365Graph
import M365Reports

/// Where a tenant's reports come from: Microsoft Graph, or the built-in demo
/// data. Both hand back the answer parsed by the same ``ReportParser``.
public protocol ReportSource: Sendable {
    /// Fetches and parses one report for one period. `record` is told of
    /// every HTTP answer, retry and throttled wait on the way.
    func report(
        _ definition: ReportDefinition, period: ReportPeriod, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> ParsedReport

    /// Fetches and parses one report for one period unless it is unchanged
    /// since the last answer this source gave for it: `nil` then, and the
    /// caller keeps what it made of that answer. A source that cannot tell
    /// answers as ``report(_:period:record:)`` does.
    func reportIfChanged(
        _ definition: ReportDefinition, period: ReportPeriod, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> ParsedReport?
}

extension ReportSource {
    public func reportIfChanged(
        _ definition: ReportDefinition, period: ReportPeriod, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> ParsedReport? {
        try await report(definition, period: period, record: record)
    }
}

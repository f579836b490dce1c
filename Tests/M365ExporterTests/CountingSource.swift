@testable import M365Exporter
import M365Graph
import M365Reports

/// Counts refreshes: how many run at once (in all, and per target), how
/// many each target had, and with which periods.
actor RefreshCounter {
    private(set) var inFlight = 0
    private(set) var peak = 0
    private(set) var finished = 0
    private(set) var calls: [String: Int] = [:]
    private(set) var peakPerTarget = 0
    private var inFlightPerTarget: [String: Int] = [:]
    private var periods: [ReportPeriod: Int] = [:]

    func began(_ tenant: String, _ period: ReportPeriod) {
        inFlight += 1
        peak = max(peak, inFlight)
        calls[tenant, default: 0] += 1
        periods[period, default: 0] += 1
        inFlightPerTarget[tenant, default: 0] += 1
        peakPerTarget = max(peakPerTarget, inFlightPerTarget[tenant]!)
    }

    func ended(_ tenant: String) {
        inFlight -= 1
        inFlightPerTarget[tenant]! -= 1
        finished += 1
    }

    func periodCalls(_ period: ReportPeriod) -> Int { periods[period, default: 0] }
}

/// A report source of one tenant that answers an empty report after
/// `latency`, telling `counter` when each call begins and ends. When it
/// `outlivesCancellation`, a cancelled call still takes its whole latency,
/// as a request that is already on the wire.
struct CountingSource: ReportSource {
    let tenant: String
    let counter: RefreshCounter
    let latency: Duration
    var outlivesCancellation = false

    func report(
        _ definition: ReportDefinition, period: ReportPeriod, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> ParsedReport {
        await counter.began(tenant, period)
        do {
            if outlivesCancellation {
                let latency = self.latency
                await Task { try? await Task.sleep(for: latency) }.value
                try Task.checkCancellation()
            } else {
                try await Task.sleep(for: latency)
            }
        } catch {
            await counter.ended(tenant)
            throw error
        }
        await counter.ended(tenant)
        return ParsedReport(function: definition.function, rows: [], missingColumns: [])
    }
}

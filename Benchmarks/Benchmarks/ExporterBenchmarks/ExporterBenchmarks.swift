import Benchmark
import M365Exporter
import M365Reports

/// The steps between Graph's answer and a scrape, at the scale of a
/// thousand tenants: parsing one 180-day CSV, mapping and rendering every
/// report of the catalog for 1,000 tenants, and publishing and reading the
/// served snapshot.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(10),
        maxIterations: 1000)

    let reports = ReportCatalog.all
    let tenants = (1...1000).map { "customer-\($0).onmicrosoft.com" }
    // The built-in demo data: Graph's own CSV format, 180 days of daily rows.
    let bodies: [String: [UInt8]] = Dictionary(uniqueKeysWithValues: reports.map { report in
        (report.function, try! DemoReportSource.csv(for: report, period: .d180))
    })
    let parsed: [String: ParsedReport] = Dictionary(uniqueKeysWithValues: reports.map { report in
        (report.function, try! ReportParser.parse(csv: bodies[report.function]!, as: report))
    })

    /// Every report of every tenant refreshed once: its state and its new series.
    func changes() -> [ReportKey: ReportChange] {
        var changes: [ReportKey: ReportChange] = [:]
        changes.reserveCapacity(tenants.count * reports.count)
        for tenant in tenants {
            for report in reports {
                var status = ReportStatus(tenant: tenant, report: report.function)
                status.attempts = 1
                status.up = true
                status.reportDate = parsed[report.function]!.latestRow?.day
                status.refreshDate = parsed[report.function]!.latestRow?.refreshDate
                status.lastSuccess = 1_763_500_000
                status.fetchDuration = 0.25
                status.graphAnswers = [200: 24, 302: 24]
                let values = ReportSampleMapper.latestSamples(
                    of: parsed[report.function]!, definition: report, tenant: tenant, period: .d180)
                changes[status.key] = .updated(status, values: values)
            }
        }
        return changes
    }

    let participant = ReportCatalog.definition(named: "getSkypeForBusinessParticipantActivityCounts")!
    Benchmark("Parse a D180 CSV (getSkypeForBusinessParticipantActivityCounts, 180 rows)") { benchmark in
        let body = bodies[participant.function]!
        for _ in benchmark.scaledIterations {
            blackHole(try ReportParser.parse(csv: body, as: participant))
        }
    }

    Benchmark("Map 1,000 tenants × all reports") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(changes())
        }
    }

    let all = changes()
    let statuses = all.values.compactMap { change -> ReportStatus? in
        if case .updated(let status, _) = change { return status }
        return nil
    }
    Benchmark("Render 1,000 tenants × all reports from nothing (both formats)") { benchmark in
        for _ in benchmark.scaledIterations {
            var builder = ExpositionBuilder()
            blackHole(builder.render(all, throttled: ReportHealthSeries.throttledSamples(of: statuses), catalog: reports, version: "bench", reload: nil))
        }
    }

    // A tenth of the reports refreshed since the last render: what a render
    // does while refreshes are spread over the interval.
    var warm = ExpositionBuilder()
    let full = warm.render(all, throttled: ReportHealthSeries.throttledSamples(of: statuses), catalog: reports, version: "bench", reload: nil)
    let warmed = warm
    let tenth = all.filter { Int($0.key.tenant.split(separator: "-").last!.split(separator: ".").first!)! % 10 == 0 }
    Benchmark("Render again after a tenth of the reports changed") { benchmark in
        var builder = warmed
        for _ in benchmark.scaledIterations {
            blackHole(builder.render(tenth, throttled: ReportHealthSeries.throttledSamples(of: statuses), catalog: reports, version: "bench", reload: nil))
        }
    }

    let store = SnapshotStore()
    Benchmark("Publish a 1,000-tenant exposition (swap)") { benchmark in
        for _ in benchmark.scaledIterations {
            store.publish(full, readiness: Readiness(tried: statuses.count, reports: statuses.count))
        }
    }

    Benchmark("Gzip a 1,000-tenant exposition (once per snapshot, at the first gzip scrape)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ServedSnapshot.gzip(full.buffers(.openMetrics)))
        }
    }

    Benchmark("Read the served snapshot (what a scrape does)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(store.snapshot.body(for: .openMetrics).count)
        }
    }
}

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

    func statuses() -> [ReportStatus] {
        var statuses: [ReportStatus] = []
        statuses.reserveCapacity(tenants.count * reports.count)
        for tenant in tenants {
            for report in reports {
                var status = ReportStatus(tenant: tenant, report: report.function)
                status.attempts = 1
                status.up = true
                status.values = ReportSampleMapper.latestSamples(
                    of: parsed[report.function]!, definition: report, tenant: tenant, period: .d180)
                status.reportDate = parsed[report.function]!.latestRow?.day
                status.refreshDate = parsed[report.function]!.latestRow?.refreshDate
                status.lastSuccess = 1_763_500_000
                status.fetchDuration = 0.25
                status.graphAnswers = [200: 24, 302: 24]
                statuses.append(status)
            }
        }
        return statuses
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
            blackHole(statuses())
        }
    }

    let all = statuses()
    Benchmark("Render 1,000 tenants × all reports (both formats)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(MetricsSnapshot(statuses: all, catalog: reports, version: "bench"))
        }
    }

    let snapshot = MetricsSnapshot(statuses: all, catalog: reports, version: "bench")
    let store = SnapshotStore()
    Benchmark("Publish a 1,000-tenant snapshot (wrap and gzip both formats, swap)") { benchmark in
        for _ in benchmark.scaledIterations {
            store.publish(snapshot, catalog: reports)
        }
    }

    Benchmark("Read the served snapshot (what a scrape does)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(store.snapshot.body(for: .openMetrics).readableBytes)
        }
    }
}

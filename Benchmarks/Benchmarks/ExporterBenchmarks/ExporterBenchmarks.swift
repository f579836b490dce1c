import Benchmark
import M365Exporter
import M365Reports

/// The steps between Graph's answer and a scrape, at the scale of a
/// thousand tenants: parsing one 180-day CSV, mapping and rendering every
/// report of the catalog for 1,000 tenants, and publishing and reading the
/// served snapshot.
let benchmarks: @Sendable () -> Void = {
    // `scripts/test` runs `benchmark thresholds check`: each benchmark's p90
    // against the figures recorded in Thresholds/ (`thresholds update`), with
    // the tolerances below (see docs/development.md, Benchmarks).
    // - Allocations are counted, not timed: the same code allocates the same
    //   number of times however loaded the machine is (three runs differed
    //   by at most 7 in 3.5 million), so they are held to 0.1 % either way:
    //   one allocation more per report (69 reports × 1,000 tenants) fails
    //   the mapping and the renders, one more at all the small ones. Fewer
    //   fails too, so that the recorded figure follows an improvement and a
    //   later regression back to the old figure is caught.
    // - Wall clock only fails beyond 5 times the recorded p90 (+400 %): the
    //   load of other builds moves it (by up to 42 % in three runs here, more
    //   on a busier or slower machine), an accidental quadratic step over
    //   1,000 tenants by far more. A relative tolerance of 100 % or more
    //   never reports an improvement.
    // CPU time (counted in scheduler ticks on Linux) and peak memory (the
    // fixtures' more than the measured step's) are not measured. A second
    // at most per benchmark: the allocation counts need few iterations.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        maxDuration: .seconds(1),
        maxIterations: 100,
        thresholds: [
            .mallocCountTotal: .init(relative: [.p90: 0.1]),
            .wallClock: .init(relative: [.p90: 400.0]),
        ])

    // The names are file names too: `thresholds update` writes
    // Thresholds/ExporterBenchmarks.NAME.p90.json with spaces and slashes
    // replaced, and `thresholds check` looks for the name as it is
    // (ordo-one/benchmark issue 373), so they have neither.

    /// One D180 CSV of getSkypeForBusinessParticipantActivityCounts, 180 rows.
    Benchmark("parse-180-day-csv") { benchmark in
        let participant = Fixtures.participant
        let body = Fixtures.bodies[participant.function]!
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try ReportParser.parse(csv: body, as: participant))
        }
    }

    /// Every report of the catalog mapped for 1,000 tenants.
    Benchmark("map-1000-tenants") { benchmark in
        _ = Fixtures.parsed
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(Fixtures.changes())
        }
    }

    /// 1,000 tenants × every report rendered from nothing (both formats).
    Benchmark("render-1000-tenants") { benchmark in
        let all = Fixtures.all
        let statuses = Fixtures.statuses
        let reports = Fixtures.reports
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var builder = ExpositionBuilder()
            blackHole(builder.render(all, throttled: ReportHealthSeries.throttledSamples(of: statuses), catalog: reports, version: "bench", reload: nil))
        }
    }

    /// A tenth of the reports refreshed since the last render: what a render
    /// does while refreshes are spread over the interval.
    Benchmark("render-again-tenth-changed") { benchmark in
        var builder = Fixtures.rendered.builder
        let tenth = Fixtures.tenth
        let statuses = Fixtures.statuses
        let reports = Fixtures.reports
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(builder.render(tenth, throttled: ReportHealthSeries.throttledSamples(of: statuses), catalog: reports, version: "bench", reload: nil))
        }
    }

    /// A 1,000-tenant exposition published (the swap).
    Benchmark("publish-snapshot") { benchmark in
        let store = SnapshotStore()
        let full = Fixtures.rendered.exposition
        let readiness = Readiness(tried: Fixtures.statuses.count, reports: Fixtures.statuses.count)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            store.publish(full, readiness: readiness)
        }
    }

    /// A 1,000-tenant exposition compressed (once per snapshot, at the first
    /// scrape that asks for gzip).
    Benchmark("gzip-exposition") { benchmark in
        let full = Fixtures.rendered.exposition
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(ServedSnapshot.gzip(full.buffers(.openMetrics)))
        }
    }

    /// The served snapshot of 1,000 tenants read, as a scrape does.
    Benchmark(
        "read-snapshot",
        configuration: .init(
            scalingFactor: .kilo,
            // None at all: a relative tolerance of zero allocations is none.
            thresholds: [
                .mallocCountTotal: .init(absolute: [.p90: 0]),
                .wallClock: .init(relative: [.p90: 400.0]),
            ])
    ) { benchmark in
        let store = SnapshotStore()
        store.publish(Fixtures.rendered.exposition, readiness: Readiness(tried: Fixtures.statuses.count, reports: Fixtures.statuses.count))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(store.snapshot.body(for: .openMetrics).count)
        }
    }
}

/// What the benchmarks measure against, each made at its first use: every
/// benchmark runs in a process of its own (and one more lists them), which
/// then makes only what it needs.
enum Fixtures {
    static let reports = ReportCatalog.all
    static let tenants = (1...1000).map { "customer-\($0).onmicrosoft.com" }
    static let participant = ReportCatalog.definition(named: "getSkypeForBusinessParticipantActivityCounts")!
    /// The built-in demo data in the format Graph answers each report with
    /// (CSV, JSON for the reports asked as JSON), 180 days of daily rows.
    static let bodies: [String: [UInt8]] = Dictionary(uniqueKeysWithValues: reports.map { report in
        (report.function, try! DemoReportSource.csv(for: report, period: .d180))
    })
    static let parsed: [String: ParsedReport] = Dictionary(uniqueKeysWithValues: reports.map { report in
        (report.function, try! ReportParser.parse(answer: bodies[report.function]!, as: report))
    })

    /// Every report of every tenant refreshed once: its state and its new series.
    static func changes() -> [ReportKey: ReportChange] {
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

    static let all = changes()
    static let statuses = all.values.compactMap { change -> ReportStatus? in
        if case .updated(let status, _) = change { return status }
        return nil
    }
    /// Every report rendered once: the builder that holds them and its exposition.
    static let rendered: (builder: ExpositionBuilder, exposition: Exposition) = {
        var builder = ExpositionBuilder()
        let exposition = builder.render(all, throttled: ReportHealthSeries.throttledSamples(of: statuses), catalog: reports, version: "bench", reload: nil)
        return (builder, exposition)
    }()
    /// The reports of every tenth tenant.
    static let tenth = all.filter { Int($0.key.tenant.split(separator: "-").last!.split(separator: ".").first!)! % 10 == 0 }
}

import M365Reports
import M365TestSupport
import NIOCore
import Testing

@Suite struct ExpositionBuilderTests {
    let groups = ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts")!

    static func text(_ exposition: Exposition, _ format: ExpositionFormat) -> String {
        var joined = ByteBuffer()
        for buffer in exposition.buffers(format) { joined.writeImmutableBuffer(buffer) }
        joined.writeBytes(format.terminator)
        return String(buffer: joined)
    }

    private func series(_ statuses: [ReportStatus], values: [ReportKey: [Sample]] = [:]) -> [String: Double] {
        var builder = ExpositionBuilder()
        let changes = Dictionary(uniqueKeysWithValues: statuses.map { ($0.key, ReportChange.updated($0, values: values[$0.key])) })
        let exposition = builder.render(changes, throttled: ReportHealthSeries.throttledSamples(of: statuses), catalog: ReportCatalog.seedReports, version: "9.9.9", reload: nil)
        return parseExposition(Self.text(exposition, .prometheusText))
    }

    @Test func aReportNeverFetchedHasHealthButNoValueSeries() {
        let status = ReportStatus(tenant: "t", report: groups.function)
        let series = series([status])
        #expect(series[#"m365_report_up{tenant="t",report="getOffice365GroupsActivityGroupCounts"}"#] == 0)
        #expect(series[#"m365_exporter_build_info{version="9.9.9"}"#] == 1)
        #expect(!series.keys.contains { $0.hasPrefix("o365_") })
        #expect(!series.keys.contains { $0.hasPrefix("m365_report_date_timestamp_seconds") })
        #expect(!series.keys.contains { $0.hasPrefix("m365_report_last_success") })
    }

    @Test func aFailedRefreshKeepsTheLastGoodValuesWithUpZero() {
        var builder = ExpositionBuilder()
        var status = ReportStatus(tenant: "t", report: groups.function)
        status.attempts = 1
        status.up = true
        let values = [Sample(metric: "o365_groups", labels: [Label("tenant", "t")], value: 481)]
        _ = builder.render([status.key: .updated(status, values: values)], throttled: ReportHealthSeries.throttledSamples(of: [status]),
                           catalog: ReportCatalog.seedReports, version: "1", reload: nil)
        status.attempts = 2
        status.up = false
        status.reportDate = ReportDay(year: 2026, month: 11, day: 18)
        status.lastSuccess = 1_795_000_000
        status.graphAnswers = [302: 1, 200: 1, 503: 4]
        let exposition = builder.render([status.key: .updated(status, values: nil)], throttled: ReportHealthSeries.throttledSamples(of: [status]),
                                        catalog: ReportCatalog.seedReports, version: "1", reload: nil)
        let series = parseExposition(Self.text(exposition, .prometheusText))
        #expect(series[#"o365_groups{tenant="t"}"#] == 481)
        #expect(series[#"m365_report_up{tenant="t",report="getOffice365GroupsActivityGroupCounts"}"#] == 0)
        #expect(series[#"m365_report_date_timestamp_seconds{tenant="t",report="getOffice365GroupsActivityGroupCounts"}"#] == 1_794_960_000)
        #expect(series[#"m365_report_last_success_timestamp_seconds{tenant="t",report="getOffice365GroupsActivityGroupCounts"}"#] == 1_795_000_000)
        #expect(series[#"m365_graph_requests_total{tenant="t",report="getOffice365GroupsActivityGroupCounts",code="503"}"#] == 4)
    }

    @Test func theSameStateAlwaysRendersTheSameBytes() {
        var status = ReportStatus(tenant: "t", report: groups.function)
        status.graphAnswers = [302: 1, 200: 1, 503: 4, 429: 2, 401: 1]
        func render() -> String {
            var builder = ExpositionBuilder()
            return Self.text(builder.render([status.key: .updated(status, values: nil)], throttled: ReportHealthSeries.throttledSamples(of: [status]),
                                            catalog: ReportCatalog.seedReports, version: "1", reload: nil), .openMetrics)
        }
        let first = render()
        for _ in 0..<20 { #expect(render() == first) }
    }

    @Test func familiesNoReportChangedKeepTheirBuffers() {
        var model = ExpositionModel(catalog: ReportCatalog.seedReports, seed: 7)
        var builder = ExpositionBuilder()
        for _ in 0..<30 { model.step(adding: true) }
        let first = model.render(with: &builder)
        // Only one groups report changes: the other reports' families are the same storage.
        let key = model.keys.first { $0.report == groups.function }!
        model.update(key, values: true)
        let second = model.render(with: &builder, changes: [key])
        func storage(_ exposition: Exposition, _ name: String) -> UnsafeRawPointer? {
            exposition.families.first { $0.descriptor.name == name }?.series.withUnsafeReadableBytes { UnsafeRawPointer($0.baseAddress) }
        }
        #expect(storage(first, "o365_active_users") == storage(second, "o365_active_users"))
        #expect(storage(first, "o365_groups") != storage(second, "o365_groups"))
    }

    /// After every step of random changes (reports added, refreshed with
    /// and without new values, failing, removed, the catalog shrinking),
    /// the incremental exposition is byte for byte the full render of the
    /// same state, in both formats, and each tenant's probe is the full
    /// render of that tenant's series alone.
    @Test(arguments: [1, 2, 3, 4]) func incrementalRendersEqualTheFullRender(seed: UInt64) {
        var model = ExpositionModel(catalog: Array(ReportCatalog.all.prefix(8)), seed: seed)
        var builder = ExpositionBuilder()
        for step in 0..<120 {
            model.step(adding: step < 40)
            if step == 90 { model.dropReportFromCatalog() }
            let exposition = model.render(with: &builder)
            for format in [ExpositionFormat.prometheusText, .openMetrics] {
                let expected = String(decoding: model.reference(format: format), as: UTF8.self)
                let actual = Self.text(exposition, format)
                #expect(actual == expected, "step \(step), \(format)")
                if actual != expected { return }
            }
            if step % 10 == 0, let tenant = model.keys.randomElement(using: &model.random)?.tenant {
                var probe = ByteBuffer()
                for buffer in exposition.buffers(ofTenant: tenant, format: .openMetrics) { probe.writeImmutableBuffer(buffer) }
                let expected = String(decoding: model.reference(format: .openMetrics, tenant: tenant).dropLast(6), as: UTF8.self)
                #expect(String(buffer: probe) == expected, "probe of \(tenant) at step \(step)")
            }
        }
    }

    @Test func aCatalogEntryCannotFeedTheExportersOwnFamilies() {
        let entry = ReportDefinition(
            function: "getFake", apiVersion: .v1, dayColumn: .reportRefreshDate,
            metrics: [MetricDescriptor(name: "m365_report_up", help: "x")],
            columns: [ColumnMapping(column: "Up", metric: "m365_report_up")])
        #expect(throws: ReportCatalogError.self) { try ReportCatalog(reports: [entry], defaultReports: []) }
    }
}

/// The state an exposition is built from, changed at random, and its full
/// render with ``ExpositionRenderer`` as the reference.
struct ExpositionModel {
    var catalog: [ReportDefinition]
    var statuses: [ReportKey: ReportStatus] = [:]
    var values: [ReportKey: [Sample]] = [:]
    var pending: [ReportKey: ReportChange] = [:]
    var random: SplitMix
    // Names that sort and escape awkwardly: quotes, backslashes, newlines, non-ASCII.
    let tenants = ["contoso", "a\"quoted\"", "back\\slash", "new\nline", "zürich", "Zebra", "contoso-2", "ä"]

    init(catalog: [ReportDefinition], seed: UInt64) {
        self.catalog = catalog
        random = SplitMix(seed: seed)
    }

    var keys: [ReportKey] { statuses.keys.sorted() }

    mutating func step(adding: Bool) {
        let roll = Int.random(in: 0..<10, using: &random)
        if adding || roll < 3 || statuses.isEmpty {
            let key = ReportKey(
                tenant: tenants.randomElement(using: &random)!, report: catalog.randomElement(using: &random)!.function)
            if statuses[key] == nil {
                statuses[key] = ReportStatus(tenant: key.tenant, report: key.report)
                values[key] = []
                pending[key] = .updated(statuses[key]!, values: [])
                return
            }
        }
        let key = keys.randomElement(using: &random)!
        switch roll {
        case 3:
            statuses[key] = nil
            values[key] = nil
            pending[key] = .removed
        case 4, 5:
            update(key, values: false)
        default:
            update(key, values: true)
        }
    }

    mutating func update(_ key: ReportKey, values changed: Bool) {
        var status = statuses[key]!
        status.attempts += 1
        status.up = changed
        status.fetchDuration = Double(Int.random(in: 1...900, using: &random)) / 100
        status.graphAnswers[[200, 302, 429, 503].randomElement(using: &random)!, default: 0] += 1
        if Bool.random(using: &random) { status.retries["throttled", default: 0] += 1 }
        status.throttledSeconds += Double(Int.random(in: 0...3, using: &random))
        if changed {
            status.lastSuccess = 1_795_000_000 + Double(status.attempts)
            status.reportDate = ReportDay(year: 2026, month: 11, day: Int.random(in: 1...20, using: &random))
            let definition = catalog.first { $0.function == key.report }!
            var samples: [Sample] = []
            for column in definition.columns where Bool.random(using: &random) || samples.isEmpty {
                var labels = [Label("tenant", key.tenant)]
                if definition.labelsPeriod { labels.append(Label("period", ["D7", "D30"].randomElement(using: &random)!)) }
                for labelColumn in definition.labelColumns {
                    labels.append(Label(labelColumn.label, ["All", "OneDrive", "x\"y"].randomElement(using: &random)!))
                }
                labels += column.labels
                let sample = Sample(metric: column.metric, labels: labels, value: Double(Int.random(in: 0...99_999, using: &random)))
                if !samples.contains(where: { $0.metric == sample.metric && $0.labels == sample.labels }) { samples.append(sample) }
            }
            values[key] = samples
        }
        statuses[key] = status
        pending[key] = .updated(status, values: changed ? values[key] : nil)
    }

    /// Removes a report from the catalog, and with it its reports, as a reload does.
    mutating func dropReportFromCatalog() {
        let dropped = catalog.removeLast().function
        for key in keys where key.report == dropped {
            statuses[key] = nil
            values[key] = nil
            pending[key] = .removed
        }
    }

    mutating func render(with builder: inout ExpositionBuilder, changes only: [ReportKey]? = nil) -> Exposition {
        let changes = only.map { keys in pending.filter { keys.contains($0.key) } } ?? pending
        pending = [:]
        return builder.render(changes, throttled: ReportHealthSeries.throttledSamples(of: keys.map { statuses[$0]! }), catalog: catalog,
                              version: "1.2.3", reload: ConfigReloadStatus(successful: true, lastSuccess: 1_795_000_000))
    }

    func reference(format: ExpositionFormat, tenant: String? = nil) -> [UInt8] {
        let own = keys.filter { tenant == nil || $0.tenant == tenant }.map { statuses[$0]! }
        var byMetric: [String: [Sample]] = [:]
        for status in own {
            for sample in (values[status.key] ?? []) + ReportHealthSeries.samples(of: status) {
                byMetric[sample.metric, default: []].append(sample)
            }
        }
        var families: [MetricFamily] = []
        for descriptor in catalog.flatMap(\.metrics) + ReportHealthSeries.perReport {
            families.append(MetricFamily(descriptor: descriptor, samples: byMetric[descriptor.name] ?? []))
        }
        families.append(MetricFamily(
            descriptor: HealthMetrics.graphThrottledSeconds, samples: ReportHealthSeries.throttledSamples(of: own)))
        if tenant == nil {
            families.append(MetricFamily(descriptor: HealthMetrics.buildInfo, samples: [
                Sample(metric: HealthMetrics.buildInfo.name, labels: [Label("version", "1.2.3")], value: 1),
            ]))
            families.append(MetricFamily(descriptor: HealthMetrics.configReloadSuccessful, samples: [
                Sample(metric: HealthMetrics.configReloadSuccessful.name, labels: [], value: 1),
            ]))
            families.append(MetricFamily(descriptor: HealthMetrics.configReloadSuccessTimestamp, samples: [
                Sample(metric: HealthMetrics.configReloadSuccessTimestamp.name, labels: [], value: 1_795_000_000),
            ]))
        }
        return ExpositionRenderer.render(families, format: format)
    }
}

/// A seeded generator, so that a failing sequence of changes can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

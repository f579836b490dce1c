import Logging
import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// The exporter in this process against the fake Graph serving the seed
/// reports, with the checks every fault scenario makes: the listener keeps
/// answering, good reports show exactly the values the fake served, a bad
/// report keeps its last good values with `m365_report_up` 0, and no fetch
/// sends more requests than the retry policy promises.
struct FaultHarness {
    static let app = FakeApp(tenantID: "4f6c2a10-0000-4000-8000-00000000fa17", clientID: "fault-app", clientSecret: "Fault~secret-0123")
    static var tenant: String { app.tenantID }
    static let periods: [ReportPeriod] = [.d7, .d30]
    /// Graph requests one fetch may send: the policy's 4 attempts, one more
    /// after a 401 and one more after an expired download URL.
    static let graphRequestsPerFetch = 4 + 2

    let fake: FakeGraph
    let base: String
    let logs: LogCapture

    /// Starts the fake (prepared by `prepare`) and the exporter, waits until
    /// every report has been tried, runs `body`, stops both.
    static func run(
        interval: Duration = .seconds(1),
        requestTimeout: Duration = .seconds(10),
        maxConcurrency: Int = 8,
        cloud: GraphCloud = .global,
        waitUntilReady: Bool = true,
        prepare: (FakeGraph) async throws -> Void = { _ in },
        _ body: (FaultHarness) async throws -> Void
    ) async throws {
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.serveSeedReports()
        try await prepare(fake)
        let logs = LogCapture()
        let configuration = ExporterConfiguration(
            listenAddress: ListenAddress(host: "127.0.0.1", port: 0),
            refreshInterval: interval,
            periods: periods,
            graphURL: fake.graphURL,
            cloud: cloud,
            maxConcurrency: maxConcurrency,
            requestTimeout: requestTimeout,
            tenants: [TenantConfiguration(
                name: app.tenantID,
                credentials: TenantCredentials(
                    tenantID: app.tenantID, clientID: app.clientID,
                    credential: .secret(Secret(app.clientSecret)), authorityHost: fake.authorityURL))],
            mode: .graph)
        let exporter: InProcessExporter
        do {
            exporter = try await InProcessExporter.start(configuration, logger: logs.logger(level: .debug))
        } catch {
            await fake.stop()
            throw error
        }
        let harness = FaultHarness(fake: fake, base: exporter.base, logs: logs)
        do {
            if waitUntilReady {
                let ready = try await eventually { try await httpRequest("\(harness.base)/-/ready").status == 200 }
                #expect(ready, "the exporter never became ready")
            }
            try await body(harness)
        } catch {
            await exporter.stop()
            await fake.stop()
            throw error
        }
        await exporter.stop()
        await fake.stop()
    }

    /// One scrape, read into `metric{labels}` → value; it must answer 200 at once.
    func scrape() async throws -> [String: Double] {
        let started = ContinuousClock.now
        let answer = try await httpRequest("\(base)/metrics", timeout: .seconds(5))
        #expect(answer.status == 200)
        #expect(ContinuousClock.now - started < .seconds(2), "a scrape waited on something")
        return parseExposition(answer.body)
    }

    static func up(_ report: String) -> String {
        "m365_report_up{tenant=\"\(tenant)\",report=\"\(report)\"}"
    }

    static func retries(_ report: String, _ reason: RetryReason) -> String {
        "m365_graph_retries_total{tenant=\"\(tenant)\",report=\"\(report)\",reason=\"\(reason.rawValue)\"}"
    }

    static var throttledSeconds: String { "m365_graph_throttled_seconds_total{tenant=\"\(tenant)\"}" }

    /// The value series the fake's seed answers give one report.
    static func expectedValues(of report: String) -> [String: Double] {
        let names = Set(ReportCatalog.definition(named: report)?.metrics.map(\.name) ?? [])
        return SeedReports.expectedSeries(tenant: tenant, periods: periods).filter { key, _ in
            names.contains(String(key.prefix { $0 != "{" }))
        }
    }

    /// The value series of one report in a scrape.
    static func values(of report: String, in series: [String: Double]) -> [String: Double] {
        let names = Set(ReportCatalog.definition(named: report)?.metrics.map(\.name) ?? [])
        return series.filter { key, _ in names.contains(String(key.prefix { $0 != "{" })) }
    }

    /// Every report but `bad` is up with exactly the served values; `bad`
    /// (if given) is down and still shows the values of its last good refresh.
    static func expectServed(_ series: [String: Double], down bad: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) {
        for report in ReportCatalog.defaultReports.map(\.function) {
            #expect(series[up(report)] == (bad.contains(report) ? 0 : 1), "up of \(report)", sourceLocation: sourceLocation)
            #expect(values(of: report, in: series) == expectedValues(of: report), "values of \(report)", sourceLocation: sourceLocation)
        }
        // No series that the fake's answers do not account for.
        let valueSeries = series.filter { !isExporterSeries($0.key) }
        #expect(valueSeries == SeedReports.expectedSeries(tenant: tenant, periods: periods), sourceLocation: sourceLocation)
    }

    /// No fetch of `report` (its requests share a `client-request-id`) sent
    /// more Graph requests than the policy allows; returns how many fetches there were.
    @discardableResult
    func expectBoundedFetches(
        of report: String, graphRequests bound: Int = FaultHarness.graphRequestsPerFetch,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> Int {
        let graph = await fake.requests.filter { $0.host == .graph && $0.path.contains("/\(report)(") }
        #expect(graph.allSatisfy { $0.clientRequestID != nil }, sourceLocation: sourceLocation)
        let fetches = Dictionary(grouping: graph) { $0.clientRequestID ?? "" }
        for (id, requests) in fetches {
            #expect(requests.count <= bound, "fetch \(id) sent \(requests.count) Graph requests", sourceLocation: sourceLocation)
        }
        return fetches.count
    }

    /// Graph requests for one report, in arrival order.
    func graphRequests(for report: String) async -> [FakeRequest] {
        await fake.requests.filter { $0.host == .graph && $0.path.contains("/\(report)(") }
    }
}

import M365Reports
import M365TestSupport
import Testing

/// The real exporter process behind a real proxy (Debian's squid), as in a
/// locked-down network: the fake's login, Graph and download hosts have names
/// that only the proxy resolves, so a request that skipped the proxy would fail.
@Suite(.serialized) struct ProxyEndToEndTests {
    static let app = FakeApp(tenantID: "5d1f0c2e-0000-4000-8000-0000000070a1", clientID: "proxy-app", clientSecret: "Px~app-secret-0042")
    static let names = FakeHostNames(login: "login.m365.test", graph: "graph.m365.test", download: "download.m365.test")
    static let proxyUser = "proxyuser"
    static let proxyPassword = "pr0xy-S3cret"
    static let periods: [ReportPeriod] = [.d7, .d30]

    private func startFake() async throws -> FakeGraph {
        let fake = try await FakeGraph.start(hostNames: Self.names)
        await fake.register(Self.app)
        await fake.serveSeedReports()
        return fake
    }

    private func environment(_ fake: FakeGraph, proxy: String?, noProxy: String? = nil) -> [String: String] {
        var environment = [
            "AZURE_TENANT_ID": Self.app.tenantID, "AZURE_CLIENT_ID": Self.app.clientID,
            "AZURE_CLIENT_SECRET": Self.app.clientSecret, "AZURE_AUTHORITY_HOST": fake.authorityURL,
        ]
        // The fake speaks plain HTTP, so http_proxy is the variable that applies (lower case, as curl users write it).
        if let proxy { environment["http_proxy"] = proxy }
        if let noProxy { environment["NO_PROXY"] = noProxy }
        return environment
    }

    /// With `failFast`, a request ends after 3 s: AsyncHTTPClient keeps
    /// trying to connect (to a proxy that is down, a host that does not
    /// resolve) until the request's deadline, and the token provider tries 4
    /// times before the first refresh fails.
    private func arguments(_ fake: FakeGraph, failFast: Bool = false) -> [String] {
        ["--graph.url", fake.graphURL, "--refresh.interval", "1h", "--reports.periods", "D7,D30", "--log.level", "debug"]
            + (failFast ? ["--graph.timeout", "3s"] : [])
    }

    @Test func everyRequestGoesThroughTheProxyAndEveryReportIsExact() async throws {
        let fake = try await startFake()
        let squid = try await SquidProxy.start(
            hosts: [Self.names.login, Self.names.graph, Self.names.download],
            credentials: (Self.proxyUser, Self.proxyPassword))
        let proxyURL = "http://\(Self.proxyUser):\(Self.proxyPassword)@127.0.0.1:\(squid.port)"
        let exporter = try await ExporterProcess.start(arguments(fake), environment: environment(fake, proxy: proxyURL))
        #expect(try await eventually(timeout: .seconds(60)) { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let scrape = try await httpRequest("\(exporter.baseURL)/metrics")
        let series = parseExposition(scrape.body)
        let tenant = Self.app.tenantID
        #expect(series.filter { !isExporterSeries($0.key) } == SeedReports.expectedSeries(tenant: tenant, periods: Self.periods))
        for report in ReportCatalog.defaultReports.map(\.function) {
            #expect(series["m365_report_up{tenant=\"\(tenant)\",report=\"\(report)\"}"] == 1, "\(report)")
        }
        #expect(series["m365_token_requests_total{tenant=\"\(tenant)\",result=\"success\"}"] == 1)

        let received = await fake.requests
        #expect(!received.isEmpty)
        // The token never reached the download host; Graph got it.
        #expect(received.filter { $0.host == .download }.allSatisfy { $0.authorization == nil })
        #expect(received.filter { $0.host == .graph }.allSatisfy { $0.authorization?.hasPrefix("Bearer ") == true })
        await exporter.stop()

        // AsyncHTTPClient tunnels every proxied request with CONNECT (http
        // targets too); squid logs a tunnel when it closes. The fake's names
        // resolve only through squid, so every request the fake answered came
        // through one of these tunnels, opened with the proxy's credentials.
        _ = try await eventually(timeout: .seconds(10)) { squid.entries.contains { $0.method == "CONNECT" } }
        try await Task.sleep(for: .milliseconds(500))
        let tunnels = squid.entries.filter { $0.method != "-" }
        #expect(tunnels.allSatisfy { $0.method == "CONNECT" && $0.user == Self.proxyUser && $0.status == 200 }, "\(tunnels)")
        for host in [Self.names.login, Self.names.graph, Self.names.download] {
            #expect(tunnels.contains { $0.url.hasPrefix("\(host):") }, "no tunnel to \(host): \(tunnels)")
        }
        #expect(tunnels.allSatisfy { $0.authorization == nil }, "\(tunnels)")
        // The proxy's credentials appear nowhere the exporter writes or serves.
        for text in [exporter.output, scrape.body] {
            #expect(!text.contains(Self.proxyPassword))
            #expect(!text.contains(Self.proxyUser))
        }
        #expect(exporter.output.contains("127.0.0.1:\(squid.port)"), "the start line names the proxy")
        squid.stop()
        await fake.stop()
    }

    @Test func noProxyCoveringTheGraphHostGoesDirect() async throws {
        // NO_PROXY names the Graph host (in the domain-suffix form): token
        // requests still go through the proxy, Graph requests go direct, and
        // since only the proxy resolves the fake's names, they fail there,
        // without a word about the proxy.
        let fake = try await startFake()
        let squid = try await SquidProxy.start(
            hosts: [Self.names.login, Self.names.graph, Self.names.download],
            credentials: (Self.proxyUser, Self.proxyPassword))
        let proxyURL = "http://\(Self.proxyUser):\(Self.proxyPassword)@127.0.0.1:\(squid.port)"
        let exporter = try await ExporterProcess.start(
            arguments(fake, failFast: true) + ["--reports", "getOffice365GroupsActivityGroupCounts"],
            environment: environment(fake, proxy: proxyURL, noProxy: "example.org, Graph.M365.test"))
        #expect(try await eventually(timeout: .seconds(60)) { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let series = parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)
        #expect(series["m365_report_up{tenant=\"\(Self.app.tenantID)\",report=\"getOffice365GroupsActivityGroupCounts\"}"] == 0)
        #expect(series["m365_token_requests_total{tenant=\"\(Self.app.tenantID)\",result=\"success\"}"] == 1)
        #expect(await fake.requestCount(.graph) == 0)
        await exporter.stop()
        // Squid logs a tunnel when it closes: at the latest when the exporter ends.
        _ = try await eventually(timeout: .seconds(10)) { squid.entries.contains { $0.method == "CONNECT" } }
        try await Task.sleep(for: .milliseconds(500))
        let tunnels = squid.entries.filter { $0.method != "-" }
        #expect(!tunnels.isEmpty && tunnels.allSatisfy { $0.url.hasPrefix("\(Self.names.login):") }, "\(tunnels)")
        let failures = exporter.output.split(separator: "\n").filter { $0.contains("report refresh failed") }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { !$0.contains("proxy") }, "\(failures)")
        squid.stop()
        await fake.stop()
    }

    /// A proxy that refuses every request, and one that is not there: the
    /// reports are down, a warning names the proxy (host and port only), and
    /// the exporter keeps answering.
    @Test(arguments: [false, true])
    func aRefusingOrMissingProxyTakesTheReportsDownAndIsNamed(proxyIsDown: Bool) async throws {
        let fake = try await startFake()
        let squid = proxyIsDown ? nil : try await SquidProxy.start(
            hosts: [Self.names.login, Self.names.graph, Self.names.download],
            credentials: (Self.proxyUser, Self.proxyPassword), refuseAll: true)
        let port = try squid?.port ?? SquidProxy.freeLoopbackPort()
        let proxyURL = "http://\(Self.proxyUser):\(Self.proxyPassword)@127.0.0.1:\(port)"
        let exporter = try await ExporterProcess.start(arguments(fake, failFast: true), environment: environment(fake, proxy: proxyURL))
        let tenant = Self.app.tenantID
        // Ready: every report has been tried (and failed).
        #expect(try await eventually(timeout: .seconds(60)) { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        #expect(try await eventually(timeout: .seconds(10)) {
            let series = parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)
            return ReportCatalog.defaultReports.allSatisfy {
                series["m365_report_up{tenant=\"\(tenant)\",report=\"\($0.function)\"}"] == 0
            }
        })
        let scrape = try await httpRequest("\(exporter.baseURL)/metrics")
        #expect(scrape.status == 200)
        #expect(try await httpRequest("\(exporter.baseURL)/-/healthy").status == 200)
        #expect(await fake.requestCount(.login) == 0, "nothing reached the fake")
        let warnings = exporter.output.split(separator: "\n").filter {
            ($0.contains("level=warn") || $0.contains("level=error")) && $0.contains("proxy 127.0.0.1:\(port)")
        }
        #expect(!warnings.isEmpty, "\(exporter.output)")
        let stopped = await exporter.stop()
        #expect(stopped.status == 0)
        for text in [exporter.output, scrape.body] {
            #expect(!text.contains(Self.proxyPassword))
            #expect(!text.contains("\(Self.proxyUser):"))
        }
        squid?.stop()
        await fake.stop()
    }
}

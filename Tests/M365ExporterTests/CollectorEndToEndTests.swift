import Crypto
import Foundation
import M365Exporter
import M365Reports
import M365TestSupport
import Synchronization
import Testing

/// The collectors against the fake Graph over real sockets: exact values of
/// paged answers, a 403 that stops only its own collector, collectors per
/// tenant from the configuration file, and reload adding and removing them.
@Suite struct CollectorEndToEndTests {
    /// Tenant `tid-1` answers every collector; `tid-2` lacks the permission
    /// for licences (403) and answers service health.
    static func startFake() async throws -> FakeGraph {
        let fake = try await MultiTenantEndToEndTests.startFake(tenants: 2)
        let graphURL = fake.graphURL
        await fake.setResources { tenant, path in
            switch path {
            case "/v1.0/subscribedSkus":
                return tenant == "tid-1"
                    ? FakeResource(body: CollectorFixtures.subscribedSkusPage1(graphURL: graphURL)) : .forbidden
            case CollectorFixtures.subscribedSkusPage2Path:
                return tenant == "tid-1" ? FakeResource(body: CollectorFixtures.subscribedSkusPage2) : .forbidden
            case "/v1.0/admin/serviceAnnouncement/healthOverviews":
                return FakeResource(body: CollectorFixtures.healthOverviews)
            case "/v1.0/admin/serviceAnnouncement/issues":
                return FakeResource(body: CollectorFixtures.issuesPage1(graphURL: graphURL))
            case CollectorFixtures.issuesPage2Path:
                return FakeResource(body: CollectorFixtures.issuesPage2)
            case "/v1.0/applications(appId='app-1')?$select=passwordCredentials,keyCredentials":
                return FakeResource(body: CollectorFixtures.application)
            default:
                return nil
            }
        }
        return fake
    }

    static let groupsOnly = "    reports: [getOffice365GroupsActivityGroupCounts]"

    @Test func collectorsServeExactValuesAndA403StopsOnlyItsOwn() async throws {
        let fake = try await Self.startFake()
        let yaml = "collectors: [licenses, service-health]\ntenants:\n"
            + MultiTenantEndToEndTests.entry("contoso", 1, secretDirectory: "$SECRETS",
                                             extra: Self.groupsOnly + "\n    collectors: [licenses, service-health, credentials]")
            + MultiTenantEndToEndTests.entry("fabrikam", 2, secretDirectory: "$SECRETS", extra: Self.groupsOnly)
        try await MultiTenantEndToEndTests.withExporter(fake: fake, tenants: 2, yaml: yaml) { running in
            let series = try await MultiTenantEndToEndTests.scrape(running.base)
            func only(_ prefixes: [String], tenant: String) -> [String: Double] {
                series.filter { entry in prefixes.contains { entry.key.hasPrefix($0 + "{") } && entry.key.contains("tenant=\"\(tenant)\"") }
            }
            let licenseFamilies = ["m365_license_prepaid_units", "m365_license_consumed_units", "m365_license_capability_status"]
            let healthFamilies = ["m365_service_health_status", "m365_service_issues_open", "m365_service_issue_oldest_open_start_timestamp_seconds"]
            #expect(only(licenseFamilies, tenant: "contoso") == CollectorFixtures.licenseSeries(tenant: "contoso"))
            #expect(only(healthFamilies, tenant: "contoso") == CollectorFixtures.serviceHealthSeries(tenant: "contoso"))
            // The secret in use is "secret-1": the app's secret with hint "sec".
            #expect(only(["m365_credential_expiry_timestamp_seconds"], tenant: "contoso") == [
                "m365_credential_expiry_timestamp_seconds{tenant=\"contoso\",kind=\"app_secret\"}": 1_800_007_200,
                "m365_credential_expiry_timestamp_seconds{tenant=\"contoso\",kind=\"app_certificate\"}": 1_803_904_200,
            ])
            for collector in ["licenses", "service-health", "credentials"] {
                #expect(series["m365_collector_up{tenant=\"contoso\",collector=\"\(collector)\"}"] == 1)
                #expect(series["m365_collector_last_success_timestamp_seconds{tenant=\"contoso\",collector=\"\(collector)\"}"] != nil)
            }
            #expect(series["m365_graph_requests_total{tenant=\"contoso\",collector=\"licenses\",code=\"200\"}"] == 2)
            #expect(series["m365_graph_requests_total{tenant=\"contoso\",collector=\"service-health\",code=\"200\"}"] == 3)

            // fabrikam: licences refused, not retried, and nothing else touched.
            #expect(series["m365_collector_up{tenant=\"fabrikam\",collector=\"licenses\"}"] == 0)
            #expect(series["m365_graph_requests_total{tenant=\"fabrikam\",collector=\"licenses\",code=\"403\"}"] == 1)
            #expect(only(licenseFamilies, tenant: "fabrikam").isEmpty)
            #expect(series["m365_collector_up{tenant=\"fabrikam\",collector=\"service-health\"}"] == 1)
            #expect(only(healthFamilies, tenant: "fabrikam") == CollectorFixtures.serviceHealthSeries(tenant: "fabrikam"))
            #expect(series["m365_collector_up{tenant=\"fabrikam\",collector=\"credentials\"}"] == nil)
            #expect(series[MultiTenantEndToEndTests.groups("contoso")] == 100)
            #expect(series[MultiTenantEndToEndTests.groups("fabrikam")] == 200)
            #expect(series[MultiTenantEndToEndTests.up("fabrikam")] == 1)

            // The token went to Graph's host only: every next link was on it.
            let paged = await fake.requests.filter { $0.path.contains("subscribedSkus") || $0.path.contains("issues") }
            #expect(paged.allSatisfy { $0.authorization?.hasPrefix("Bearer ") == true })
            // Issues are asked for in pages of up to 1,000 (the most Graph gives); licences in Graph's own.
            #expect(paged.filter { $0.path.contains("issues") }.allSatisfy { $0.prefer == "odata.maxpagesize=1000" })
            #expect(paged.filter { $0.path.contains("subscribedSkus") }.allSatisfy { $0.prefer == nil })
            // contoso's two pages of licences, fabrikam's refused first page, two pages of issues each.
            let expectedPaged = 7
            #expect(paged.count == expectedPaged)

            // The landing page and /probe see the collectors like the reports.
            let probed = parseExposition(try await httpRequest("\(running.base)/probe?tenant=fabrikam").body)
            #expect(probed == series.filter { $0.key.contains("{tenant=\"fabrikam\"") })
        }
        await fake.stop()
    }

    @Test func reloadAddsAndRemovesCollectorsPerTenant() async throws {
        let fake = try await Self.startFake()
        let before = "tenants:\n"
            + MultiTenantEndToEndTests.entry("contoso", 1, secretDirectory: "$SECRETS", extra: Self.groupsOnly + "\n    collectors: [licenses]")
            + MultiTenantEndToEndTests.entry("fabrikam", 2, secretDirectory: "$SECRETS", extra: Self.groupsOnly)
        try await MultiTenantEndToEndTests.withExporter(fake: fake, tenants: 2, yaml: before) { running in
            let first = try await MultiTenantEndToEndTests.scrape(running.base)
            #expect(first["m365_collector_up{tenant=\"contoso\",collector=\"licenses\"}"] == 1)
            #expect(!first.keys.contains { $0.contains("service") && $0.hasPrefix("m365_service") })
            #expect(!first.keys.contains { $0.contains("tenant=\"fabrikam\"") && $0.hasPrefix("m365_collector") })

            let after = "tenants:\n"
                + MultiTenantEndToEndTests.entry("contoso", 1, secretDirectory: running.files.directory,
                                                 extra: Self.groupsOnly + "\n    collectors: [service-health]")
                + MultiTenantEndToEndTests.entry("fabrikam", 2, secretDirectory: running.files.directory,
                                                 extra: Self.groupsOnly + "\n    collectors: [service-health]")
            try running.files.write("m365.yml", after)
            #expect(try await httpRequest("\(running.base)/-/reload", method: "POST").status == 200)
            #expect(try await eventually(timeout: .seconds(10)) {
                let series = try await MultiTenantEndToEndTests.scrape(running.base)
                return series["m365_collector_up{tenant=\"contoso\",collector=\"service-health\"}"] == 1
                    && series["m365_collector_up{tenant=\"fabrikam\",collector=\"service-health\"}"] == 1
            })
            let series = try await MultiTenantEndToEndTests.scrape(running.base)
            // Licences removed: not one of their series left, nor their health.
            #expect(!series.keys.contains { $0.hasPrefix("m365_license_") })
            #expect(!series.keys.contains { $0.contains("collector=\"licenses\"") })
            #expect(series.filter { $0.key.hasPrefix("m365_service_") && $0.key.contains("tenant=\"fabrikam\"") }
                == CollectorFixtures.serviceHealthSeries(tenant: "fabrikam"))
            // The reports were kept, not fetched again.
            #expect(series[MultiTenantEndToEndTests.groups("contoso")] == 100)
            let reportRequests = await fake.requests.filter { $0.host == .graph && $0.path.contains("/reports/") }
            #expect(reportRequests.count == 2)
        }
        await fake.stop()
    }

    @Test func theCertificateInUseIsFoundByItsThumbprintAndTheFilesExpiryCostsNoRequest() async throws {
        let created = Date().timeIntervalSince1970
        let certificate = try TestCertificate.appCredential()
        let app = FakeApp(tenantID: "cert-tenant", clientID: "cert-app", clientSecret: "not-given", certificates: [certificate.der])
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.serveSeedReports()
        // Graph's customKeyIdentifier of a certificate: its SHA-1 thumbprint, base64.
        let thumbprint = Data(Insecure.SHA1.hash(data: certificate.der)).base64EncodedString()
        await fake.setResources { _, path in
            guard path == "/v1.0/applications(appId='cert-app')?$select=passwordCredentials,keyCredentials" else { return nil }
            return FakeResource(body: """
                {"passwordCredentials": [], "keyCredentials": [
                  {"customKeyIdentifier": "\(thumbprint)", "endDateTime": "2027-03-01T12:30:00Z", "keyId": "a", "type": "AsymmetricX509Cert", "usage": "Verify"},
                  {"customKeyIdentifier": "b3RoZXItY2VydGlmaWNhdGU=", "endDateTime": "2028-06-30T00:00:00Z", "keyId": "b", "type": "AsymmetricX509Cert", "usage": "Verify"}
                ]}
                """)
        }
        let directory = try TestDirectory()
        let pem = try directory.write("app.pem", certificate.certificatePEM + certificate.pkcs1KeyPEM)
        let exporter = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL, "--reports", "getOffice365GroupsActivityGroupCounts", "--collector.credentials"],
            environment: [
                "AZURE_TENANT_ID": app.tenantID, "AZURE_CLIENT_ID": app.clientID,
                "AZURE_CLIENT_CERTIFICATE_PATH": pem, "AZURE_AUTHORITY_HOST": fake.authorityURL,
            ])
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 }, "\(exporter.output)")
        let series = parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)
        func expiry(_ kind: String) -> Double? {
            series["m365_credential_expiry_timestamp_seconds{tenant=\"cert-tenant\",kind=\"\(kind)\"}"]
        }
        // The app's certificate that is the exporter's, not the one that expires later.
        #expect(expiry("app_certificate") == 1_803_904_200)  // 2027-03-01T12:30:00Z
        #expect(expiry("app_secret") == nil)
        // The file's certificate: valid for 365 days from its creation (whole seconds in the certificate).
        let file = try #require(expiry("certificate_file"), "\(series.keys.filter { $0.contains("expiry") })")
        #expect(abs(file - (created + 365 * 86_400)) < 5)
        #expect(series["m365_collector_up{tenant=\"cert-tenant\",collector=\"credentials\"}"] == 1)
        // Read from the file itself: no health series, and one Graph request for the application only.
        #expect(!series.keys.contains { $0.contains("certificate-file") })
        #expect(await fake.requests.filter { $0.path.hasPrefix("/v1.0/applications") }.count == 1)
        await exporter.stop()
        await fake.stop()
    }

    @Test func aNextLinkToAnotherHostIsNotFollowedWithTheToken() async throws {
        let fake = try await MultiTenantEndToEndTests.startFake(tenants: 1)
        // The download host is another origin: a next link there must not get the bearer token.
        let elsewhere = fake.downloadURL
        await fake.setResources { _, path in
            path == "/v1.0/subscribedSkus" ? FakeResource(body: CollectorFixtures.subscribedSkusPage1(graphURL: elsewhere)) : nil
        }
        let yaml = "collectors: [licenses]\ntenants:\n"
            + MultiTenantEndToEndTests.entry("contoso", 1, secretDirectory: "$SECRETS", extra: Self.groupsOnly)
        try await MultiTenantEndToEndTests.withExporter(fake: fake, tenants: 1, yaml: yaml) { running in
            let series = try await MultiTenantEndToEndTests.scrape(running.base)
            #expect(series["m365_collector_up{tenant=\"contoso\",collector=\"licenses\"}"] == 0)
            #expect(!series.keys.contains { $0.hasPrefix("m365_license_") })
            #expect(series[MultiTenantEndToEndTests.groups("contoso")] == 100)
            let downloads = await fake.requests.filter { $0.host == .download }
            #expect(downloads.allSatisfy { $0.authorization == nil && !$0.path.contains("subscribedSkus") })
            let page = try await httpRequest("\(running.base)/").body
            #expect(page.contains("subscribedSkus: @odata.nextLink leads away from \(fake.graphURL)"), "\(page)")
        }
        await fake.stop()
    }

    @Test func eachCollectorKeepsItsOwnIntervalAndRetriesLikeTheReports() async throws {
        let fake = try await MultiTenantEndToEndTests.startFake(tenants: 1)
        let graphURL = fake.graphURL
        // The first overview request is throttled (Retry-After 1s), the first issues request fails with 503.
        let firstAnswers = Mutex<Set<String>>([])
        await fake.setResources { _, path in
            let first = firstAnswers.withLock { $0.insert(path).inserted }
            switch path {
            case "/v1.0/admin/serviceAnnouncement/healthOverviews":
                return first ? FakeResource(status: 429, body: #"{"error":{"code":"TooManyRequests","message":"Too many requests."}}"#, retryAfter: 1)
                    : FakeResource(body: CollectorFixtures.healthOverviews)
            case "/v1.0/admin/serviceAnnouncement/issues":
                return first ? FakeResource(status: 503, body: #"{"error":{"code":"ServiceUnavailable","message":"Try later."}}"#)
                    : FakeResource(body: CollectorFixtures.issuesPage1(graphURL: graphURL))
            case CollectorFixtures.issuesPage2Path:
                return FakeResource(body: CollectorFixtures.issuesPage2)
            default:
                return nil
            }
        }
        let files = try TemporaryFiles()
        try files.write("secret-1", "secret-1\n")
        let path = try files.write("m365.yml", "collectors: [service-health]\ntenants:\n"
            + MultiTenantEndToEndTests.entry("contoso", 1, secretDirectory: files.directory, extra: Self.groupsOnly))
        var flags = ConfigurationLoader.Flags()
        flags.listenAddress = ListenAddress(host: "127.0.0.1", port: 0)
        flags.graphURL = fake.graphURL
        flags.requestTimeout = .seconds(10)
        flags.collectorIntervals = [.serviceHealth: .seconds(2)]
        let loader = ConfigurationLoader(
            flags: flags, configFile: path, environmentAuthorityHost: fake.authorityURL,
            environmentTenant: { _ in throw CancellationError() })
        let exporter = try await InProcessExporter.start(try loader.load(), logger: InProcessExporter.quietLogger("collector-interval"))
        defer { exporter.task.cancel() }
        // Three refreshes of service health (2 s apart) while the report (1 h) is fetched once.
        #expect(try await eventually(timeout: .seconds(30), every: .milliseconds(200)) {
            await fake.requests.filter { $0.path == "/v1.0/admin/serviceAnnouncement/healthOverviews" }.count >= 4
        })
        let series = try await MultiTenantEndToEndTests.scrape(exporter.base)
        #expect(await fake.requests.filter { $0.host == .graph && $0.path.contains("/reports/") }.count == 1)
        #expect(series["m365_collector_up{tenant=\"contoso\",collector=\"service-health\"}"] == 1)
        #expect(series["m365_graph_retries_total{tenant=\"contoso\",collector=\"service-health\",reason=\"throttled\"}"] == 1)
        #expect(series["m365_graph_retries_total{tenant=\"contoso\",collector=\"service-health\",reason=\"server_error\"}"] == 1)
        #expect(series["m365_graph_requests_total{tenant=\"contoso\",collector=\"service-health\",code=\"429\"}"] == 1)
        #expect((series["m365_graph_throttled_seconds_total{tenant=\"contoso\"}"] ?? 0) >= 0.9)
        #expect(series.filter { $0.key.hasPrefix("m365_service_") } == CollectorFixtures.serviceHealthSeries(tenant: "contoso"))
        await exporter.stop()
        await fake.stop()
    }

    @Test func aNextLinkThatLoopsEndsTheRefreshInsteadOfHoldingIt() async throws {
        let fake = try await MultiTenantEndToEndTests.startFake(tenants: 1)
        let graphURL = fake.graphURL
        // Page 2 links back to page 1.
        await fake.setResources { _, path in
            switch path {
            case "/v1.0/subscribedSkus": FakeResource(body: CollectorFixtures.subscribedSkusPage1(graphURL: graphURL))
            case CollectorFixtures.subscribedSkusPage2Path:
                FakeResource(body: #"{"@odata.nextLink": "\#(graphURL)/v1.0/subscribedSkus", "value": []}"#)
            default: nil
            }
        }
        let yaml = "collectors: [licenses]\ntenants:\n"
            + MultiTenantEndToEndTests.entry("contoso", 1, secretDirectory: "$SECRETS", extra: Self.groupsOnly)
        try await MultiTenantEndToEndTests.withExporter(fake: fake, tenants: 1, yaml: yaml) { running in
            let series = try await MultiTenantEndToEndTests.scrape(running.base)
            #expect(series["m365_collector_up{tenant=\"contoso\",collector=\"licenses\"}"] == 0)
            // Each page asked for once: the loop is seen at the link back.
            #expect(await fake.requests.filter { $0.path.contains("subscribedSkus") }.count == 2)
            let page = try await httpRequest("\(running.base)/").body
            #expect(page.contains("a next link that loops"), "\(page)")
        }
        await fake.stop()
    }
}

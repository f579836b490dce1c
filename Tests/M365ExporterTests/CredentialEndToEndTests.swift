import Crypto
import Foundation
import M365Reports
import M365TestSupport
import Testing

/// The real binary with each kind of credential from the environment,
/// against the fake Entra ID and Graph.
@Suite struct CredentialEndToEndTests {
    static let tenantID = "44444444-5555-6666-7777-888888888888"

    private static func reportUp(_ base: String) async throws -> Double? {
        let series = parseExposition(try await httpRequest("\(base)/metrics").body)
        return series[#"m365_report_up{tenant="\#(tenantID)",report="getOffice365GroupsActivityGroupCounts"}"#]
    }

    @Test func aCertificateCredentialFetchesReportsAndARefusedAssertionTakesThemDown() async throws {
        let certificate = try TestCertificate.appCredential()
        let app = FakeApp(tenantID: Self.tenantID, clientID: "cert-app", clientSecret: "not-given", certificates: [certificate.der])
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.serveSeedReports()
        let directory = try TestDirectory()
        let pem = try directory.write("app.pem", certificate.certificatePEM + certificate.pkcs1KeyPEM)
        let exporter = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL, "--refresh.interval", "2s"],
            environment: [
                "AZURE_TENANT_ID": app.tenantID, "AZURE_CLIENT_ID": app.clientID,
                "AZURE_CLIENT_CERTIFICATE_PATH": pem, "AZURE_AUTHORITY_HOST": fake.authorityURL,
            ])
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let series = parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)
        #expect(series.filter { !isExporterSeries($0.key) } == SeedReports.expectedSeries(tenant: app.tenantID, periods: [.d7]))
        #expect(try await Self.reportUp(exporter.baseURL) == 1)
        #expect(exporter.output.contains("credential=client_certificate"))
        let logins = await fake.requests.filter { $0.host == .login }
        #expect(!logins.isEmpty && logins.allSatisfy { $0.form["client_secret"] == nil && $0.form["client_assertion"] != nil })

        // The login host's clock runs an hour ahead: every assertion looks expired.
        await fake.setClockOffset(seconds: 3600)
        await fake.revokeTokens()
        #expect(try await eventually { try await Self.reportUp(exporter.baseURL) == 0 })
        let failure = try #require(exporter.output.split(separator: "\n").first { $0.contains("AADSTS700024") })
        #expect(failure.contains("level=warn") || failure.contains("level=error"), "\(failure)")
        #expect(failure.contains("Client assertion is not within its valid time range"), "\(failure)")
        #expect(!failure.contains("Trace ID"))
        await exporter.stop()
        await fake.stop()
    }

    @Test func workloadIdentityReadsTheRotatedTokenFile() async throws {
        let federation = try FakeFederation()
        let app = FakeApp(tenantID: Self.tenantID, clientID: "wi-app", clientSecret: "not-given", federation: federation)
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.serveSeedReports()
        await fake.setTokenLifetime(seconds: 2)
        let directory = try TestDirectory()
        let first = try federation.makeToken()
        let file = try directory.write("azure-identity-token", first)
        let exporter = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL, "--refresh.interval", "1s"],
            environment: [
                "AZURE_TENANT_ID": app.tenantID, "AZURE_CLIENT_ID": app.clientID,
                "AZURE_FEDERATED_TOKEN_FILE": file,
                // As AKS sets it: with a trailing slash.
                "AZURE_AUTHORITY_HOST": fake.authorityURL + "/",
            ])
        #expect(try await eventually { try await Self.reportUp(exporter.baseURL) == 1 })
        #expect(exporter.output.contains("credential=workload_identity"))

        let second = try federation.makeToken()
        try directory.write("azure-identity-token", second + "\n")
        #expect(try await eventually {
            await fake.requests.contains { $0.host == .login && $0.form["client_assertion"] == second }
        })
        let assertions = await fake.requests.filter { $0.host == .login }.compactMap { $0.form["client_assertion"] }
        #expect(assertions.first == first)
        #expect(Set(assertions) == [first, second])
        #expect(try await Self.reportUp(exporter.baseURL) == 1)
        await exporter.stop()
        await fake.stop()
    }

    @Test func aConfigFileTenantWithWorkloadIdentityReadsItsRotatedTokenFile() async throws {
        let federation = try FakeFederation()
        let app = FakeApp(tenantID: Self.tenantID, clientID: "wi-app", clientSecret: "not-given", federation: federation)
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.serveSeedReports()
        await fake.setTokenLifetime(seconds: 2)
        let directory = try TestDirectory()
        let first = try federation.makeToken()
        let file = try directory.write("azure-identity-token", first)
        let config = try directory.write("m365.yml", """
            refresh_interval: 1s
            graph: {url: \(fake.graphURL)}
            azure: {authority_host: \(fake.authorityURL)}
            tenants:
              - {name: northwind, tenant_id: \(app.tenantID), client_id: \(app.clientID), federated_token_file: \(file)}
            """)
        let exporter = try await ExporterProcess.start(["--config.file", config])
        let up = #"m365_report_up{tenant="northwind",report="getOffice365GroupsActivityGroupCounts"}"#
        #expect(try await eventually { parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)[up] == 1 })
        let second = try federation.makeToken()
        try directory.write("azure-identity-token", second)
        #expect(try await eventually {
            await fake.requests.contains { $0.host == .login && $0.form["client_assertion"] == second }
        })
        #expect(await fake.requests.first { $0.host == .login }?.form["client_assertion"] == first)
        await exporter.stop()
        await fake.stop()
    }

    @Test func aRenewedCertificateIsUsedAfterAReload() async throws {
        let old = try TestCertificate.appCredential(name: "m365-exporter 2025")
        let new = try TestCertificate.appCredential(name: "m365-exporter 2026")
        // Both certificates are on the app during the rollover.
        let app = FakeApp(tenantID: Self.tenantID, clientID: "cert-app", clientSecret: "not-given", certificates: [old.der, new.der])
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.serveSeedReports()
        await fake.setTokenLifetime(seconds: 2)
        let directory = try TestDirectory()
        let pem = try directory.write("contoso.pem", old.keyPEM + old.certificatePEM)
        let config = try directory.write("m365.yml", """
            refresh_interval: 1s
            graph: {url: \(fake.graphURL)}
            azure: {authority_host: \(fake.authorityURL)}
            tenants:
              - {name: contoso, tenant_id: \(app.tenantID), client_id: \(app.clientID), client_certificate_file: \(pem)}
            """)
        let exporter = try await ExporterProcess.start(["--config.file", config])
        #expect(try await eventually { await !fake.requests.filter { $0.host == .login }.isEmpty })

        func thumbprints() async -> Set<String> {
            Set(await fake.requests.filter { $0.host == .login }.compactMap { request in
                request.form["client_assertion"].flatMap { assertion -> String? in
                    var header = String(assertion.prefix { $0 != "." })
                    header = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                    while header.count % 4 != 0 { header += "=" }
                    let json = Data(base64Encoded: header).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
                    return json?["x5t"] as? String
                }
            })
        }
        func x5t(_ certificate: TestCertificate) -> String {
            Data(Insecure.SHA1.hash(data: certificate.der)).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        #expect(await thumbprints() == [x5t(old)])

        try directory.write("contoso.pem", new.certificatePEM + new.keyPEM)
        await exporter.signal(SIGHUP)
        #expect(try await eventually { await thumbprints().contains(x5t(new)) })
        // Refreshes that were running at the reload end with the old key;
        // a few intervals later, every report uses the new one and the old
        // certificate can go.
        try await Task.sleep(for: .seconds(4))
        await fake.register(FakeApp(tenantID: Self.tenantID, clientID: "cert-app", clientSecret: "not-given", certificates: [new.der]))
        await fake.revokeTokens()
        let removedAt = exporter.output.count
        let loginsBefore = await fake.requests.filter { $0.host == .login }.count
        let up = #"m365_report_up{tenant="contoso",report="getOffice365GroupsActivityGroupCounts"}"#
        #expect(try await eventually { await fake.requests.filter { $0.host == .login }.count > loginsBefore })
        try await Task.sleep(for: .seconds(2))
        #expect(parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)[up] == 1)
        let after = String(exporter.output.dropFirst(removedAt))
        #expect(!after.contains("AADSTS"), "\(after)")
        await exporter.stop()
        await fake.stop()
    }

    @Test func aMissingTokenFileOrCertificateStopsTheStartWithItsName() async throws {
        let ids = ["AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": "c"]
        let token = try await ExporterProcess.runToExit([], environment: ids.merging(["AZURE_FEDERATED_TOKEN_FILE": "/nonexistent/token"]) { $1 })
        #expect(token.status == 2)
        #expect(token.output.contains("AZURE_FEDERATED_TOKEN_FILE: /nonexistent/token: cannot read the federated token file"), "\(token.output)")
        let certificate = try await ExporterProcess.runToExit([], environment: ids.merging(["AZURE_CLIENT_CERTIFICATE_PATH": "/nonexistent/app.pem"]) { $1 })
        #expect(certificate.status == 2)
        #expect(certificate.output.contains("AZURE_CLIENT_CERTIFICATE_PATH: /nonexistent/app.pem: cannot read the certificate file"), "\(certificate.output)")
    }

    @Test(arguments: [
        ("global", "https://graph.microsoft.com"),
        ("usgov", "https://graph.microsoft.us"),
        ("usgovdod", "https://dod-graph.microsoft.us"),
        ("china", "https://microsoftgraph.chinacloudapi.cn"),
    ])
    func aCloudSetsTheGraphURLAndEachHostCanBeOverridden(_ cloud: String, _ graph: String) async throws {
        // Every login host here is a closed loopback port: the token request
        // fails there, so no host outside this machine is contacted. (The
        // presets' login hosts are checked in AzureCloudTests.)
        let environment = ["AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s3cret-value"]
        let preset = try await ExporterProcess.start(
            ["--azure.cloud", cloud], environment: environment.merging(["AZURE_AUTHORITY_HOST": "http://127.0.0.1:7"]) { $1 })
        await preset.stop()
        let line = try #require(preset.output.split(separator: "\n").first { $0.contains("msg=credentials") })
        #expect(line.contains("graph_url=\(graph)"), "\(line)")
        #expect(line.contains("authority_host=http://127.0.0.1:7"), "\(line)")

        // Without scheme, as AKS sets AZURE_AUTHORITY_HOST.
        let overridden = try await ExporterProcess.start(
            ["--azure.cloud", cloud, "--graph.url", "http://127.0.0.1:9"],
            environment: environment.merging(["AZURE_AUTHORITY_HOST": "127.0.0.1:7"]) { $1 })
        await overridden.stop()
        let other = try #require(overridden.output.split(separator: "\n").first { $0.contains("msg=credentials") })
        #expect(other.contains("graph_url=http://127.0.0.1:9"), "\(other)")
        #expect(other.contains("authority_host=https://127.0.0.1:7"), "\(other)")
        for output in [preset.output, overridden.output] { #expect(!output.contains("s3cret-value")) }
    }
}

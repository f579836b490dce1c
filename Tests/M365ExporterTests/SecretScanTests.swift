import Foundation
import M365Reports
import M365TestSupport
import Testing

/// Everything the process writes (standard output and error, `/metrics`,
/// `/`) during runs with a secret, a certificate and a wrong secret, at
/// debug level, scanned for the secret, the tokens, the client assertions
/// and every line of the private key.
@Suite struct SecretScanTests {
    static let tenantID = "55555555-6666-7777-8888-999999999999"

    /// Runs the exporter until its reports were tried, scrapes both pages,
    /// stops it, and returns everything it wrote.
    private static func run(environment: [String: String], fake: FakeGraph) async throws -> String {
        let exporter = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL, "--log.level", "debug", "--refresh.interval", "1s"],
            environment: environment.merging(["AZURE_TENANT_ID": tenantID, "AZURE_AUTHORITY_HOST": fake.authorityURL]) { $1 })
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        // A second round of refreshes, so that failures are logged more than once.
        try await Task.sleep(for: .seconds(2))
        let metrics = try await httpRequest("\(exporter.baseURL)/metrics").body
        let openMetrics = try await httpRequest(
            "\(exporter.baseURL)/metrics", headers: [("Accept", "application/openmetrics-text; version=1.0.0")]).body
        let landing = try await httpRequest("\(exporter.baseURL)/").body
        await exporter.stop()
        return [exporter.output, metrics, openMetrics, landing].joined(separator: "\n")
    }

    @Test func noSecretKeyOrTokenIsEverWritten() async throws {
        let secret = "Sx7~right-secret-9f3a1c"
        let wrongSecret = "Wq2~wrong-secret-77be0d"
        let certificate = try TestCertificate.appCredential()
        let fake = try await FakeGraph.start()
        await fake.register(FakeApp(tenantID: Self.tenantID, clientID: "secret-app", clientSecret: secret))
        await fake.register(FakeApp(
            tenantID: Self.tenantID, clientID: "cert-app", clientSecret: "unused", certificates: [certificate.der]))
        await fake.serveSeedReports()
        let directory = try TestDirectory()
        let pem = try directory.write("app.pem", certificate.keyPEM + certificate.certificatePEM)

        let withSecret = try await Self.run(environment: ["AZURE_CLIENT_ID": "secret-app", "AZURE_CLIENT_SECRET": secret], fake: fake)
        let withCertificate = try await Self.run(environment: ["AZURE_CLIENT_ID": "cert-app", "AZURE_CLIENT_CERTIFICATE_PATH": pem], fake: fake)
        let withWrongSecret = try await Self.run(environment: ["AZURE_CLIENT_ID": "secret-app", "AZURE_CLIENT_SECRET": wrongSecret], fake: fake)
        let written = [withSecret, withCertificate, withWrongSecret].joined(separator: "\n")

        // The runs did what they should, so the scan covers real traffic.
        #expect(withSecret.contains(#"m365_report_up{tenant="\#(Self.tenantID)",report="getOffice365GroupsActivityGroupCounts"} 1"#))
        #expect(withCertificate.contains(#"m365_report_up{tenant="\#(Self.tenantID)",report="getOffice365GroupsActivityGroupCounts"} 1"#))
        #expect(withWrongSecret.contains(#"m365_report_up{tenant="\#(Self.tenantID)",report="getOffice365GroupsActivityGroupCounts"} 0"#))
        #expect(withWrongSecret.contains("AADSTS7000215"))

        let requests = await fake.requests
        let tokens = requests.compactMap(\.authorization).map { String($0.dropFirst("Bearer ".count)) }
        let assertions = requests.compactMap { $0.form["client_assertion"] }
        #expect(!tokens.isEmpty && !assertions.isEmpty)
        var forbidden = [secret, wrongSecret] + tokens + assertions
        // Every line of the key, and the markers of any private key.
        forbidden += certificate.keyPEM.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") }
        forbidden += ["PRIVATE KEY", "client_secret="]
        for needle in Set(forbidden) {
            #expect(!written.contains(needle), "written: \(needle.prefix(24))…")
        }
        await fake.stop()
    }
}

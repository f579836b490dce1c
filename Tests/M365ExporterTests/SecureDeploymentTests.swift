import Foundation
import M365Reports
import M365TestSupport
import Testing

/// docs/security.md followed end to end: a tenant in the
/// configuration file whose credential is a certificate file (no secret in
/// the YAML or anywhere else), TLS and basic auth from a web configuration
/// file, and a real Prometheus scraping with the scrape configuration it
/// shows.
@Suite struct SecureDeploymentTests {
    @Test func prometheusScrapesOverTLSWithBasicAuthAConfigFileTenantWithACertificate() async throws {
        let directory = try TestDirectory()
        // The app registration's certificate, and the PEM file the exporter reads.
        let credential = try TestCertificate.appCredential()
        let app = FakeApp(
            tenantID: "66666666-7777-8888-9999-000000000000", clientID: "secure-app",
            clientSecret: "no-one-has-this", certificates: [credential.der])
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.serveSeedReports()
        let pem = try directory.write("app.pem", credential.keyPEM + credential.certificatePEM)

        // The listener's certificate from a CA Prometheus trusts, and a password.
        let authority = try TestCertificate.authority()
        let server = try authority.issueServer()
        try directory.write("server.crt", server.certificatePEM)
        try directory.write("server.key", server.keyPEM)
        let caFile = try directory.write("m365-ca.crt", authority.certificatePEM)
        let passwordFile = try directory.write("m365-password", "Pr0m-scrape-pass\n")
        let hash = try WebSecurityTests.htpasswd("prometheus", "Pr0m-scrape-pass")
        let webConfig = try directory.write("web.yml", """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              min_version: TLS12
            http_server_config:
              headers:
                Strict-Transport-Security: max-age=31536000
                X-Content-Type-Options: nosniff
            basic_auth_users:
              prometheus: \(hash)
            """)

        let config = try directory.write("m365.yml", """
            graph:
              url: \(fake.graphURL)
            azure:
              authority_host: \(fake.authorityURL)
            tenants:
              - name: contoso
                tenant_id: \(app.tenantID)
                client_id: \(app.clientID)
                client_certificate_file: \(pem)
            """)
        // No AZURE_* variable: the configuration file is all there is.
        let exporter = try await ExporterProcess.start(["--config.file", config, "--web.config.file", webConfig])
        let prometheus = try PrometheusServer(scraping: "127.0.0.1:\(exporter.port)", scrapeOptions: [
            "scheme: https",
            "tls_config:",
            "  ca_file: \(caFile)",
            "basic_auth:",
            "  username: prometheus",
            "  password_file: \(passwordFile)",
        ])

        let query = #"m365_report_up{tenant="contoso",report="getOffice365ServicesUserCounts"} * on() group_left() up{job="m365"}"#
        var value: String?
        let answered = try await eventually(timeout: .seconds(60), every: .milliseconds(500)) {
            guard let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics),
                  let answer = try? await httpRequest("\(prometheus.baseURL)/api/v1/query?query=\(encoded)"),
                  let json = try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any],
                  let data = json["data"] as? [String: Any],
                  let result = (data["result"] as? [[String: Any]])?.first,
                  let sample = result["value"] as? [Any] else { return false }
            value = sample.last as? String
            return value == "1"
        }
        #expect(answered, "Prometheus never saw the report up over TLS (last value \(value ?? "none")):\n\(prometheus.log)")
        // Without the password, the same listener refuses.
        let refused = try await httpsRequest("https://127.0.0.1:\(exporter.port)/metrics", trusting: authority)
        #expect(refused.status == 401)
        let logins = await fake.requests.filter { $0.host == .login }
        #expect(!logins.isEmpty && logins.allSatisfy { $0.form["client_secret"] == nil && $0.form["client_assertion"] != nil })
        #expect(exporter.output.contains("credential=client_certificate"), "\(exporter.output)")
        prometheus.stop()
        await exporter.stop()
        await fake.stop()
    }
}

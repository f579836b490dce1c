import Foundation
import M365Reports
import M365TestSupport
import Testing

/// `--web.config.file` on the real binary: basic auth with an htpasswd
/// hash, TLS with and without client certificates, reloads.
@Suite struct WebSecurityTests {
    /// A bcrypt hash as `htpasswd -nBC 10` makes it (Debian's apache2-utils).
    static func htpasswd(_ user: String, _ password: String) throws -> String {
        let (status, output) = try ExternalTool.run("htpasswd", ["-nbBC", "10", user, password])
        #expect(status == 0, "\(output)")
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("\(user):") })
        return String(line.dropFirst(user.count + 1))
    }

    static func basic(_ user: String, _ password: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
    }

    @Test func basicAuthGuardsEveryPathButHealthy() async throws {
        let hash = try Self.htpasswd("prometheus", "scr4pe-pass")
        #expect(hash.hasPrefix("$2y$10$"))
        let directory = try TestDirectory()
        let config = try directory.write("web.yml", """
            basic_auth_users:
              prometheus: \(hash)
            http_server_config:
              headers:
                X-Content-Type-Options: nosniff
                Strict-Transport-Security: max-age=63072000
            """)
        let exporter = try await ExporterProcess.start(["--demo", "--web.config.file", config])
        let base = exporter.baseURL

        let none = try await httpRequest("\(base)/metrics")
        #expect(none.status == 401)
        #expect(none.header("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)
        #expect(none.header("X-Content-Type-Options") == "nosniff")
        let wrong = try await httpRequest("\(base)/metrics", headers: [Self.basic("prometheus", "guess")])
        #expect(wrong.status == 401)
        #expect(!wrong.body.contains("guess") && !wrong.body.contains("prometheus"))
        #expect(try await httpRequest("\(base)/metrics", headers: [Self.basic("admin", "scr4pe-pass")]).status == 401)
        #expect(try await httpRequest("\(base)/", headers: [("Authorization", "Bearer x")]).status == 401)
        #expect(try await httpRequest("\(base)/-/ready").status == 401)
        #expect(try await httpRequest("\(base)/nothing").status == 401)
        #expect(try await httpRequest("\(base)/-/healthy").status == 200)

        let right = [Self.basic("prometheus", "scr4pe-pass")]
        let scrape = try await httpRequest("\(base)/metrics", headers: right)
        #expect(scrape.status == 200)
        #expect(scrape.header("Strict-Transport-Security") == "max-age=63072000")
        #expect(parseExposition(scrape.body).keys.contains { $0.hasPrefix("m365_exporter_build_info{") })
        #expect(try await httpRequest("\(base)/", headers: right).status == 200)
        #expect(try await httpRequest("\(base)/-/ready", headers: right).status == 200)
        // The counter is rendered into the served bytes within 5 seconds.
        #expect(try await eventually {
            parseExposition(try await httpRequest("\(base)/metrics", headers: right).body)["m365_exporter_http_auth_failures_total"] == 6
        })
        let open = try await httpRequest(
            "\(base)/metrics", headers: right + [("Accept", "application/openmetrics-text; version=1.0.0")])
        #expect(open.body.contains("# TYPE m365_exporter_http_auth_failures counter\nm365_exporter_http_auth_failures_total 6\n"))
        #expect(open.body.hasSuffix("\n# EOF\n"))

        let (status, _) = await exporter.stop()
        #expect(status == 0)
        #expect(!exporter.output.contains("scr4pe-pass"))
    }

    @Test func aBadFileAtStartExitsWith2AndSaysWhy() async throws {
        let directory = try TestDirectory()
        let config = try directory.write("web.yml", "basic_auth_users:\n  prometheus: plain-text-password\n")
        let (status, output) = try await ExporterProcess.runToExit(["--demo", "--web.config.file", config])
        #expect(status == 2)
        #expect(output.contains("--web.config.file: \(config): line 2: basic_auth_users.prometheus is not a bcrypt hash"), "\(output)")
        #expect(!output.contains("plain-text-password"))

        let missing = try await ExporterProcess.runToExit(["--demo", "--web.config.file", "\(directory.path)/none.yml"])
        #expect(missing.status == 2)
        #expect(missing.output.contains("does not exist"), "\(missing.output)")
    }

    @Test func aChangedFileIsReadAgainAndABadOneKeepsTheLastGood() async throws {
        let directory = try TestDirectory()
        let first = try Self.htpasswd("prometheus", "first-pass")
        let config = try directory.write("web.yml", "basic_auth_users:\n  prometheus: \(first)\n")
        let exporter = try await ExporterProcess.start(["--demo", "--web.config.file", config])
        let base = exporter.baseURL
        #expect(try await httpRequest("\(base)/metrics", headers: [Self.basic("prometheus", "first-pass")]).status == 200)

        try directory.write("web.yml", "basic_auth_users:\n  prometheus: [not, a, hash]\n")
        #expect(try await eventually { exporter.output.contains("web configuration file not reloaded") })
        #expect(exporter.output.contains("basic_auth_users.prometheus must be a string"), "\(exporter.output)")
        #expect(try await httpRequest("\(base)/metrics").status == 401)
        #expect(try await httpRequest("\(base)/metrics", headers: [Self.basic("prometheus", "first-pass")]).status == 200)

        let second = try Self.htpasswd("prometheus", "second-pass")
        try directory.write("web.yml", "basic_auth_users:\n  prometheus: \(second)\n")
        #expect(try await eventually {
            try await httpRequest("\(base)/metrics", headers: [Self.basic("prometheus", "second-pass")]).status == 200
        })
        #expect(try await httpRequest("\(base)/metrics", headers: [Self.basic("prometheus", "first-pass")]).status == 401)
        #expect(exporter.output.contains("web configuration file reloaded"))

        // Without users, no authentication.
        try directory.write("web.yml", "basic_auth_users: {}\n")
        #expect(try await eventually { try await httpRequest("\(base)/metrics").status == 200 })
        await exporter.stop()
    }

    @Test func tlsWithClientCertificatesSignedByTheCA() async throws {
        let directory = try TestDirectory()
        let authority = try TestCertificate.authority()
        let server = try authority.issueServer()
        let client = try authority.issueClient()
        let stranger = try TestCertificate.authority(name: "another CA").issueClient()
        try directory.write("server.crt", server.certificatePEM)
        try directory.write("server.key", server.keyPEM)
        try directory.write("ca.crt", authority.certificatePEM)
        let config = try directory.write("web.yml", """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
            """)
        let exporter = try await ExporterProcess.start(["--demo", "--web.config.file", config])
        #expect(exporter.output.contains("tls=true"))
        let url = "https://127.0.0.1:\(exporter.port)/metrics"

        let scrape = try await httpsRequest(url, trusting: authority, clientCertificate: client)
        #expect(scrape.status == 200)
        #expect(parseExposition(scrape.body)[#"m365_report_up{tenant="contoso",report="getOffice365GroupsActivityGroupCounts"}"#] != nil)

        await #expect(throws: (any Error).self) { try await httpsRequest(url, trusting: authority) }
        await #expect(throws: (any Error).self) { try await httpsRequest(url, trusting: authority, clientCertificate: stranger) }
        // Plain HTTP gets no answer from the TLS listener.
        let plain = try? await httpRequest("http://127.0.0.1:\(exporter.port)/metrics", timeout: .seconds(5))
        #expect(plain?.status != 200)
        #expect(exporter.isRunning)
        await exporter.stop()
    }

    @Test func aRenewedServerCertificateIsServedWithoutARestart() async throws {
        let directory = try TestDirectory()
        let oldAuthority = try TestCertificate.authority(name: "old CA")
        let newAuthority = try TestCertificate.authority(name: "new CA")
        let old = try oldAuthority.issueServer()
        let new = try newAuthority.issueServer()
        try directory.write("server.crt", old.certificatePEM)
        try directory.write("server.key", old.keyPEM)
        let config = try directory.write("web.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n")
        let exporter = try await ExporterProcess.start(["--demo", "--web.config.file", config])
        let url = "https://127.0.0.1:\(exporter.port)/-/healthy"
        #expect(try await httpsRequest(url, trusting: oldAuthority).status == 200)

        // The key first, as cert-manager may: a mismatching pair is not used.
        try directory.write("server.key", new.keyPEM)
        #expect(try await eventually { exporter.output.contains("cannot be used together") })
        #expect(try await httpsRequest(url, trusting: oldAuthority).status == 200)
        try directory.write("server.crt", new.certificatePEM)
        #expect(try await eventually { (try? await httpsRequest(url, trusting: newAuthority))?.status == 200 })
        await #expect(throws: (any Error).self) { try await httpsRequest(url, trusting: oldAuthority) }
        await exporter.stop()
    }
}

/// Error answers are fixed texts: nothing of the request comes back.
@Suite struct ErrorAnswerTests {
    @Test func errorAnswersNeverRepeatTheRequest() async throws {
        let marker = "zq-marker-7731"
        let directory = try TestDirectory()
        let hash = try WebSecurityTests.htpasswd("prometheus", "pass")
        let config = try directory.write("web.yml", "basic_auth_users:\n  prometheus: \(hash)\n")
        let files = try TemporaryFiles()
        let tenants = try files.write("m365.yml", "tenants:\n  - {name: contoso, tenant_id: t, client_id: c}\n")
        let plain = try await ExporterProcess.start(["--demo", "--config.file", tenants])
        let guarded = try await ExporterProcess.start(["--demo", "--web.config.file", config])
        let headers = [("X-Forwarded-For", marker), ("Referer", "http://\(marker)/"), ("User-Agent", marker)]
        let answers = [
            try await httpRequest("\(plain.baseURL)/\(marker)", headers: headers),
            try await httpRequest("\(plain.baseURL)/metrics", method: "POST", headers: headers, body: marker),
            try await httpRequest("\(guarded.baseURL)/metrics", headers: headers + [WebSecurityTests.basic(marker, marker)]),
            try await httpRequest("\(guarded.baseURL)/\(marker)", headers: headers),
            try await httpRequest("\(plain.baseURL)/probe?tenant=\(marker)", headers: headers),
            try await httpRequest("\(plain.baseURL)/probe?tenant=\(marker)", method: "DELETE", headers: headers),
            try await httpRequest("\(plain.baseURL)/-/reload", method: "GET", headers: headers),
        ]
        #expect(answers.map(\.status) == [404, 405, 401, 401, 404, 405, 405])
        for answer in answers {
            #expect(!answer.body.contains(marker), "\(answer.status): \(answer.body)")
            #expect(!answer.headers.contains { $0.value.contains(marker) })
        }
        await plain.stop()
        await guarded.stop()
        #expect(!guarded.output.contains(marker))
    }
}

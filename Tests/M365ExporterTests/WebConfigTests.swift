import M365Exporter
import M365TestSupport
import Testing

/// Reading `--web.config.file` as exporter-toolkit reads it, and refusing
/// what it would refuse, with the line and key named.
@Suite struct WebConfigTests {
    static let htpasswdHash = "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"

    private func parse(_ yaml: String) throws(WebConfigError) -> WebConfig {
        try WebConfig.parse(yaml: yaml, file: "/etc/m365/web.yml", directory: "/etc/m365")
    }

    @Test func readsTheToolkitFormat() throws {
        let config = try parse("""
            tls_server_config:
              cert_file: server.crt
              key_file: /etc/tls/server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
              min_version: TLS13
            http_server_config:
              http2: false
              headers:
                Strict-Transport-Security: max-age=31536000
                X-Frame-Options: deny
                X-XSS-Protection: ""
            basic_auth_users:
              prometheus: \(Self.htpasswdHash)
            """)
        let tls = try #require(config.tls)
        #expect(tls.certificate == .file("/etc/m365/server.crt"))
        #expect(tls.key == .file("/etc/tls/server.key"))
        #expect(tls.clientCA == .file("/etc/m365/ca.crt"))
        #expect(tls.clientAuth == .requireAndVerifyClientCert)
        #expect(config.headers.map(\.name) == ["Strict-Transport-Security", "X-Frame-Options"])
        // htpasswd's $2y$ is read as the identical $2b$.
        #expect(config.basicAuthUsers["prometheus"] == "$2b$" + Self.htpasswdHash.dropFirst(4))
    }

    @Test func anEmptyFileIsPlainHTTPWithoutAuthentication() throws {
        let config = try parse("")
        #expect(config.tls == nil && config.basicAuthUsers.isEmpty && config.headers.isEmpty)
    }

    @Test(arguments: [
        ("tls_server_config:\n  cert_file: a.crt\n", "line 2: tls_server_config: key_file is missing"),
        ("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: RequireAndVerifyClientCert\n",
         "client_auth_type RequireAndVerifyClientCert needs client_ca_file"),
        ("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: Always\n",
         "line 4: tls_server_config.client_auth_type: \"Always\" is not one of NoClientCert"),
        ("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  min_version: TLS14\n", "min_version: \"TLS14\" is not TLS10"),
        ("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  min_version: TLS13\n  max_version: TLS12\n", "min_version is above max_version"),
        ("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_ca_file: ca.crt\n", "client_auth_type is NoClientCert"),
        ("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n",
         "cipher_suites is not supported"),
        ("tls_config:\n  cert_file: a.crt\n", "line 2: unknown key \"tls_config\""),
        ("basic_auth_users:\n  alice: secret\n", "line 2: basic_auth_users.alice is not a bcrypt hash"),
        ("basic_auth_users:\n  alice: x\n  alice: y\n", "key \"alice\" appears twice"),
        ("http_server_config:\n  headers:\n    Server: m365\n", "\"Server\" cannot be set"),
        ("http_server_config:\n  headers:\n    X-Frame-Options: allow\n", "X-Frame-Options must be deny or sameorigin"),
        ("basic_auth_users: [alice]\n", "basic_auth_users must be a mapping"),
        ("tls_server_config: {cert_file: a.crt\n", "not valid YAML: line"),
    ])
    func refusesWhatTheToolkitRefuses(_ yaml: String, _ expected: String) {
        let error = #expect(throws: WebConfigError.self) { try parse(yaml) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("/etc/m365/web.yml: "), "\(text)")
        #expect(text.contains(expected), "\(text)")
    }

    @Test func anErrorNeverQuotesAnInlineKey() {
        let error = #expect(throws: WebConfigError.self) {
            try parse("tls_server_config:\n  cert: x\n  key: \"-----BEGIN PRIVATE KEY-----\\nMIIsecret\n  : [\n")
        }
        #expect(!String(describing: error).contains("MIIsecret"))
    }

    @Test func loadingChecksTheFilesItNames() throws {
        let directory = try TestDirectory()
        let authority = try TestCertificate.authority()
        let server = try authority.issueServer()
        let other = try authority.issueServer()
        try directory.write("server.crt", server.certificatePEM)
        try directory.write("server.key", server.keyPEM)
        try directory.write("other.key", other.keyPEM)
        let good = try directory.write("good.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n")
        #expect(try WebConfigFile(path: good).load().config.tls != nil)

        for (name, yaml, expected) in [
            ("missing.yml", "tls_server_config:\n  cert_file: nothere.crt\n  key_file: server.key\n", "cert_file \(directory.path)/nothere.crt does not exist"),
            ("mismatch.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n", "cannot be used together"),
            ("notcert.yml", "tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n", "is not PEM certificates"),
        ] {
            let path = try directory.write(name, yaml)
            let error = #expect(throws: WebConfigError.self) { try WebConfigFile(path: path).load() }
            #expect(String(describing: error).contains(expected), "\(String(describing: error))")
            #expect(!String(describing: error).contains("PRIVATE KEY"))
        }
        let error = #expect(throws: WebConfigError.self) { try WebConfigFile(path: "\(directory.path)/none.yml").load() }
        #expect(String(describing: error).contains("none.yml does not exist"))
    }
}

import Crypto
import Foundation
import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// The configuration file: what it accepts, what it refuses and how each
/// refusal names the tenant and the key; the precedence of flags, file and
/// environment; credentials read from files.
@Suite struct ConfigurationFileTests {
    static let full = """
        refresh_interval: 30m
        periods: [D7, D30]
        reports: [getOffice365ServicesUserCounts, getOffice365GroupsActivityGroupCounts]
        graph:
          url: https://graph.microsoft.us
          max_concurrency: 4
        azure:
          cloud: usgov
          authority_host: login.example.test
        tenants:
          - name: contoso
            tenant_id: 11111111-2222-3333-4444-555555555555
            client_id: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee
            client_secret_file: /run/secrets/contoso
          - name: fabrikam
            tenant_id: fabrikam.onmicrosoft.com
            client_id: bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee
            client_certificate_file: /run/secrets/fabrikam.pem
            reports: [getOffice365GroupsActivityGroupCounts]
            periods: D90
        """

    @Test func readsEveryKeyOfTheDocumentedExample() throws {
        let file = try ConfigurationFile.parse(Self.full, file: "m365.yml")
        #expect(file.refreshInterval == .seconds(1800))
        #expect(file.periods == [.d7, .d30])
        #expect(file.reports?.map(\.function) == ["getOffice365ServicesUserCounts", "getOffice365GroupsActivityGroupCounts"])
        #expect(file.graphURL == "https://graph.microsoft.us")
        #expect(file.maxConcurrency == 4)
        #expect(file.cloud == .usGov)
        #expect(file.authorityHost == "login.example.test")
        #expect(file.tenants.map(\.name) == ["contoso", "fabrikam"])
        #expect(file.tenants[0].credential == .clientSecretFile("/run/secrets/contoso"))
        #expect(file.tenants[0].reports == nil && file.tenants[0].periods == nil)
        #expect(file.tenants[1].tenantID == "fabrikam.onmicrosoft.com")
        #expect(file.tenants[1].credential == .clientCertificateFile("/run/secrets/fabrikam.pem"))
        #expect(file.tenants[1].reports?.map(\.function) == ["getOffice365GroupsActivityGroupCounts"])
        #expect(file.tenants[1].periods == [.d90])
        #expect(file.tenants[1].line == 15)
    }

    static let tenantHead = """
        tenants:
          - name: contoso
            tenant_id: t1
            client_id: c1
            client_secret_file: /s1
          - name: fabrikam

        """

    /// Each mistake, and what its message must name: the line, the tenant and the key.
    @Test(arguments: [
        (tenantHead + "    client_id: c2\n    client_secret_file: /s2\n", "m365.yml:6: tenant \"fabrikam\": tenant_id is missing"),
        (tenantHead + "    tenant_id: t2\n    client_secret_file: /s2\n", "m365.yml:6: tenant \"fabrikam\": client_id is missing"),
        (tenantHead + "    tenant_id: t2\n    client_id: c2\n    periods: [D7, D8]\n",
         "m365.yml:9: tenant \"fabrikam\": periods: \"D8\" is not a period (D7, D30, D90, D180)"),
        (tenantHead + "    tenant_id: t2\n    client_id: c2\n    reports: [getTeamsUserActivityCountz]\n",
         "tenant \"fabrikam\": reports: unknown report \"getTeamsUserActivityCountz\"; choose from: all, default,"),
        (tenantHead + "    tenant_id: t2\n    client_id: c2\n    client_secret: hunter2\n",
         "m365.yml:9: tenant \"fabrikam\": unknown key \"client_secret\""),
        (tenantHead + "    tenant_id: t2\n    client_id: c2\n    client_secret_file: /a\n    federated_token_file: /b\n",
         "tenant \"fabrikam\": client_secret_file and federated_token_file are both set; give one credential"),
        (tenantHead + "    tenant_id: t2 x\n    client_id: c2\n", "tenant \"fabrikam\": tenant_id: \"t2 x\" must not contain spaces or slashes"),
        (tenantHead.replacingOccurrences(of: "fabrikam", with: "contoso") + "    tenant_id: t2\n    client_id: c2\n",
         "m365.yml:6: tenant \"contoso\": name: duplicate name: another tenant (line 2) has it, and names must be unique"),
        ("tenants:\n  - tenant_id: t\n    client_id: c\n", "m365.yml:2: tenants[0]: name is missing"),
        ("tenants:\n  - name: \"\"\n    tenant_id: t\n", "tenants[0]: name: must not be empty"),
        ("refresh_interval: 10x\n", "m365.yml:1: refresh_interval: \"10x\" is not a duration"),
        ("refresh_interval: 0s\n", "refresh_interval: \"0s\" is outside 1s to 168h"),
        ("graph:\n  max_concurrency: 0\n", "m365.yml:2: graph.max_concurrency: 0 is outside 1 to 1024"),
        ("graph:\n  url: graph.microsoft.com\n", "graph.url: \"graph.microsoft.com\" is not an http(s) URL"),
        ("graph:\n  proxy_url: https://u:topsecret@proxy:3128\n", "m365.yml:2: graph.proxy_url: proxy scheme \"https\" is not supported"),
        ("graph:\n  proxy_url: http://proxy:port\n", "graph.proxy_url: the proxy URL has no usable host and port"),
        ("graph:\n  max_body_size: 12\n", "m365.yml:2: graph.max_body_size: \"12\" is not a size of at least 1KiB"),
        ("graph:\n  max_body_size: 16XB\n", "graph.max_body_size: \"16XB\" is not a size"),
        ("azure:\n  cloud: mars\n", "azure.cloud: \"mars\" is not global, usgov, usgovdod or china"),
        ("refresh_intervall: 1h\n", "m365.yml:1: unknown key \"refresh_intervall\""),
        ("tenants: contoso\n", "tenants: must be a list of tenants"),
        ("tenants:\n  - contoso\n", "m365.yml:2: tenants[0]: must be a mapping"),
        ("tenants: [\n", "not valid YAML"),
        ("- just\n- a list\n", "the file must be a mapping"),
    ])
    func refusesAMistakeNamingWhereItIs(_ yaml: String, _ message: String) {
        #expect {
            try ConfigurationFile.parse(yaml, file: "m365.yml")
        } throws: { error in
            let text = String(describing: error)
            return text.contains(message) && text.hasPrefix("m365.yml")
        }
    }

    @Test func readsTheProxyAndTheBodyLimitAndNeverEchoesTheProxyPassword() throws {
        let file = try ConfigurationFile.parse(
            "graph:\n  proxy_url: http://svc-m365:Pa%24%24word@proxy.corp:3128\n  max_body_size: 32MiB\n", file: "m365.yml")
        let proxy = try #require(file.proxyURL)
        #expect(proxy.description == "proxy.corp:3128")
        #expect(proxy.username?.exposedValue == "svc-m365")
        #expect(proxy.password?.exposedValue == "Pa$$word")
        #expect(file.maxBodyBytes == 32 << 20)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationFile.parse("graph:\n  proxy_url: https://u:topsecret@proxy:3128\n", file: "m365.yml")
        }
        do {
            _ = try ConfigurationFile.parse("graph:\n  proxy_url: ftp://u:topsecret@proxy:3128\n", file: "m365.yml")
        } catch {
            #expect(!"\(error)".contains("topsecret"))
        }
    }

    @Test func reportsAreChosenByGroupAsWellAsByName() throws {
        let file = try ConfigurationFile.parse(
            "reports: [copilot, getMailboxUsageStorage]\ntenants: []\n", file: "m365.yml")
        #expect(file.reports?.map(\.function) == [
            "getMicrosoft365CopilotUserCountSummary", "getMicrosoft365CopilotUserCountTrend", "getMailboxUsageStorage",
        ])
    }

    @Test func anEmptyFileIsAnEmptyConfiguration() throws {
        let file = try ConfigurationFile.parse("", file: "m365.yml")
        #expect(file.tenants.isEmpty && file.refreshInterval == nil)
    }

    // MARK: Loading

    private func loader(
        _ files: TemporaryFiles, _ yaml: String, flags: ConfigurationLoader.Flags = .init(),
        authority: String? = nil
    ) throws -> ConfigurationLoader {
        ConfigurationLoader(
            flags: flags, configFile: try files.write("m365.yml", yaml), environmentAuthorityHost: authority,
            environmentTenant: { _ in throw EnvironmentNotAsked() })
    }

    struct EnvironmentNotAsked: Error {}

    @Test func readsTheSecretFileWithoutItsTrailingNewline() throws {
        let files = try TemporaryFiles()
        let secret = try files.write("contoso-secret", "Zx8~s3cret\n")
        let configuration = try loader(files, """
            tenants:
              - name: contoso
                tenant_id: t1
                client_id: c1
                client_secret_file: \(secret)
            """).load()
        let credentials = try #require(configuration.tenants.first?.credentials)
        guard case .secret(let value) = credentials.credential else {
            Issue.record("not a secret credential")
            return
        }
        #expect(value.exposedValue == "Zx8~s3cret")
        #expect(credentials.tenantID == "t1" && credentials.clientID == "c1")
        #expect(credentials.authorityHost == "https://login.microsoftonline.com")
        #expect(configuration.tenants.first?.reports == ReportCatalog.defaultReports)
    }

    @Test func aMissingSecretFileNamesTenantFieldAndPathButNoContent() throws {
        let files = try TemporaryFiles()
        let yaml = """
            tenants:
              - name: contoso
                tenant_id: t1
                client_id: c1
                client_secret_file: \(files.directory)/nope
            """
        #expect {
            try loader(files, yaml).load()
        } throws: { error in
            "\(error)".contains("m365.yml:2: tenant \"contoso\": client_secret_file: cannot read \(files.directory)/nope")
        }
    }

    @Test func aTenantWithoutCredentialIsRefusedOutsideDemoMode() throws {
        let files = try TemporaryFiles()
        let yaml = "tenants:\n  - name: contoso\n    tenant_id: t1\n    client_id: c1\n"
        #expect {
            try loader(files, yaml).load()
        } throws: { error in
            "\(error)".contains("tenant \"contoso\": no credential: set one of client_secret_file, client_certificate_file, federated_token_file")
        }
        var demo = ConfigurationLoader.Flags()
        demo.demo = true
        let configuration = try loader(files, yaml, flags: demo).load()
        #expect(configuration.tenants.map(\.name) == ["contoso"])
        #expect(configuration.mode == .demo)
    }

    @Test func readsCertificateAndFederatedTokenFiles() throws {
        let files = try TemporaryFiles()
        let authority = try TestCertificate.authority()
        let leaf = try authority.issueServer()
        let pem = try files.write("fabrikam.pem", leaf.keyPEM + leaf.certificatePEM)
        let token = try files.write("token", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln\n")
        let configuration = try loader(files, """
            tenants:
              - {name: fabrikam, tenant_id: t1, client_id: c1, client_certificate_file: \(pem)}
              - {name: northwind, tenant_id: t2, client_id: c2, federated_token_file: \(token)}
            """).load()
        guard case .certificate(let certificate) = configuration.tenants[0].credentials?.credential else {
            Issue.record("fabrikam has no certificate credential")
            return
        }
        #expect(certificate.sha256Thumbprint == Array(SHA256.hash(data: leaf.der)))
        guard case .federatedToken(let file) = configuration.tenants[1].credentials?.credential else {
            Issue.record("northwind has no federated token credential")
            return
        }
        #expect(file.path == token)
    }

    @Test(arguments: [("client_certificate_file", "cannot read the certificate file"), ("federated_token_file", "cannot read the federated token file")])
    func anUnreadableCredentialFileIsRefusedNamingTenantAndKey(_ key: String, _ reason: String) throws {
        let files = try TemporaryFiles()
        let yaml = "tenants:\n  - name: fabrikam\n    tenant_id: t1\n    client_id: c1\n    \(key): \(files.directory)/missing\n"
        #expect {
            try loader(files, yaml).load()
        } throws: { error in
            let text = "\(error)"
            return text.contains("m365.yml:2: tenant \"fabrikam\": \(key): ") && text.contains(reason)
                && text.contains("\(files.directory)/missing")
        }
    }

    @Test func aCertificateFileWithoutItsKeyIsRefused() throws {
        let files = try TemporaryFiles()
        let leaf = try TestCertificate.authority().issueServer()
        let pem = try files.write("only-cert.pem", leaf.certificatePEM)
        let yaml = "tenants:\n  - {name: fabrikam, tenant_id: t1, client_id: c1, client_certificate_file: \(pem)}\n"
        #expect {
            try loader(files, yaml).load()
        } throws: { error in
            "\(error)".contains("tenant \"fabrikam\": client_certificate_file: ") && !"\(error)".contains("BEGIN")
        }
    }

    @Test func flagsWinOverTheFileAndTheFileOverTheEnvironmentAndThePreset() throws {
        let files = try TemporaryFiles()
        let secret = try files.write("s", "x")
        let yaml = """
            refresh_interval: 30m
            periods: [D30]
            graph:
              url: https://graph.file.test
              max_concurrency: 3
            azure:
              cloud: china
            tenants:
              - {name: a, tenant_id: t1, client_id: c1, client_secret_file: \(secret)}
              - {name: b, tenant_id: t2, client_id: c2, client_secret_file: \(secret), periods: [D90]}
            """
        let fromFile = try loader(files, yaml, authority: "login.env.test").load()
        #expect(fromFile.refreshInterval == .seconds(1800))
        #expect(fromFile.periods == [.d30])
        #expect(fromFile.graphURL == "https://graph.file.test")
        #expect(fromFile.maxConcurrency == 3)
        // No authority_host in the file: the environment's, before the china preset's.
        #expect(fromFile.tenants[0].credentials?.authorityHost == "https://login.env.test")
        #expect(fromFile.tenants[1].periods == [.d90])

        var flags = ConfigurationLoader.Flags()
        flags.refreshInterval = .seconds(60)
        flags.periods = [.d7]
        flags.graphURL = "https://graph.flag.test"
        flags.maxConcurrency = 12
        let fromFlags = try loader(files, yaml, flags: flags, authority: "login.env.test").load()
        #expect(fromFlags.refreshInterval == .seconds(60))
        #expect(fromFlags.periods == [.d7])
        #expect(fromFlags.graphURL == "https://graph.flag.test")
        #expect(fromFlags.maxConcurrency == 12)
        // A tenant's own periods still apply to that tenant.
        #expect(fromFlags.tenants[1].periods == [.d90])

        let presetOnly = try loader(files, yaml.replacingOccurrences(of: "  url: https://graph.file.test\n", with: "")).load()
        #expect(presetOnly.graphURL == AzureCloud.china.graphURL)
        #expect(presetOnly.tenants[0].credentials?.authorityHost == AzureCloud.china.authorityHost)

        let withHost = try loader(files, yaml + "\n", authority: "login.env.test").load()
        #expect(withHost.tenants[0].credentials?.authorityHost == "https://login.env.test")
        let fileHost = try loader(
            files, yaml.replacingOccurrences(of: "  cloud: china\n", with: "  cloud: china\n  authority_host: https://login.file.test\n"),
            authority: "login.env.test").load()
        #expect(fileHost.tenants[0].credentials?.authorityHost == "https://login.file.test")
    }

    @Test func withoutTenantsInTheFileTheEnvironmentTenantIsUsed() throws {
        let files = try TemporaryFiles()
        let loader = ConfigurationLoader(
            flags: .init(), configFile: try files.write("m365.yml", "periods: [D90]\nazure:\n  authority_host: https://login.file.test\n"),
            environmentAuthorityHost: "https://login.env.test",
            environmentTenant: { authority in
                TenantConfiguration(
                    name: "env-tenant",
                    credentials: TenantCredentials(tenantID: "t", clientID: "c", credential: .secret(Secret("s")), authorityHost: authority))
            })
        let configuration = try loader.load()
        #expect(configuration.tenants.map(\.name) == ["env-tenant"])
        #expect(configuration.tenants[0].credentials?.authorityHost == "https://login.file.test")
        #expect(configuration.periods == [.d90])
    }

    @Test func aShardKeepsOnlyItsTenants() throws {
        let files = try TemporaryFiles()
        let names = (0..<60).map { "tenant-\($0)" }
        let yaml = "tenants:\n" + names.map { "  - {name: \($0), tenant_id: t, client_id: c}\n" }.joined()
        var kept: [String] = []
        for index in 0..<3 {
            var flags = ConfigurationLoader.Flags()
            flags.demo = true
            flags.shard = TenantShard(index: index, count: 3)
            let shard = try loader(files, yaml, flags: flags).load().tenants.map(\.name)
            #expect(shard.count > 5, "shard \(index) holds \(shard.count) of 60")
            #expect(shard.allSatisfy { TenantShard.hash($0) % 3 == UInt64(index) })
            kept += shard
        }
        #expect(kept.sorted() == names.sorted())
    }
}

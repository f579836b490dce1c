import M365Exporter
import M365Reports
import M365TestSupport
import Testing

/// Which collectors each tenant runs: the file's global and per-tenant
/// lists, the `--collector.NAME` / `--no-collector.NAME` flags over them,
/// demo mode, and the refusal of an unknown name.
@Suite struct CollectorConfigurationTests {
    static let yaml = """
        collectors: [licenses]
        tenants:
          - name: contoso
            tenant_id: tid-1
            client_id: app-1
            collectors: [service-health, credentials]
          - name: fabrikam
            tenant_id: tid-2
            client_id: app-2
          - name: northwind
            tenant_id: tid-3
            client_id: app-3
            collectors: []
        """

    /// The collectors of each tenant, loaded in demo mode (no credential files needed).
    static func collectors(
        yaml: String, enabled: Set<CollectorKind> = [], disabled: Set<CollectorKind> = []
    ) throws -> [String: [CollectorKind]] {
        let files = try TemporaryFiles()
        let path = try files.write("m365.yml", yaml)
        var flags = ConfigurationLoader.Flags()
        flags.demo = true
        flags.enabledCollectors = enabled
        flags.disabledCollectors = disabled
        let loader = ConfigurationLoader(
            flags: flags, configFile: path, environmentAuthorityHost: nil, environmentTenant: { _ in throw CancellationError() })
        return Dictionary(uniqueKeysWithValues: try loader.load().tenants.map { ($0.name, $0.collectors) })
    }

    @Test func aTenantsOwnListReplacesTheGlobalOne() throws {
        #expect(try Self.collectors(yaml: Self.yaml) == [
            "contoso": [.serviceHealth, .credentials], "fabrikam": [.licenses], "northwind": [],
        ])
    }

    @Test func flagsWinOverTheFileForEveryTenant() throws {
        #expect(try Self.collectors(yaml: Self.yaml, enabled: [.serviceHealth], disabled: [.credentials]) == [
            "contoso": [.serviceHealth], "fabrikam": [.licenses, .serviceHealth], "northwind": [.serviceHealth],
        ])
    }

    @Test func demoModeRunsEveryCollectorUnlessSwitchedOff() throws {
        let demo = "tenants:\n  - name: contoso\n    tenant_id: t\n    client_id: c\n"
        #expect(try Self.collectors(yaml: demo) == ["contoso": [.licenses, .serviceHealth, .credentials]])
        #expect(try Self.collectors(yaml: demo, disabled: [.licenses]) == ["contoso": [.serviceHealth, .credentials]])
    }

    @Test func anUnknownCollectorIsRefusedWithItsPlace() {
        let bad = "tenants:\n  - name: contoso\n    tenant_id: t\n    client_id: c\n    collectors: [licenses, licences]\n"
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.parse(bad, file: "m365.yml") }
        do {
            _ = try ConfigurationFile.parse(bad, file: "m365.yml")
        } catch {
            #expect(error.description == #"m365.yml:5: tenant "contoso": collectors: "licences" is not a collector (known: licenses, service-health, credentials)"#)
        }
    }
}

import Foundation
import M365Exporter
import M365TestSupport
import Testing

/// `--config.file` and `--tenants.shard` as a user runs the binary: a bad
/// file stops the start with a message, SIGHUP reloads, a shard keeps its
/// tenants, and the file's tenants win over the `AZURE_*` credentials.
@Suite struct ConfigFileCommandLineTests {
    @Test func aBadFileAtStartExitsWith2NamingTenantAndField() async throws {
        let files = try TemporaryFiles()
        let path = try files.write("m365.yml", """
            tenants:
              - name: contoso
                tenant_id: t1
                client_id: c1
                client_secret_file: \(files.directory)/missing-secret
            """)
        let (status, output) = try await ExporterProcess.runToExit(["--config.file", path])
        #expect(status == 2)
        #expect(output.contains("\(path):2: tenant \"contoso\": client_secret_file: cannot read"), "\(output)")
        let (unreadable, message) = try await ExporterProcess.runToExit(["--config.file", "\(files.directory)/nope.yml"])
        #expect(unreadable == 2)
        #expect(message.contains("nope.yml: cannot read the file"), "\(message)")
    }

    @Test func sighupReloadsTheFile() async throws {
        let fake = try await MultiTenantEndToEndTests.startFake(tenants: 2)
        let files = try TemporaryFiles()
        for number in 1...2 { try files.write("secret-\(number)", "secret-\(number)") }
        let one = "tenants:\n" + MultiTenantEndToEndTests.entry("contoso", 1, secretDirectory: files.directory)
        let path = try files.write("m365.yml", one)
        let exporter = try await ExporterProcess.start(
            ["--config.file", path, "--graph.url", fake.graphURL],
            // The file's tenants win: these credentials must not be used.
            environment: ["AZURE_AUTHORITY_HOST": fake.authorityURL, "AZURE_TENANT_ID": "tid-2",
                          "AZURE_CLIENT_ID": "app-2", "AZURE_CLIENT_SECRET": "secret-2"])
        #expect(try await eventually {
            try await MultiTenantEndToEndTests.scrape(exporter.baseURL)[MultiTenantEndToEndTests.groups("contoso")] == 100
        })
        #expect(!(try await MultiTenantEndToEndTests.scrape(exporter.baseURL)).keys.contains { $0.contains("tid-2") })

        try files.write("m365.yml", one + MultiTenantEndToEndTests.entry("fabrikam", 2, secretDirectory: files.directory))
        await exporter.signal(SIGHUP)
        #expect(try await eventually(timeout: .seconds(10)) {
            try await MultiTenantEndToEndTests.scrape(exporter.baseURL)[MultiTenantEndToEndTests.groups("fabrikam")] == 200
        })
        let (status, _) = await exporter.stop()
        #expect(status == 0)
        #expect(exporter.output.contains("msg=\"configuration reloaded\""))
        #expect(!exporter.output.contains("secret-1"))
        await fake.stop()
    }

    @Test func aShardServesOnlyItsTenantsInDemoMode() async throws {
        let files = try TemporaryFiles()
        let names = (0..<12).map { "customer-\($0)" }
        let path = try files.write("m365.yml", "tenants:\n" + names.map { "  - {name: \($0), tenant_id: t-\($0), client_id: c}\n" }.joined())
        let exporter = try await ExporterProcess.start(["--demo", "--config.file", path, "--tenants.shard", "m365-exporter-1/3"])
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let series = try await MultiTenantEndToEndTests.scrape(exporter.baseURL)
        let served = Set(names.filter { name in series.keys.contains { $0.contains("tenant=\"\(name)\"") } })
        #expect(served == Set(names.filter { TenantShard.hash($0) % 3 == 1 }))
        #expect(!served.isEmpty)
        await exporter.stop()
    }

    @Test(arguments: [(["--tenants.shard", "3/3"], "--tenants.shard"), (["--config.file", "/nonexistent/m365.yml"], "/nonexistent/m365.yml")])
    func aBadFlagIsNamed(_ arguments: [String], _ named: String) async throws {
        let (status, output) = try await ExporterProcess.runToExit(["--demo"] + arguments)
        #expect(status == 2)
        #expect(output.contains(named), "\(output)")
    }
}

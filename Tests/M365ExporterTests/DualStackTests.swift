import Foundation
import M365Exporter
import M365TestSupport
import Testing

/// `:port` listens on IPv6 and IPv4; `[::1]:port` and `0.0.0.0:port` keep
/// their single stack.
@Suite struct DualStackTests {
    private func withDemoExporter(_ address: ListenAddress, _ body: (Int) async throws -> Void) async throws {
        let configuration = ExporterConfiguration(
            listenAddress: address,
            tenants: [TenantConfiguration(name: DemoReportSource.tenantName, credentials: nil)],
            mode: .demo)
        try await InProcessExporter.withRunning(configuration, logger: InProcessExporter.quietLogger("dual-stack")) {
            try await body($0.port)
        }
    }

    private func healthy(_ url: String) async -> Bool {
        (try? await httpRequest(url, timeout: .seconds(3)))?.status == 200
    }

    @Test func everyInterfaceIsReachedOverIPv6AndIPv4() async throws {
        let address = try #require(ListenAddress(parsing: ":0"))
        #expect(address.isEveryInterface)
        guard ListenAddress.ipv6Available else {
            // A host without IPv6: the listener falls back to IPv4.
            #expect(address.bindHost() == "0.0.0.0")
            try await withDemoExporter(address) { port in #expect(await healthy("http://127.0.0.1:\(port)/-/healthy")) }
            return
        }
        #expect(address.bindHost() == "::")
        try await withDemoExporter(address) { port in
            #expect(await healthy("http://[::1]:\(port)/-/healthy"))
            #expect(await healthy("http://127.0.0.1:\(port)/-/healthy"))
        }
    }

    @Test func explicitAddressesKeepTheirStack() async throws {
        try await withDemoExporter(try #require(ListenAddress(parsing: "0.0.0.0:0"))) { port in
            #expect(await healthy("http://127.0.0.1:\(port)/-/healthy"))
            if ListenAddress.ipv6Available { #expect(!(await healthy("http://[::1]:\(port)/-/healthy"))) }
        }
        guard ListenAddress.ipv6Available else { return }
        try await withDemoExporter(try #require(ListenAddress(parsing: "[::1]:0"))) { port in
            #expect(await healthy("http://[::1]:\(port)/-/healthy"))
            #expect(!(await healthy("http://127.0.0.1:\(port)/-/healthy")))
        }
    }

    @Test func theFallbackWithoutIPv6IsIPv4() {
        #expect(ListenAddress(host: "", port: 1).bindHost(ipv6Available: false) == "0.0.0.0")
        #expect(ListenAddress(host: "", port: 1).bindHost(ipv6Available: true) == "::")
        #expect(ListenAddress(host: "::1", port: 1).bindHost(ipv6Available: false) == "::1")
        #expect(ListenAddress(parsing: ":10365")?.description == ":10365")
    }
}

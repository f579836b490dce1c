import M365TestSupport
import Testing

/// A thousand tenants from one configuration file against the fake Graph
/// answering after 100 ms: the first full refresh takes the time the
/// concurrency bound allows, never has more requests in flight than the
/// bound, and every tenant ends up with its own values.
@Suite struct ScaleTests {
    @Test func aThousandTenantsRefreshWithinWhatTheConcurrencyBoundAllows() async throws {
        let tenants = 1000
        let bound = 8
        let latency = Duration.milliseconds(100)
        let fake = try await MultiTenantEndToEndTests.startFake(tenants: tenants)
        await fake.setLatency(latency)
        let yaml = "reports: [getOffice365GroupsActivityGroupCounts]\ntenants:\n" + (1...tenants).map {
            MultiTenantEndToEndTests.entry("customer-\($0)", $0, secretDirectory: "$SECRETS")
        }.joined()
        try await MultiTenantEndToEndTests.withExporter(
            fake: fake, tenants: tenants, yaml: yaml, maxConcurrency: bound, readyWithin: .seconds(120)
        ) { running in
            let requests = await fake.requests.filter { $0.host != .login }
            // One report per tenant: the Graph request and its download.
            #expect(requests.count == 2 * tenants)
            let peak = await fake.peakRequestsInFlight
            #expect(peak <= bound, "\(peak) requests in flight, bound \(bound)")
            #expect(peak == bound, "the bound was never reached: \(peak)")

            // Each request is logged when answered, one latency after it arrived.
            let first = requests.map(\.at).min()! - latency.seconds
            let last = requests.map(\.at).max()!
            let took = last - first
            let allowed = Double((requests.count + bound - 1) / bound) * latency.seconds
            #expect(took >= allowed * 0.75 && took <= allowed * 1.25, "full refresh took \(took) s; the bound allows \(allowed) s")

            let series = try await MultiTenantEndToEndTests.scrape(running.base)
            var wrong: [String] = []
            for number in 1...tenants {
                let name = "customer-\(number)"
                if series[MultiTenantEndToEndTests.groups(name)] != Double(100 * number)
                    || series["o365_active_groups{tenant=\"\(name)\"}"] != Double(number)
                    || series[MultiTenantEndToEndTests.up(name)] != 1 {
                    wrong.append(name)
                }
            }
            #expect(wrong.isEmpty, "tenants with wrong values: \(wrong.prefix(10))")
        }
        await fake.stop()
    }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

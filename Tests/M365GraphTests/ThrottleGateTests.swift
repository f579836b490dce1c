import M365Graph
import Testing

@Suite struct ThrottleGateTests {
    @Test func holdsEachReportUntilItsTimeAndTheLaterCloseWins() async {
        let gate = ThrottleGate()
        let now = ContinuousClock.now
        await gate.close("a", until: now + .seconds(10))
        await gate.close("a", until: now + .seconds(5))
        #expect(await gate.closedUntil("a", now: now) == now + .seconds(10))
        #expect(await gate.closedUntil("b", now: now) == nil)
        await gate.close("a", until: now + .seconds(20))
        #expect(await gate.closedUntil("a", now: now) == now + .seconds(20))
        // Past its time the gate is open again.
        #expect(await gate.closedUntil("a", now: now + .seconds(21)) == nil)
        #expect(await gate.closedUntil("a", now: now) == nil)
    }

    @Test func anAppAndTenantKeepsOneGateAcrossClients() async {
        let gates = ThrottleGates()
        let first = gates.gate(tenantID: "T-1", clientID: "app")
        let again = gates.gate(tenantID: "t-1", clientID: "APP")
        let other = gates.gate(tenantID: "t-2", clientID: "app")
        #expect(first === again)
        #expect(first !== other)
        let now = ContinuousClock.now
        await first.close("r", until: now + .seconds(60))
        #expect(await again.closedUntil("r", now: now) != nil)
        #expect(await other.closedUntil("r", now: now) == nil)
    }
}

import M365Graph
import Testing

@Suite struct RequestLimiterTests {
    actor Gauge {
        var current = 0
        var peak = 0
        func enter() { current += 1; peak = max(peak, current) }
        func leave() { current -= 1 }
    }

    @Test func neverLetsMoreThanTheLimitIn() async throws {
        let limiter = RequestLimiter(limit: 3)
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await limiter.withPlace {
                        await gauge.enter()
                        try await Task.sleep(for: .milliseconds(5))
                        await gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await gauge.peak == 3)
        #expect(await limiter.placesInUse == 0)
    }

    @Test func aCancelledWaiterGivesUpItsTurn() async throws {
        let limiter = RequestLimiter(limit: 1)
        // The holder keeps its place until the test lets go, however slow the machine.
        let (letGo, release) = AsyncStream<Void>.makeStream()
        let holder = Task { try await limiter.withPlace { for await _ in letGo { break } } }
        while await limiter.placesInUse == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let waiter = Task { try await limiter.withPlace { "ran" } }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        release.yield()
        try await holder.value
        #expect(try await limiter.withPlace { "next" } == "next")
        #expect(await limiter.placesInUse == 0)
    }
}

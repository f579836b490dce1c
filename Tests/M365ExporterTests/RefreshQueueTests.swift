@testable import M365Exporter
import M365Reports
import Testing

/// The queue of due times alone: order, stale entries, moved targets.
@Suite struct RefreshQueueTests {
    let epoch = ContinuousClock.now

    private func key(_ tenant: String) -> StatusKey {
        StatusKey(tenant: tenant, report: "getOffice365ActiveUserCounts")
    }

    @Test func dueTargetsComeOutEarliestFirstAndEqualTimesInTheOrderAdded() {
        var queue = RefreshQueue()
        queue.schedule(key("c"), generation: 3, at: epoch + .seconds(30))
        queue.schedule(key("a"), generation: 1, at: epoch + .seconds(10))
        queue.schedule(key("b"), generation: 2, at: epoch + .seconds(10))
        queue.schedule(key("d"), generation: 4, at: epoch + .seconds(5))
        queue.schedule(key("e"), generation: 5, at: epoch + .seconds(10))
        var popped: [String] = []
        while let item = queue.popDue(now: epoch + .seconds(10), isCurrent: { _ in true }) {
            popped.append(item.key.tenant)
        }
        #expect(popped == ["d", "a", "b", "e"])
        // "c" is not due yet: it stays, and tells when to wake.
        #expect(queue.nextDue(isCurrent: { _ in true }) == epoch + .seconds(30))
        #expect(queue.popDue(now: epoch + .seconds(29), isCurrent: { _ in true }) == nil)
        #expect(queue.popDue(now: epoch + .seconds(30), isCurrent: { _ in true })?.key.tenant == "c")
        #expect(queue.nextDue(isCurrent: { _ in true }) == nil)
    }

    @Test func entriesOfRemovedOrReplacedTargetsAreSkippedByGeneration() {
        var queue = RefreshQueue()
        // "a" was replaced (generation 1 → 4), "b" removed, "c" unchanged.
        queue.schedule(key("a"), generation: 1, at: epoch + .seconds(1))
        queue.schedule(key("b"), generation: 2, at: epoch + .seconds(2))
        queue.schedule(key("c"), generation: 3, at: epoch + .seconds(3))
        queue.schedule(key("a"), generation: 4, at: epoch + .seconds(4))
        let current: [StatusKey: Int] = [key("a"): 4, key("c"): 3]
        let isCurrent = { (item: RefreshQueue.Item) in current[item.key] == item.generation }
        // The stale entries in front are dropped: the next wake is "c"'s time.
        #expect(queue.nextDue(isCurrent: isCurrent) == epoch + .seconds(3))
        var popped: [RefreshQueue.Item] = []
        while let item = queue.popDue(now: epoch + .seconds(60), isCurrent: isCurrent) { popped.append(item) }
        #expect(popped.map(\.key.tenant) == ["c", "a"])
        #expect(popped.map(\.generation) == [3, 4])
        #expect(queue.count == 0)
    }

    @Test func aRescheduledTargetComesOutOnlyAtItsNewTime() {
        var queue = RefreshQueue()
        var due: [StatusKey: ContinuousClock.Instant] = [:]
        let isCurrent = { (item: RefreshQueue.Item) in due[item.key] == item.due }
        for (tenant, seconds) in [("a", 10), ("b", 20)] {
            due[key(tenant)] = epoch + .seconds(seconds)
            queue.schedule(key(tenant), generation: 1, at: epoch + .seconds(seconds))
        }
        // An interval change moves "a" later and "b" earlier.
        due[key("a")] = epoch + .seconds(50)
        queue.schedule(key("a"), generation: 1, at: epoch + .seconds(50))
        due[key("b")] = epoch + .seconds(5)
        queue.schedule(key("b"), generation: 1, at: epoch + .seconds(5))

        #expect(queue.nextDue(isCurrent: isCurrent) == epoch + .seconds(5))
        #expect(queue.popDue(now: epoch + .seconds(5), isCurrent: isCurrent)?.key.tenant == "b")
        // "a"'s old time passes without a refresh, and so does "b"'s.
        #expect(queue.popDue(now: epoch + .seconds(49), isCurrent: isCurrent) == nil)
        #expect(queue.nextDue(isCurrent: isCurrent) == epoch + .seconds(50))
        #expect(queue.popDue(now: epoch + .seconds(50), isCurrent: isCurrent)?.due == epoch + .seconds(50))
        #expect(queue.count == 0)
    }

    @Test func compactingKeepsExactlyTheCurrentEntriesInOrder() {
        var queue = RefreshQueue()
        for generation in 1...1000 {
            queue.schedule(key("t\(generation % 10)"), generation: generation, at: epoch + .milliseconds(1000 - generation))
        }
        // Only the last generation of each of the ten keys is current.
        let isCurrent = { (item: RefreshQueue.Item) in item.generation > 990 }
        queue.compact(isCurrent: isCurrent)
        #expect(queue.count == 10)
        var generations: [Int] = []
        while let item = queue.popDue(now: epoch + .seconds(1), isCurrent: { _ in true }) {
            generations.append(item.generation)
        }
        #expect(generations == Array((991...1000).reversed()))
    }
}

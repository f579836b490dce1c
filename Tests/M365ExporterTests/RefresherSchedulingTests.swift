import Logging
@testable import M365Exporter
import M365Reports
import Testing

/// The refresher's scheduling with thousands of targets in process, against
/// a source that counts the refreshes running at once: a burst of due
/// targets never becomes a burst of tasks, every target is refreshed once,
/// and between refreshes a target is a queue entry rather than a task.
@Suite struct RefresherSchedulingTests {
    static let definition = ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts")!

    static func targets(
        _ count: Int, counter: RefreshCounter, latency: Duration, periods: [ReportPeriod] = [.d7],
        outlivesCancellation: Bool = false
    ) -> [RefreshTarget] {
        (1...count).map {
            RefreshTarget(
                tenant: "tenant-\($0)", definition: definition, periods: periods,
                source: CountingSource(
                    tenant: "tenant-\($0)", counter: counter, latency: latency, outlivesCancellation: outlivesCancellation))
        }
    }

    @Test func aBurstOfDueTargetsRunsAtMostTheLimitAtOnceAndRefreshesEachOnce() async throws {
        let count = 3000
        let limit = 64
        let counter = RefreshCounter()
        let latency = Duration.milliseconds(20)
        let refresher = Refresher(
            targets: Self.targets(count, counter: counter, latency: latency), interval: .seconds(3600),
            refreshLimit: limit, store: SnapshotStore(), logger: InProcessExporter.quietLogger("scheduling"))
        let running = Task { try await refresher.run() }

        try await eventually("every target refreshed") { await counter.finished >= count }
        // Wait until every refresh has handed its target back to the queue.
        try await eventually("no refresh in flight") { await refresher.scheduling.refreshes == 0 }
        let peak = await counter.peak
        #expect(peak <= limit, "\(peak) refreshes at once, limit \(limit)")
        #expect(peak == limit, "the limit was never reached: \(peak)")
        let calls = await counter.calls
        #expect(calls.count == count)
        #expect(calls.values.allSatisfy { $0 == 1 }, "targets refreshed more than once: \(calls.filter { $0.value != 1 }.count)")
        // Between refreshes each target is one queue entry and no task.
        let state = await refresher.scheduling
        #expect(state.queued == count)
        #expect(state.refreshes == 0)

        running.cancel()
        try await running.value
    }

    @Test func aReloadReplacingTargetsMidRefreshNeverOverlapsTwoRefreshesOfOneTarget() async throws {
        let count = 100
        let counter = RefreshCounter()
        // Long enough that every refresh is still in flight at the reload,
        // however slowly a loaded machine starts the hundred of them.
        let latency = Duration.seconds(2)
        // A limit above the targets: the replacements could start at once.
        let refresher = Refresher(
            targets: Self.targets(count, counter: counter, latency: latency, outlivesCancellation: true),
            interval: .seconds(3600), refreshLimit: 256, store: SnapshotStore(),
            logger: InProcessExporter.quietLogger("scheduling"))
        let running = Task { try await refresher.run() }
        try await eventually("every target refreshing") { await counter.calls.count == count }

        // Other periods: the first 50 targets are replaced while their
        // refreshes are in flight (and take their whole latency although
        // cancelled), the other 50 removed.
        let replacements = Self.targets(50, counter: counter, latency: latency, periods: [.d30])
        await refresher.apply(replacements, interval: .seconds(3600))
        try await eventually("every kept target refreshed with its new periods") {
            await counter.periodCalls(.d30) == 50
        }
        try await eventually("no refresh in flight") { await refresher.scheduling.refreshes == 0 }
        let overlapping = await counter.peakPerTarget
        #expect(overlapping == 1, "a target had \(overlapping) refreshes at once")
        // Every target once with the old periods, the kept ones once more with
        // the new: the removed ones are not refreshed again.
        let calls = await counter.calls
        #expect((1...count).allSatisfy { calls["tenant-\($0)"] == ($0 <= 50 ? 2 : 1) })
        #expect(await counter.periodCalls(.d30) == 50)
        #expect(await refresher.scheduling.queued == 50)

        running.cancel()
        try await running.value
    }

    @Test func anIntervalChangeMovesWaitingTargetsToTheNewIntervalsSlots() async throws {
        let count = 50
        let counter = RefreshCounter()
        let latency = Duration.zero
        let targets = Self.targets(count, counter: counter, latency: latency)
        let refresher = Refresher(
            targets: targets, interval: .seconds(3600), refreshLimit: 64,
            store: SnapshotStore(), logger: InProcessExporter.quietLogger("scheduling"))
        let running = Task { try await refresher.run() }
        try await eventually("every target refreshed") { await counter.finished == count }

        // On the hourly interval, the next refreshes are half an hour away at
        // least; on a 2 s interval each target's slot comes within 2 s.
        await refresher.apply(targets, interval: .seconds(2))
        // Waiting for each target, not for a total: on the short interval
        // some refresh a third time before others refresh a second.
        try await eventually("every target refreshed again") {
            let calls = await counter.calls
            return calls.count == count && calls.values.allSatisfy { $0 >= 2 }
        }

        running.cancel()
        try await running.value
    }
}

/// Polls `condition` every 20 ms until it holds; fails after `limit`.
func eventually(
    _ what: String, within limit: Duration = .seconds(120), _ condition: () async -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while !(await condition()) {
        guard ContinuousClock.now < deadline else {
            Issue.record("not within \(limit): \(what)")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

import Foundation
import Logging
import M365Graph
import M365Reports
import ServiceLifecycle

/// Owns the refresh schedule: fetches every report of every tenant when it
/// appears, then once per interval in a slot of its own (see
/// ``RefreshSchedule``), keeps each report's status, and has the snapshot
/// rendered again after each change.
///
/// Each target runs in its own task, so a refresh never overlaps itself: at
/// most one request per tenant and report is in flight, and one hung
/// upstream never stalls the others. A reload (``apply(_:interval:)``)
/// starts the targets added, stops and forgets the targets removed, and
/// leaves unchanged targets with their values and schedule.
///
/// Rendering is coalesced: changes only signal the renderer task, which
/// renders the latest state once, however many changes arrived while it was
/// busy. With a thousand tenants refreshing, that is one render per render
/// time, not one per report.
public actor Refresher: Service {
    private var interval: Duration
    private let store: SnapshotStore
    private let logger: Logger
    private let schedule = RefreshSchedule(epoch: .now)

    /// A running target: what it fetches, which task runs it, and which
    /// generation of it this is (a replaced target's late answers are ignored).
    private struct Entry {
        var target: RefreshTarget
        let generation: Int
        let slot: Double
        var task: Task<Void, Never>?
    }

    private var entries: [StatusKey: Entry] = [:]
    private var statuses: [StatusKey: ReportStatus] = [:]
    /// Targets in configuration order: tenants, then their reports.
    private var order: [StatusKey] = []
    private var catalog: [ReportDefinition] = []
    private var reload: ConfigReloadStatus?
    private var nextGeneration = 0
    private var running = false
    private var stopped = false

    private let changes: AsyncStream<Void>
    private let changed: AsyncStream<Void>.Continuation

    init(targets: [RefreshTarget], interval: Duration, store: SnapshotStore, logger: Logger, reload: ConfigReloadStatus? = nil) {
        self.interval = interval
        self.store = store
        self.logger = logger
        self.reload = reload
        (changes, changed) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        var entries: [StatusKey: Entry] = [:]
        var statuses: [StatusKey: ReportStatus] = [:]
        for (index, target) in targets.enumerated() {
            entries[target.key] = Entry(target: target, generation: index + 1, slot: RefreshSchedule.slot(index + 1), task: nil)
            statuses[target.key] = ReportStatus(tenant: target.tenant, report: target.definition.function)
        }
        let catalog = Self.catalog(of: targets)
        self.entries = entries
        self.statuses = statuses
        self.catalog = catalog
        nextGeneration = targets.count
        order = targets.map(\.key)
        // Scrapes before the first refresh see every report as pending.
        store.publish(MetricsSnapshot(
            statuses: targets.compactMap { statuses[$0.key] }, catalog: catalog, version: ExporterVersion.current, reload: reload),
            catalog: catalog)
    }

    private static func catalog(of targets: [RefreshTarget]) -> [ReportDefinition] {
        var catalog: [ReportDefinition] = []
        var seen: Set<String> = []
        for target in targets where seen.insert(target.definition.function).inserted {
            catalog.append(target.definition)
        }
        return catalog
    }

    /// Runs until graceful shutdown, which cancels refreshes in flight.
    public func run() async throws {
        running = true
        for key in order { start(key, fetchFirst: true, after: nil) }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.renderChanges() }
            try? await gracefulShutdown()
            await self.stop()
        }
    }

    /// Stops every target and the renderer, and waits for their tasks.
    private func stop() async {
        stopped = true
        let tasks = entries.values.compactMap(\.task)
        for task in tasks { task.cancel() }
        changed.finish()
        for task in tasks { await task.value }
    }

    // MARK: Reload

    /// Replaces the running targets: added ones are fetched at once, removed
    /// ones stop and lose every series, and targets that fetch the same as
    /// before keep their values and schedule (with the new source).
    func apply(_ targets: [RefreshTarget], interval newInterval: Duration) {
        let intervalChanged = newInterval != interval
        interval = newInterval
        let keys = Set(targets.map(\.key))
        for (key, entry) in entries where !keys.contains(key) {
            entry.task?.cancel()
            entries[key] = nil
            statuses[key] = nil
        }
        for target in targets {
            let key = target.key
            if var entry = entries[key], entry.target.fetchesTheSame(as: target) {
                entry.target = target
                entries[key] = entry
                // A sleeping target wakes on its old interval's slot: restart its wait.
                if intervalChanged { restart(key, fetchFirst: false) }
                continue
            }
            let previous = entries[key]?.task
            previous?.cancel()
            nextGeneration += 1
            entries[key] = Entry(target: target, generation: nextGeneration, slot: RefreshSchedule.slot(nextGeneration), task: nil)
            statuses[key] = ReportStatus(tenant: target.tenant, report: target.definition.function)
            if running, !stopped { start(key, fetchFirst: true, after: previous) }
        }
        order = targets.map(\.key)
        catalog = Self.catalog(of: targets)
        changed.yield()
    }

    /// Records the outcome of a configuration load for the exporter's own series.
    func recordReload(_ status: ConfigReloadStatus) {
        reload = status
        changed.yield()
    }

    private func restart(_ key: StatusKey, fetchFirst: Bool) {
        guard running, !stopped, let previous = entries[key]?.task else { return }
        previous.cancel()
        start(key, fetchFirst: fetchFirst, after: previous)
    }

    private func start(_ key: StatusKey, fetchFirst: Bool, after previous: Task<Void, Never>?) {
        guard let entry = entries[key] else { return }
        let generation = entry.generation
        entries[key]?.task = Task {
            // The replaced target's request ends first: one request per
            // tenant and report at a time, even across a reload.
            await previous?.value
            await self.loop(key, generation: generation, fetchFirst: fetchFirst)
        }
    }

    // MARK: Refreshing

    private nonisolated func loop(_ key: StatusKey, generation: Int, fetchFirst: Bool) async {
        if !fetchFirst {
            guard let wait = await nextRefresh(key, generation: generation, after: .now, gap: 0) else { return }
            guard (try? await Task.sleep(until: wait)) != nil else { return }
        }
        while !Task.isCancelled {
            guard let target = await current(key, generation: generation) else { return }
            let lastStart = ContinuousClock.now
            await refresh(target, generation: generation)
            guard let wait = await nextRefresh(key, generation: generation, after: lastStart, gap: 0.5) else { return }
            guard (try? await Task.sleep(until: wait)) != nil else { return }
        }
    }

    private func current(_ key: StatusKey, generation: Int) -> RefreshTarget? {
        guard let entry = entries[key], entry.generation == generation else { return nil }
        return entry.target
    }

    /// The target's first slot at least `gap` intervals after `start`.
    private func nextRefresh(
        _ key: StatusKey, generation: Int, after start: ContinuousClock.Instant, gap: Double
    ) -> ContinuousClock.Instant? {
        guard let entry = entries[key], entry.generation == generation else { return nil }
        return schedule.next(notBefore: start + interval * gap, slot: entry.slot, interval: interval)
    }

    /// Fetches one target's report for each of its periods and records the outcome.
    func refresh(_ target: RefreshTarget, generation: Int) async {
        let key = target.key
        let started = ContinuousClock.now
        var logger = self.logger
        logger[metadataKey: "tenant"] = "\(target.tenant)"
        logger[metadataKey: "report"] = "\(target.definition.function)"
        do {
            var samples: [Sample] = []
            var day: ReportDay?
            var refreshDate: ReportDay?
            var rows = 0
            for period in target.periods {
                let parsed = try await target.source.report(target.definition, period: period) { event in
                    await self.record(event, for: key, generation: generation)
                }
                if !parsed.missingColumns.isEmpty {
                    logger.warning("report answer lacks columns; their series are dropped", metadata: [
                        "columns": "\(parsed.missingColumns.joined(separator: ","))",
                    ])
                }
                rows += parsed.rows.count
                if let latest = parsed.latestRow {
                    day = max(day ?? latest.day, latest.day)
                    refreshDate = max(refreshDate ?? latest.refreshDate, latest.refreshDate)
                }
                samples += ReportSampleMapper.latestSamples(
                    of: parsed, definition: target.definition, tenant: target.tenant, period: period)
            }
            let duration = ContinuousClock.now - started
            update(key, generation: generation) { status in
                status.attempts += 1
                status.up = true
                status.values = samples
                status.reportDate = day
                status.refreshDate = refreshDate
                status.lastSuccess = Date().timeIntervalSince1970
                status.fetchDuration = duration.seconds
                status.lastError = nil
            }
            logger.debug("report refreshed", metadata: [
                "rows": "\(rows)", "series": "\(samples.count)",
                "report_date": "\(day.map(String.init(describing:)) ?? "none")",
                "duration": "\(duration.seconds)",
            ])
        } catch {
            if Task.isCancelled { return }
            let duration = ContinuousClock.now - started
            let reason = String(describing: error)
            update(key, generation: generation) { status in
                status.attempts += 1
                status.up = false
                status.fetchDuration = duration.seconds
                status.lastError = reason
            }
            if let failure = error as? GraphError, case .token = failure {
                // The token provider logged it once for the whole tenant.
                logger.debug("report refresh failed", metadata: ["err": "\(reason)"])
            } else {
                logger.warning("report refresh failed", metadata: ["err": "\(reason)"])
            }
        }
    }

    /// Counts what happened on the way. Retries and throttled waits are
    /// published at once, so that a refresh held open by them shows it.
    private func record(_ event: GraphEvent, for key: StatusKey, generation: Int) {
        guard entries[key]?.generation == generation else { return }
        switch event {
        case .answer(let code):
            statuses[key]?.graphAnswers[code, default: 0] += 1
        case .retry(let reason):
            update(key, generation: generation) { $0.retries[reason.rawValue, default: 0] += 1 }
        case .throttled(let wait):
            update(key, generation: generation) { $0.throttledSeconds += wait.seconds }
        }
    }

    private func update(_ key: StatusKey, generation: Int, _ change: (inout ReportStatus) -> Void) {
        guard entries[key]?.generation == generation, var status = statuses[key] else { return }
        change(&status)
        statuses[key] = status
        changed.yield()
    }

    // MARK: Rendering

    /// The state a render needs, copied out of the actor (copy-on-write:
    /// cheap until the refresher changes it again).
    private func renderInput() -> (statuses: [ReportStatus], catalog: [ReportDefinition], reload: ConfigReloadStatus?) {
        (order.compactMap { statuses[$0] }, catalog, reload)
    }

    /// Renders the latest state after each burst of changes, off the actor
    /// so that refreshes go on while it renders. After a render it rests as
    /// long as the render took, so that while thousands of reports refresh,
    /// rendering takes at most half of one core and the scrapes and the
    /// refreshes keep the rest; a small snapshot is published within
    /// milliseconds of its change.
    private nonisolated func renderChanges() async {
        for await _ in changes {
            let started = ContinuousClock.now
            let input = await renderInput()
            let snapshot = MetricsSnapshot(
                statuses: input.statuses, catalog: input.catalog, version: ExporterVersion.current, reload: input.reload)
            store.publish(snapshot, catalog: input.catalog)
            try? await Task.sleep(for: ContinuousClock.now - started)
        }
    }
}

import CCodePages
import CMallocTuning
import FoundationEssentials
import Logging
import M365Graph
import M365Reports
import ServiceLifecycle

/// Owns the refresh schedule: fetches every report of every tenant when it
/// appears, then once per interval in a slot of its own (see
/// ``RefreshSchedule``), keeps each report's status, and has the snapshot
/// rendered again after each change.
///
/// Between refreshes a target is only an entry in a queue of due times
/// (``RefreshQueue``): one scheduling loop sleeps until the earliest is due,
/// or until a reload or a finished refresh wakes it, and starts a task for
/// each due target, at most `refreshLimit` at once. A target never has two
/// refreshes at a time: at most one request per tenant and report is in
/// flight, and one hung upstream never stalls the others. A reload
/// (``apply(_:interval:)``) fetches the targets added at once, stops and
/// forgets the targets removed, and leaves unchanged targets with their
/// values and schedule.
///
/// Rendering is coalesced and incremental: changes are noted (which reports
/// changed, and their new series) and signal the renderer task, which hands
/// the changes since its last render to an ``ExpositionBuilder`` once,
/// however many arrived while it was busy. The builder renders only the
/// reports that changed; the series of the others are kept as the bytes
/// served, not as samples here.
public actor Refresher: Service {
    private var interval: Duration
    private let store: SnapshotStore
    private let logger: Logger
    private let schedule = RefreshSchedule(epoch: .now)

    /// A target: what it fetches, which generation of it this is (a
    /// replaced target's late answers are ignored, its queue entries
    /// skipped), and where it stands in the schedule.
    private struct Entry {
        var target: RefreshTarget
        let generation: Int
        let slot: Double
        /// When it is due in the queue; nil while it refreshes (or before
        /// the refresher runs).
        var due: ContinuousClock.Instant?
        /// Whether a refresh of it has started: until then it is due at once.
        var started = false
        /// Refreshes of the same report of the same tenant by a target this
        /// one replaced, which end before this one's first refresh starts.
        var predecessors: [Task<Void, Never>] = []
        /// What its refreshes found so far.
        var status: ReportStatus
        /// Whether a refresh of this target published value series, which
        /// an answer "not modified" then stands for.
        var published = false
        /// Failed refreshes in a row.
        var failures = 0
        /// When the last refresh failed in a way worth trying again before
        /// the next slot: how soon.
        var retryIn: Duration?
        /// When the tenant's cloud does not serve the report: how long until
        /// it is asked again, whatever the interval.
        var unsupportedFor: Duration?
    }

    /// How often a report that the tenant's cloud does not serve is asked
    /// again: clouds gain reports seldom, and each ask costs a request.
    static let unsupportedRetry: Duration = .seconds(86_400)

    /// A refresh task in flight, for the target `key`.
    private struct Running {
        let key: StatusKey
        let task: Task<Void, Never>
    }

    private var entries = DenseTable<StatusKey, Entry>()
    /// Targets in configuration order: tenants, then their reports.
    private var order: [StatusKey] = []
    private var catalog: [ReportDefinition] = []
    /// The collectors some tenant runs.
    private var collectors: [CollectorKind] = []
    /// Reports changed since the last render, with their new value series
    /// where those changed too; and reports removed since.
    private var pending: [StatusKey: PendingChange] = [:]
    private var removed: Set<StatusKey> = []
    /// The per-tenant and readiness figures of the last render, `nil` once
    /// something they count changed: most renders need not visit every target.
    private var throttled: [Sample]?
    /// Throttled seconds of reports a reload removed, per tenant, kept in
    /// `m365_graph_throttled_seconds_total` until the tenant goes: a
    /// counter must not go down while its series stays.
    private var retiredThrottled: [String: Double] = [:]
    private var readiness: Readiness?
    private var reload: ConfigReloadStatus?
    private var nextGeneration = 0
    private var running = false
    private var stopped = false

    /// When each target is due next.
    private var queue = RefreshQueue()
    /// The refresh tasks in flight, by generation (unique across targets).
    private var refreshes: [Int: Running] = [:]
    /// At most this many refresh tasks at once (see ``refreshLimit(graphMaxConcurrency:)``).
    private let refreshLimit: Int
    /// The scheduling loop, while it sleeps.
    private var alarm: CheckedContinuation<Void, Never>?

    private let changes: AsyncStream<Void>
    private let changed: AsyncStream<Void>.Continuation

    /// Token requests by tenant and result, and the series last rendered of them.
    private let tokenRequests: TokenRequestCounter
    private var tokenSamples: (version: Int, samples: [Sample])?
    /// Callers of ``waitUntilPublished()``, resumed after the next render.
    private var publishWaiters: [CheckedContinuation<Void, Never>] = []
    /// Whether memory releases include the process's code pages: only when
    /// the exporter is the whole process (see ``Exporter/run``).
    private nonisolated let releasesCodePages: Bool

    init(
        targets: [RefreshTarget], interval: Duration, refreshLimit: Int, store: SnapshotStore, logger: Logger,
        reload: ConfigReloadStatus? = nil, tokenRequests: TokenRequestCounter = TokenRequestCounter(),
        releasesCodePages: Bool = false
    ) {
        self.releasesCodePages = releasesCodePages
        precondition(refreshLimit > 0, "a refresh limit must be positive")
        self.tokenRequests = tokenRequests
        self.interval = interval
        self.refreshLimit = refreshLimit
        self.store = store
        self.logger = logger
        self.reload = reload
        (changes, changed) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        var entries = DenseTable<StatusKey, Entry>()
        for (index, target) in targets.enumerated() {
            entries[target.key] = Entry(
                target: target, generation: index + 1, slot: RefreshSchedule.slot(index + 1),
                status: target.initialStatus())
        }
        let catalog = Self.catalog(of: targets)
        let collectors = Self.collectors(of: targets)
        self.entries = entries
        self.catalog = catalog
        self.collectors = collectors
        nextGeneration = targets.count
        order = targets.map(\.key)
        // Scrapes before the first refresh see every report as pending. The
        // renderer task goes on from this builder, with only later changes.
        var builder = ExpositionBuilder()
        let initial = order.compactMap { entries[$0]?.status }
        store.publish(builder.render(
            Dictionary(uniqueKeysWithValues: initial.map { ($0.key, ReportChange.updated($0, values: [])) }),
            throttled: [], catalog: catalog, collectors: collectors, version: ExporterVersion.current, reload: reload),
            readiness: Readiness(tried: 0, reports: initial.count))
        startingBuilder = builder
    }

    /// The builder of the snapshot published at start, until the renderer task takes it.
    private var startingBuilder: ExpositionBuilder?

    private func takeStartingBuilder() -> ExpositionBuilder {
        defer { startingBuilder = nil }
        return startingBuilder ?? ExpositionBuilder()
    }

    /// What changed about one report since the last render.
    private struct PendingChange {
        /// Its new value series; `nil` if they did not change.
        var values: [Sample]?
    }

    private static func catalog(of targets: [RefreshTarget]) -> [ReportDefinition] {
        var catalog: [ReportDefinition] = []
        var seen: Set<String> = []
        for target in targets {
            guard let definition = target.definition, seen.insert(definition.function).inserted else { continue }
            catalog.append(definition)
        }
        return catalog
    }

    /// The collectors some tenant runs, in a stable order.
    private static func collectors(of targets: [RefreshTarget]) -> [CollectorKind] {
        Set(targets.compactMap(\.collector)).sorted()
    }

    /// How many refreshes may run at once, given the Graph requests allowed
    /// in flight (`--graph.max-concurrency`). A refresh holds a limiter
    /// place only while a request is in flight: it also waits for a token,
    /// for a tenant's Retry-After and between retries without one. With as
    /// many refreshes as places, a few throttled tenants would hold every
    /// refresh and leave the limiter idle while the others wait; eight
    /// refreshes per place keep the limiter busy through that, and 64 at
    /// least, a few hundred kilobytes of tasks, keep a small bound from
    /// starving demo mode (no limiter) or a machine with few places. A
    /// burst of thousands of due targets still makes only this many tasks.
    static func refreshLimit(graphMaxConcurrency: Int) -> Int {
        max(64, 8 * graphMaxConcurrency)
    }

    /// Runs until graceful shutdown, which cancels refreshes in flight.
    public func run() async throws {
        running = true
        let now = ContinuousClock.now
        for key in order { enqueue(key, at: now) }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.renderChanges() }
            group.addTask { await self.scheduleRefreshes() }
            try? await gracefulShutdown()
            await self.stop()
        }
    }

    /// Stops the scheduling loop, every refresh and the renderer, and waits
    /// for the refreshes.
    private func stop() async {
        stopped = true
        wake()
        let tasks = refreshes.values.map(\.task)
        for task in tasks { task.cancel() }
        changed.finish()
        for waiter in publishWaiters { waiter.resume() }
        publishWaiters = []
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
            retiredThrottled[entry.status.tenant, default: 0] += entry.status.throttledSeconds
            refreshes[entry.generation]?.task.cancel()
            entries[key] = nil
            pending[key] = nil
            removed.insert(key)
        }
        let now = ContinuousClock.now
        for target in targets {
            let key = target.key
            if var entry = entries[key], entry.target.fetchesTheSame(as: target) {
                let credentialChanged = entry.target.credentialDigest != target.credentialDigest
                entry.target = target
                entries[key] = entry
                if credentialChanged, running, !stopped, entry.due != nil {
                    // A new credential is tried at once, not at the old one's next slot.
                    enqueue(key, at: now)
                } else if intervalChanged, entry.target.ownInterval == nil, running, !stopped, entry.started, entry.due != nil {
                    // A waiting target is due in its old interval's slot: move it
                    // to the new interval's (a first refresh stays due at once).
                    enqueue(key, at: schedule.next(notBefore: now, slot: entry.slot, interval: interval))
                }
                continue
            }
            // The refreshes of this report of this tenant still in flight (the
            // replaced target's, or a removed one's that a later reload adds
            // back) end before the new target's first starts: one request per
            // tenant and report at a time, even across a reload.
            var predecessors = entries[key]?.predecessors ?? []
            for refresh in refreshes.values where refresh.key == key {
                refresh.task.cancel()
                predecessors.append(refresh.task)
            }
            nextGeneration += 1
            var status = target.initialStatus()
            if let old = entries[key]?.status {
                // The values and the state go; the counters go on from where
                // they were, since their series stay (Prometheus would read a
                // drop as a counter reset).
                status.graphAnswers = old.graphAnswers
                status.retries = old.retries
                status.throttledSeconds = old.throttledSeconds
            }
            entries[key] = Entry(
                target: target, generation: nextGeneration, slot: RefreshSchedule.slot(nextGeneration),
                predecessors: predecessors, status: status)
            // A new target, or one that fetches something else now: no series until it refreshes.
            pending[key] = PendingChange(values: [])
            if running, !stopped { enqueue(key, at: now) }
        }
        order = targets.map(\.key)
        catalog = Self.catalog(of: targets)
        collectors = Self.collectors(of: targets)
        let tenants = Set(targets.map(\.tenant))
        retiredThrottled = retiredThrottled.filter { tenants.contains($0.key) }
        throttled = nil
        readiness = nil
        changed.yield()
    }

    /// Records the outcome of a configuration load for the exporter's own series.
    func recordReload(_ status: ConfigReloadStatus) {
        reload = status
        changed.yield()
    }

    /// Returns once the state as it is now has been rendered and published
    /// (at once if the renderer does not run): a reload answers when its
    /// outcome, and its tenants' removal, can be scraped, not a render later.
    func waitUntilPublished() async {
        guard running, !stopped else { return }
        await withCheckedContinuation { waiter in
            publishWaiters.append(waiter)
            changed.yield()
        }
    }

    // MARK: Scheduling

    /// Puts the target `key` in the queue, due at `due`; an entry it had
    /// there already becomes stale.
    private func enqueue(_ key: StatusKey, at due: ContinuousClock.Instant) {
        guard var entry = entries[key] else { return }
        entry.due = due
        entries[key] = entry
        queue.schedule(key, generation: entry.generation, at: due)
        wake()
    }

    /// Whether a queue entry is the one its target waits for: not one of a
    /// removed or replaced target (another generation), nor one left behind
    /// when the target was moved to another due time or started.
    private func isQueued(_ item: RefreshQueue.Item) -> Bool {
        guard let entry = entries[item.key] else { return false }
        return entry.generation == item.generation && entry.due == item.due
    }

    /// The scheduling loop: starts a refresh for each due target while fewer
    /// than `refreshLimit` run, then sleeps until the next is due or until
    /// woken (a target enqueued, a refresh finished, shutdown). Runs on the
    /// actor, so nothing changes between its look at the queue and its sleep.
    private func scheduleRefreshes() async {
        while !stopped {
            let now = ContinuousClock.now
            while refreshes.count < refreshLimit, let item = queue.popDue(now: now, isCurrent: { isQueued($0) }) {
                launch(item)
            }
            // At the limit, only a finished refresh frees a place: it wakes the loop.
            let next = refreshes.count < refreshLimit ? queue.nextDue(isCurrent: { isQueued($0) }) : nil
            if queue.count > 2 * entries.count + 1024 { queue.compact(isCurrent: { isQueued($0) }) }
            await sleep(until: next)
        }
    }

    /// Sleeps until `deadline` (for ever when nil) or until ``wake()``.
    private func sleep(until deadline: ContinuousClock.Instant?) async {
        let timer = deadline.map { deadline in
            Task { [weak self] in
                guard (try? await Task.sleep(until: deadline)) != nil else { return }
                await self?.wake()
            }
        }
        await withCheckedContinuation { alarm = $0 }
        timer?.cancel()
    }

    /// Wakes the scheduling loop if it sleeps. When it does not, it is
    /// running on the actor and sees the change before it sleeps again.
    private func wake() {
        alarm?.resume()
        alarm = nil
    }

    /// Starts the refresh of a due target in a task of its own.
    private func launch(_ item: RefreshQueue.Item) {
        guard var entry = entries[item.key] else { return }
        let predecessors = entry.predecessors
        entry.due = nil
        entry.started = true
        entry.predecessors = []
        entries[item.key] = entry
        let key = item.key
        let generation = item.generation
        refreshes[generation] = Running(
            key: key, task: Task { await self.refreshOnce(key, generation: generation, after: predecessors) })
    }

    private nonisolated func refreshOnce(_ key: StatusKey, generation: Int, after predecessors: [Task<Void, Never>]) async {
        for predecessor in predecessors { await predecessor.value }
        var started: ContinuousClock.Instant?
        if !Task.isCancelled, let target = await current(key, generation: generation) {
            started = .now
            await refresh(target, generation: generation)
        }
        await finished(key, generation: generation, started: started)
    }

    /// Frees the finished refresh's place and puts its target back in the
    /// queue, in its first slot at least half an interval after the refresh
    /// started, so that two refreshes of a target are never closer.
    ///
    /// A refresh that failed in a way that may pass (see
    /// ``RefreshRetry``) is tried again sooner, after its back-off, unless
    /// its slot comes first.
    private func finished(_ key: StatusKey, generation: Int, started: ContinuousClock.Instant?) {
        refreshes[generation] = nil
        wake()
        guard !stopped, let started, let entry = entries[key], entry.generation == generation else { return }
        let interval = entry.target.ownInterval ?? self.interval
        var due = schedule.next(notBefore: started + interval * 0.5, slot: entry.slot, interval: interval)
        if let retryIn = entry.retryIn { due = min(due, ContinuousClock.now + min(retryIn, interval)) }
        if let unsupportedFor = entry.unsupportedFor { due = started + unsupportedFor }
        enqueue(key, at: due)
    }

    /// Refresh tasks in flight and queue entries (stale ones included):
    /// what the schedule holds besides the targets themselves.
    var scheduling: (refreshes: Int, queued: Int) { (refreshes.count, queue.count) }

    private func current(_ key: StatusKey, generation: Int) -> RefreshTarget? {
        guard let entry = entries[key], entry.generation == generation else { return nil }
        return entry.target
    }

    // MARK: Refreshing

    /// Fetches one target's report for each of its periods, or runs its
    /// collector, and records the outcome.
    func refresh(_ target: RefreshTarget, generation: Int) async {
        let key = target.key
        if case .collector(let kind, _, let collectorSource) = target.work {
            await collect(kind, of: target, source: collectorSource, generation: generation)
            return
        }
        guard case .report(let asked, let source) = target.work else { return }
        let definition = asked.definition
        let periods = asked.periods
        let started = ContinuousClock.now
        var logger = self.logger
        logger[metadataKey: "tenant"] = "\(target.tenant)"
        logger[metadataKey: "report"] = "\(definition.function)"
        // Unchanged answers are asked for only while the series they stand
        // for are published (not for a new target, nor after a reload).
        let conditional = entries[key].map { $0.generation == generation && $0.published } ?? false
        let record: @Sendable (GraphEvent) async -> Void = { event in
            await self.record(event, for: key, generation: generation)
        }
        do {
            var answers: [(period: ReportPeriod, parsed: ParsedReport?)] = []
            for period in periods {
                let parsed = conditional
                    ? try await source.reportIfChanged(definition, period: period, record: record)
                    : try await source.report(definition, period: period, record: record)
                answers.append((period, parsed))
            }
            if answers.allSatisfy({ $0.parsed == nil }) {
                // Nothing changed: the series, report date and refresh date stay.
                let duration = ContinuousClock.now - started
                recordSuccess(key, generation: generation, duration: duration, values: nil, dates: nil)
                logger.debug("report unchanged", metadata: ["duration": "\(duration.seconds)"])
                return
            }
            var samples: [Sample] = []
            var day: ReportDay?
            var refreshDate: ReportDay?
            var rows = 0
            for (period, answer) in answers {
                // Some periods changed and this one did not: the series are
                // made again from every period, so it is asked for in full.
                let parsed: ParsedReport
                if let answer {
                    parsed = answer
                } else {
                    parsed = try await source.report(definition, period: period, record: record)
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
                    of: parsed, definition: definition, tenant: target.tenant, period: period)
            }
            let duration = ContinuousClock.now - started
            recordSuccess(key, generation: generation, duration: duration, values: samples, dates: (day, refreshDate))
            logger.debug("report refreshed", metadata: [
                "rows": "\(rows)", "series": "\(samples.count)",
                "report_date": "\(day.map(String.init(describing:)) ?? "none")",
                "duration": "\(duration.seconds)",
            ])
        } catch {
            if Task.isCancelled { return }
            let duration = ContinuousClock.now - started
            let reason = String(describing: error)
            noteOutcome(key, generation: generation, error: error)
            let unsupported: Bool
            if case .unsupported = error as? GraphError { unsupported = true } else { unsupported = false }
            update(key, generation: generation) { status in
                status.attempts += 1
                status.up = false
                status.supported = !unsupported
                status.fetchDuration = duration.seconds
                status.lastError = reason
                status.lastAttempt = Date().timeIntervalSince1970
            }
            if unsupported {
                // Not a fault to page about: the cloud lacks the report.
                logger.info("the tenant's cloud does not serve this report; asking again in a day", metadata: [
                    "err": "\(reason)",
                ])
            } else if let failure = error as? GraphError, case .token = failure {
                // The token provider logged it once for the whole tenant.
                logger.debug("report refresh failed", metadata: ["err": "\(reason)"])
            } else {
                logger.warning("report refresh failed", metadata: ["err": "\(reason)"])
            }
        }
    }

    /// Records a successful refresh: `values` are the new series and
    /// `dates` the latest Report Date and Report Refresh Date, both `nil`
    /// when Graph said the report had not changed (they stay as they are).
    private func recordSuccess(
        _ key: StatusKey, generation: Int, duration: Duration, values: [Sample]?,
        dates: (day: ReportDay?, refreshDate: ReportDay?)?
    ) {
        noteOutcome(key, generation: generation, error: nil)
        if values != nil, var entry = entries[key], entry.generation == generation {
            entry.published = true
            entries[key] = entry
        }
        update(key, generation: generation, values: values) { status in
            status.attempts += 1
            status.up = true
            status.supported = true
            if let dates {
                status.reportDate = dates.day
                status.refreshDate = dates.refreshDate
            }
            status.lastSuccess = Date().timeIntervalSince1970
            status.lastAttempt = status.lastSuccess
            status.fetchDuration = duration.seconds
            status.lastError = nil
        }
    }

    /// Keeps the count of failures in a row and how soon a failed refresh
    /// is tried again.
    private func noteOutcome(_ key: StatusKey, generation: Int, error: (any Error)?) {
        guard var entry = entries[key], entry.generation == generation else { return }
        entry.unsupportedFor = nil
        if let error {
            entry.failures += 1
            entry.retryIn = RefreshRetry.delay(after: error, failures: entry.failures, interval: interval)
            if case .unsupported = error as? GraphError { entry.unsupportedFor = Self.unsupportedRetry }
        } else {
            entry.failures = 0
            entry.retryIn = nil
        }
        entries[key] = entry
    }

    /// Runs one collector of a tenant and records the outcome. A refusal
    /// (`403`) names the permission the collector needs: the reports and
    /// the other collectors go on without it.
    private func collect(_ kind: CollectorKind, of target: RefreshTarget, source: any CollectorSource, generation: Int) async {
        let key = target.key
        let started = ContinuousClock.now
        var logger = self.logger
        logger[metadataKey: "tenant"] = "\(target.tenant)"
        logger[metadataKey: "collector"] = "\(kind.name)"
        do {
            let samples = try await source.collect(kind, tenant: target.tenant) { event in
                await self.record(event, for: key, generation: generation)
            }
            let duration = ContinuousClock.now - started
            update(key, generation: generation, values: samples) { status in
                status.attempts += 1
                status.up = true
                status.lastSuccess = Date().timeIntervalSince1970
                status.fetchDuration = duration.seconds
                status.lastError = nil
            }
            logger.debug("collector refreshed", metadata: ["series": "\(samples.count)", "duration": "\(duration.seconds)"])
        } catch {
            if Task.isCancelled { return }
            let duration = ContinuousClock.now - started
            var reason = String(describing: error)
            if let failure = error as? GraphError, case .status(403, _) = failure, let permission = kind.permission {
                reason = "Graph refused the request (HTTP 403): the app lacks the application permission \(permission) "
                    + "(with admin consent) that the \(kind.name) collector needs; the reports go on without it"
            }
            update(key, generation: generation) { status in
                status.attempts += 1
                status.up = false
                status.fetchDuration = duration.seconds
                status.lastError = reason
            }
            if let failure = error as? GraphError, case .token = failure {
                logger.debug("collector refresh failed", metadata: ["err": "\(reason)"])
            } else {
                logger.warning("collector refresh failed", metadata: ["err": "\(reason)"])
            }
        }
    }

    /// Counts what happened on the way. Retries and throttled waits are
    /// published at once, so that a refresh held open by them shows it.
    private func record(_ event: GraphEvent, for key: StatusKey, generation: Int) {
        guard entries[key]?.generation == generation else { return }
        switch event {
        case .answer(let code):
            // Published with the next change: an answer alone does not render.
            entries[key]?.status.graphAnswers[code, default: 0] += 1
            throttled = nil
            note(key, values: nil)
        case .retry(let reason):
            update(key, generation: generation) { $0.retries[reason.rawValue, default: 0] += 1 }
        case .throttled(let wait):
            throttled = nil
            update(key, generation: generation) { $0.throttledSeconds += wait.seconds }
        }
    }

    private func update(
        _ key: StatusKey, generation: Int, values: [Sample]? = nil, _ change: (inout ReportStatus) -> Void
    ) {
        guard var entry = entries[key], entry.generation == generation else { return }
        let untried = entry.status.attempts == 0
        change(&entry.status)
        if untried, entry.status.attempts > 0 { readiness = nil }
        entries[key] = entry
        note(key, values: values)
        changed.yield()
    }

    /// Notes a change of the report for the next render.
    private func note(_ key: StatusKey, values: [Sample]?) {
        var change = pending[key] ?? PendingChange()
        if let values { change.values = values }
        pending[key] = change
    }

    // MARK: Rendering

    /// What a render needs: the changes since the last one (taken, so the
    /// next render gets only newer ones) and the current states.
    private func renderInput() -> (
        changes: [ReportKey: ReportChange], throttled: [Sample], readiness: Readiness,
        catalog: [ReportDefinition], collectors: [CollectorKind], reload: ConfigReloadStatus?, tokenRequests: [Sample],
        waiters: [CheckedContinuation<Void, Never>]
    ) {
        tokenSamples = renderedTokenSamples()
        var changes: [ReportKey: ReportChange] = [:]
        for key in removed { changes[key] = .removed }
        for (key, change) in pending {
            if let status = entries[key]?.status { changes[key] = .updated(status, values: change.values) }
        }
        pending = [:]
        removed = []
        let statuses = entries.values.lazy.map(\.status)
        let throttled = self.throttled ?? ReportHealthSeries.throttledSamples(of: statuses, retired: retiredThrottled)
        let readiness = self.readiness ?? Readiness(
            tried: statuses.reduce(0) { $0 + ($1.attempts > 0 ? 1 : 0) }, reports: entries.count)
        self.throttled = throttled
        self.readiness = readiness
        let waiters = publishWaiters
        publishWaiters = []
        return (changes, throttled, readiness, catalog, collectors, reload, tokenSamples?.samples ?? [], waiters)
    }

    /// The series of `m365_token_requests_total`, of the tenants configured,
    /// made again only when a count or the tenants changed.
    private func renderedTokenSamples() -> (version: Int, samples: [Sample]) {
        let (version, byTenant) = tokenRequests.snapshot
        if let tokenSamples, tokenSamples.version == version, throttled != nil { return tokenSamples }
        var tenants: [String] = []
        var seen: Set<String> = []
        for key in order where seen.insert(key.tenant).inserted { tenants.append(key.tenant) }
        var samples: [Sample] = []
        for tenant in tenants {
            guard let counts = byTenant[tenant] else { continue }
            for result in TokenRequestResult.allCases {
                guard let count = counts[result] else { continue }
                samples.append(Sample(
                    metric: HealthMetrics.tokenRequests.name,
                    labels: [Label("tenant", tenant), Label("result", result.rawValue)], value: Double(count)))
            }
        }
        return (version, samples)
    }

    /// Every report's state, in configuration order (for the landing page).
    func currentStatuses() -> [ReportStatus] {
        order.compactMap { entries[$0]?.status }
    }

    /// Renders the latest state after each burst of changes, off the actor
    /// so that refreshes go on while it renders. After a render it rests
    /// nine times as long as the render took, so that while thousands of
    /// reports refresh, rendering takes at most a tenth of one core and the
    /// scrapes and the refreshes keep the rest; a small exposition renders in
    /// well under a millisecond and is published as soon as it changes.
    private nonisolated func renderChanges() async {
        var builder = await takeStartingBuilder()
        var changesSinceTrim = 0
        var releasedAtStartEnd = false
        for await _ in changes {
            let started = ContinuousClock.now
            let input = await renderInput()
            let exposition = builder.render(
                input.changes, throttled: input.throttled, catalog: input.catalog, collectors: input.collectors,
                version: ExporterVersion.current, reload: input.reload, tokenRequests: input.tokenRequests)
            store.publish(exposition, readiness: input.readiness)
            for waiter in input.waiters { waiter.resume() }
            // Many changes (the first refresh of a thousand tenants, in one
            // render in demo mode or over minutes against Graph) leave freed
            // pages all over the heap, from answers parsed and families
            // replaced: give them back.
            // The end of the start (every report tried once) is such a
            // moment too, however few the reports: the code that only the
            // start runs (see m365_release_code_pages) goes then.
            changesSinceTrim += input.changes.count
            let startEnded = !releasedAtStartEnd && input.readiness.tried == input.readiness.reports
            if changesSinceTrim >= Self.changesBetweenTrims || startEnded {
                releaseFreeMemory()
                changesSinceTrim = 0
                if startEnded { releasedAtStartEnd = true }
            }
            try? await Task.sleep(for: (ContinuousClock.now - started) * 9)
        }
    }

    /// Changes rendered after which the heap is trimmed.
    static let changesBetweenTrims = 1000

    /// Gives the heap's free pages, and (when the exporter is the process)
    /// the pages of code not run since the last time, back to the system.
    private nonisolated func releaseFreeMemory() {
        m365_release_free_memory()
        if releasesCodePages { _ = m365_release_code_pages() }
    }
}

import Foundation
import Logging
import M365Reports
import ServiceLifecycle

/// Owns the refresh schedule: fetches every report of every tenant at start,
/// then once per interval (with jitter so that reports and tenants do not
/// fire together), keeps each report's status, and publishes a new rendered
/// snapshot after every refresh. A refresh never overlaps itself: each
/// target runs in its own loop.
public actor Refresher: Service {
    private let targets: [RefreshTarget]
    private let interval: Duration
    private let store: SnapshotStore
    private let catalog: [ReportDefinition]
    private let logger: Logger
    private var statuses: [StatusKey: ReportStatus] = [:]
    private let order: [StatusKey]

    init(targets: [RefreshTarget], interval: Duration, store: SnapshotStore, logger: Logger) {
        self.targets = targets
        self.interval = interval
        self.store = store
        self.logger = logger
        var catalog: [ReportDefinition] = []
        for target in targets where !catalog.contains(where: { $0.function == target.definition.function }) {
            catalog.append(target.definition)
        }
        self.catalog = catalog
        order = targets.map(\.key)
        var initial: [StatusKey: ReportStatus] = [:]
        for target in targets {
            initial[target.key] = ReportStatus(tenant: target.tenant, report: target.definition.function)
        }
        statuses = initial
        store.publish(Self.snapshot(of: order.compactMap { initial[$0] }, catalog: catalog))
    }

    /// Renders the snapshot of the report states, in target order.
    private static func snapshot(of statuses: [ReportStatus], catalog: [ReportDefinition]) -> MetricsSnapshot {
        MetricsSnapshot(statuses: statuses, catalog: catalog, version: ExporterVersion.current)
    }

    /// Runs until graceful shutdown, which cancels refreshes in flight.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for target in self.targets {
                    group.addTask { await self.loop(target) }
                }
            }
        }
    }

    private nonisolated func loop(_ target: RefreshTarget) async {
        while !Task.isCancelled {
            await refresh(target)
            // ±10 % jitter spreads targets that started together.
            let wait = interval.seconds * Double.random(in: 0.9...1.1)
            do {
                try await Task.sleep(for: .seconds(wait))
            } catch {
                return
            }
        }
    }

    /// Fetches one target's report for each of its periods and records the outcome.
    func refresh(_ target: RefreshTarget) async {
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
                let parsed = try await target.source.report(target.definition, period: period) { code in
                    await self.recordAnswer(key, code: code)
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
            update(key) { status in
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
            update(key) { status in
                status.attempts += 1
                status.up = false
                status.fetchDuration = duration.seconds
                status.lastError = reason
            }
            logger.warning("report refresh failed", metadata: ["err": "\(reason)"])
        }
    }

    private func recordAnswer(_ key: StatusKey, code: Int) {
        statuses[key]?.graphAnswers[code, default: 0] += 1
    }

    private func update(_ key: StatusKey, _ change: (inout ReportStatus) -> Void) {
        guard var status = statuses[key] else { return }
        change(&status)
        statuses[key] = status
        store.publish(Self.snapshot(of: order.compactMap { statuses[$0] }, catalog: catalog))
    }
}

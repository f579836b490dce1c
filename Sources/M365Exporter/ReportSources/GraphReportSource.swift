import Logging
import M365Graph
import M365Reports

/// Reports of one tenant from Microsoft Graph, asked for conditionally: the
/// entity tag of each report and period's last good answer goes out as
/// `If-None-Match`, and a `304 Not Modified` tells the refresher to keep the
/// series it made of that answer, so an unchanged report costs no download,
/// no parse and no render.
///
/// Only the tags are kept, not the answers: the series a `304` stands for
/// are in the exposition already (a few dozen bytes a report, where keeping
/// the parsed rows cost about 300 bytes each for a thousand tenants).
///
/// An answer is checked before it is published: its `Report Period` cells
/// must be the period asked for.
struct GraphReportSource: ReportSource {
    let client: GraphReportClient
    let logger: Logger
    let cache: ConditionalCache
    /// How long a fallback to an earlier report `version` is kept before the
    /// preferred one is asked again: Microsoft rolls versions out tenant by
    /// tenant, so a refusal today is not one for ever.
    var versionRecheck: Duration = .seconds(86_400)

    /// `expectedTags` is how many reports and periods the tenant asks for
    /// (one tag each), `expectedReports` how many reports: the cache's
    /// tables are made that large now, with the tenant, not grown during
    /// the first refresh (see ``StoredEntityTag``).
    init(client: GraphReportClient, logger: Logger, expectedTags: Int = 0, expectedReports: Int = 0) {
        self.client = client
        self.logger = logger
        cache = ConditionalCache(expectedTags: expectedTags, expectedReports: expectedReports)
    }

    func report(
        _ definition: ReportDefinition, period: ReportPeriod, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> ParsedReport {
        // Asked without a tag, Graph answers with a body.
        guard let parsed = try await answer(definition, period: period, conditional: false, record: record) else {
            throw GraphError.status(304, message: nil)
        }
        return parsed
    }

    func reportIfChanged(
        _ definition: ReportDefinition, period: ReportPeriod, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> ParsedReport? {
        try await answer(definition, period: period, conditional: true, record: record)
    }

    private func answer(
        _ definition: ReportDefinition, period: ReportPeriod, conditional: Bool,
        record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> ParsedReport? {
        let key = ConditionalCache.Key(function: definition.function, period: period)
        let etag = conditional ? await cache.etag(key) : nil
        switch try await fetch(definition, period: period, etag: etag, record: record) {
        case .notModified:
            // Only sent with an entity tag, which stands for the last good answer.
            guard etag != nil else { throw GraphError.status(304, message: nil) }
            return nil
        case .body(let body, let etag):
            let parsed = try ReportParser.parse(answer: body, as: definition)
            // A function asked for a fixed period (`ALL`) answers rows of every
            // period it knows, each labelled by its own.
            if definition.request.parameter == .period, let mismatch = ReportPeriodMismatch.check(parsed, asked: period) {
                await cache.forget(key)
                throw mismatch
            }
            // Kept only once parsed and checked: a tag must never stand for a
            // body we refused.
            if let etag {
                await cache.keep(key, etag: etag)
            } else {
                await cache.forget(key)
            }
            return parsed
        }
    }
}

extension GraphReportSource {
    /// Asks for the first `version` of the entry that Graph takes: when
    /// Graph refuses a version with `400 Bad Request` (a tenant or cloud
    /// that serves only the earlier one), the next is asked, and the one
    /// that worked is asked first for `versionRecheck` (a day), after which
    /// the preferred one is tried again.
    fileprivate func fetch(
        _ definition: ReportDefinition, period: ReportPeriod, etag: String?,
        record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> ReportDownload {
        let versions = definition.request.versionsToTry
        let start = await cache.workingVersion(definition.function, keptFor: versionRecheck) ?? 0
        let first = min(start, versions.count - 1)
        var index = first
        while true {
            let outcome: Result<ReportDownload, GraphError>
            do {
                outcome = .success(try await client.fetch(
                    definition, period: period, version: versions[index], etag: etag, logger: logger, record: record))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let download):
                await cache.keepVersion(definition.function, index, justFoundOut: index != first)
                return download
            case .failure(.status(400, let message)) where index + 1 < versions.count:
                logger.info("Graph refused the report version, asking for the next", metadata: [
                    "report": "\(definition.function)", "version": "\(versions[index] ?? "none")",
                    "err": "\(message ?? "")",
                ])
                index += 1
            case .failure(let error):
                throw error
            }
        }
    }
}

/// The entity tag of each report and period's last good answer, and the
/// report `version` Graph took last.
actor ConditionalCache {
    struct Key: Hashable, Sendable {
        let function: String
        let period: ReportPeriod
    }

    private var etags: [Key: StoredEntityTag] = [:]
    /// Per report, the index of the `version` value Graph took last, and
    /// since when.
    private var versions: [String: (index: Int, since: ContinuousClock.Instant)] = [:]

    init(expectedTags: Int = 0, expectedReports: Int = 0) {
        etags.reserveCapacity(expectedTags)
        versions.reserveCapacity(expectedReports)
    }

    /// The version to ask first, unless it was kept longer than `duration`.
    func workingVersion(_ function: String, keptFor duration: Duration) -> Int? {
        guard let kept = versions[function], ContinuousClock.now - kept.since < duration else { return nil }
        return kept.index
    }

    /// Keeps the version that worked. Its time is the last time Graph had
    /// to be asked down the list to find it (`justFoundOut`), so that a
    /// fallback is checked again once per `keptFor`, not at every refresh.
    func keepVersion(_ function: String, _ index: Int, justFoundOut: Bool) {
        if !justFoundOut, versions[function]?.index == index { return }
        versions[function] = (index, ContinuousClock.now)
    }

    func etag(_ key: Key) -> String? { etags[key]?.string }
    func keep(_ key: Key, etag: String) { etags[key] = StoredEntityTag(etag) }
    func forget(_ key: Key) { etags[key] = nil }
}

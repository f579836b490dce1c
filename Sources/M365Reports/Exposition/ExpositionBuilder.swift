import NIOCore

/// Keeps the exposition between renders and renders again only what changed.
///
/// The exposition is family-major (every series of a family together), and
/// within a family ordered by tenant, then report: each report's lines are a
/// contiguous run of its family. A render therefore formats the lines of the
/// reports that changed, and copies every other report's lines, run by run,
/// out of the previous render's buffers; families no report changed are
/// reused as they are. With a thousand tenants refreshing, a render formats
/// a few hundred reports and copies megabytes instead of formatting about a
/// hundred thousand series, and the series are kept once, as the bytes that
/// are served, instead of a second time as `Sample`s.
public struct ExpositionBuilder: Sendable {
    private var families: [String: RenderedFamily] = [:]

    public init() {}

    /// Applies the changes since the last render and returns the new
    /// exposition. `throttled` are the per-tenant series of
    /// `m365_graph_throttled_seconds_total` (see
    /// ``ReportHealthSeries/throttledSamples(of:)``), `catalog` the reports in
    /// use, `collectors` the collectors in use (whose states are keyed by
    /// their ``CollectorKind/statusName``), and `reload` the outcome of the
    /// last configuration load. `tokenRequests` are the per-tenant series of
    /// `m365_token_requests_total`.
    public mutating func render(
        _ changes: [ReportKey: ReportChange], throttled: [Sample], catalog: [ReportDefinition],
        collectors: [CollectorKind] = [], version: String, reload: ConfigReloadStatus?, tokenRequests: [Sample] = []
    ) -> Exposition {
        var wanted: [String: MetricDescriptor] = [:]
        for descriptor in ReportHealthSeries.perReport { wanted[descriptor.name] = descriptor }
        var valueFamilies: [String: [String]] = [:]
        for definition in catalog {
            for descriptor in definition.metrics where wanted[descriptor.name] == nil {
                wanted[descriptor.name] = descriptor
                valueFamilies[definition.function, default: []].append(descriptor.name)
            }
        }
        if !collectors.isEmpty {
            for descriptor in ReportHealthSeries.perCollector { wanted[descriptor.name] = descriptor }
        }
        for collector in collectors {
            // Collectors may share a family (the credential expiry): each owns its own series in it.
            for descriptor in collector.metrics {
                wanted[descriptor.name] = wanted[descriptor.name] ?? descriptor
                valueFamilies[collector.statusName, default: []].append(descriptor.name)
            }
        }

        // The new lines of the changed reports, by family, in key order;
        // empty lines remove a report's series. Written straight into one
        // buffer per family: a burst of thousands of changes makes a few
        // large buffers, not thousands of small arrays left to fragment the heap.
        var edits: [String: Edits] = [:]
        func edit(_ key: ReportKey, _ families: [String], with samples: [Sample]) {
            var byMetric: [String: [Sample]] = [:]
            for sample in samples { byMetric[sample.metric, default: []].append(sample) }
            for name in families {
                edits[name, default: Edits()].append(key, lines: ExpositionRenderer.seriesLines(byMetric[name] ?? []))
            }
        }
        let healthFamilies = ReportHealthSeries.perReport.map(\.name)
        let collectorHealthFamilies = ReportHealthSeries.perCollector.map(\.name)
        let anyHealthFamilies = Array(Set(healthFamilies + collectorHealthFamilies))
        for key in changes.keys.sorted() {
            switch changes[key]! {
            case .removed:
                // A collector no longer in use has no entry in `valueFamilies`, but
                // may have series in a family another collector still feeds.
                let collectorFamilies = CollectorKind.allCases.first { $0.statusName == key.report }?.metrics.map(\.name) ?? []
                for name in Set(anyHealthFamilies + (valueFamilies[key.report] ?? []) + collectorFamilies) {
                    edits[name, default: Edits()].append(key, lines: [])
                }
            case .updated(let status, let values):
                edit(key, status.collector == nil ? healthFamilies : collectorHealthFamilies,
                     with: ReportHealthSeries.samples(of: status))
                if let values { edit(key, valueFamilies[key.report] ?? [], with: values) }
            }
        }

        var next: [String: RenderedFamily] = [:]
        for (name, descriptor) in wanted {
            let previous = families[name]
            if let changes = edits[name] {
                next[name] = Self.merge(previous, changes, descriptor: descriptor)
            } else if let previous {
                next[name] = previous.descriptor == descriptor ? previous : RenderedFamily(previous, descriptor: descriptor)
            }
        }
        Self.shareKeys(&next)
        families = next

        var rendered = Array(families.values)
        rendered.append(Self.whole(HealthMetrics.graphThrottledSeconds, throttled))
        rendered.append(Self.whole(HealthMetrics.tokenRequests, tokenRequests))
        rendered.append(Self.whole(HealthMetrics.buildInfo, [
            Sample(metric: HealthMetrics.buildInfo.name, labels: [Label("version", version)], value: 1),
        ]))
        if let reload {
            rendered.append(Self.whole(HealthMetrics.configReloadSuccessful, [
                Sample(metric: HealthMetrics.configReloadSuccessful.name, labels: [], value: reload.successful ? 1 : 0),
            ]))
            rendered.append(Self.whole(HealthMetrics.configReloadSuccessTimestamp, [
                Sample(metric: HealthMetrics.configReloadSuccessTimestamp.name, labels: [], value: reload.lastSuccess),
            ]))
        }
        return Exposition(families: rendered
            .filter { $0.series.readableBytes > 0 }
            .sorted { $0.descriptor.name < $1.descriptor.name })
    }

    /// Gives families with equal lists of reports one array of keys: the
    /// health families each list every report of every tenant, a report's
    /// value families its tenants, and the copies made by `merge` would
    /// otherwise be kept once per family (3.4 MB of 32-byte keys for a
    /// thousand tenants' 11 reports, where one copy per list is 0.4 MB).
    /// Lists are found by their length and first and last keys, so each
    /// family's keys are compared with one list at most, whatever the
    /// number of families (a demo tenant has a hundred of one key each);
    /// families that share an array already are left as they are.
    private static func shareKeys(_ families: inout [String: RenderedFamily]) {
        struct Shape: Hashable {
            let count: Int
            let first: ReportKey
            let last: ReportKey
        }
        var lists: [Shape: [ReportKey]] = [:]
        for (name, family) in families {
            guard let first = family.keys.first, let last = family.keys.last else { continue }
            let shape = Shape(count: family.keys.count, first: first, last: last)
            guard let list = lists[shape] else {
                lists[shape] = family.keys
                continue
            }
            let shared = list.withUnsafeBufferPointer { list in
                family.keys.withUnsafeBufferPointer { $0.baseAddress == list.baseAddress }
            }
            if !shared, list == family.keys {
                families[name] = RenderedFamily(family, keys: list)
            }
        }
    }

    /// New lines of reports in one family, in ascending key order.
    private struct Edits {
        var lines = ByteBuffer()
        var keys: [ReportKey] = []
        var ends: [Int] = []

        mutating func append(_ key: ReportKey, lines newLines: [UInt8]) {
            lines.writeBytes(newLines)
            keys.append(key)
            ends.append(lines.writerIndex)
        }

        func range(at index: Int) -> Range<Int> {
            (index == 0 ? 0 : ends[index - 1])..<ends[index]
        }
    }

    /// The family with `edits` applied: unchanged runs of reports are
    /// copied from `previous` in one piece each.
    private static func merge(_ previous: RenderedFamily?, _ edits: Edits, descriptor: MetricDescriptor) -> RenderedFamily {
        let oldKeys = previous?.keys ?? []
        let oldEnds = previous?.ends ?? []
        let old = previous?.series ?? ByteBuffer()
        // Allocated at its exact size: it is kept until the family changes again.
        var size = old.readableBytes + edits.lines.readableBytes
        if let previous {
            for key in edits.keys {
                let index = previous.firstIndex(notBefore: key)
                if index < oldKeys.count, oldKeys[index] == key { size -= previous.range(at: index).count }
            }
        }
        var series = ByteBufferAllocator().buffer(capacity: size)
        var keys: [ReportKey] = []
        var ends: [UInt32] = []
        keys.reserveCapacity(oldKeys.count + edits.keys.count)
        ends.reserveCapacity(oldKeys.count + edits.keys.count)

        var next = 0  // the first old report not yet copied or replaced
        func copyOld(upTo end: Int) {
            guard end > next, let previous else { return }
            let start = previous.range(at: next).lowerBound
            let shift = series.writerIndex - start
            old.withUnsafeReadableBytes { bytes in
                _ = series.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start..<Int(oldEnds[end - 1])]))
            }
            keys.append(contentsOf: oldKeys[next..<end])
            ends.append(contentsOf: oldEnds[next..<end].lazy.map { UInt32(Int($0) + shift) })
            next = end
        }
        for (index, key) in edits.keys.enumerated() {
            let position = previous?.firstIndex(notBefore: key) ?? 0
            copyOld(upTo: max(position, next))
            if next < oldKeys.count, oldKeys[next] == key { next += 1 }
            let range = edits.range(at: index)
            guard !range.isEmpty else { continue }
            edits.lines.withUnsafeReadableBytes { bytes in
                _ = series.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[range]))
            }
            keys.append(key)
            ends.append(UInt32(series.writerIndex))
        }
        copyOld(upTo: oldKeys.count)
        return RenderedFamily(descriptor: descriptor, series: series, keys: keys, ends: ends)
    }

    /// A family rendered whole at every render: few series, from all reports at once.
    static func whole(_ descriptor: MetricDescriptor, _ samples: [Sample]) -> RenderedFamily {
        var series = ByteBuffer()
        var keys: [ReportKey] = []
        var ends: [UInt32] = []
        // Per-tenant families can answer probes: their first label is the tenant.
        let sorted = samples.sorted(by: ExpositionRenderer.seriesOrder)
        let perTenant = sorted.allSatisfy { $0.labels.first?.name == "tenant" }
        for sample in sorted {
            series.writeBytes(ExpositionRenderer.seriesLines([sample]))
            if perTenant, let tenant = sample.labels.first?.value {
                keys.append(ReportKey(tenant: tenant, report: ""))
                ends.append(UInt32(series.writerIndex))
            }
        }
        return RenderedFamily(descriptor: descriptor, series: series, keys: keys, ends: ends)
    }
}

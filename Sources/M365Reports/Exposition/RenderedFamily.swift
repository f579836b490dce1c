import NIOCore

/// One metric family of the exposition, rendered: its header lines in both
/// formats and its series lines, which are the same bytes in both, with the
/// place of each report's series among them.
public struct RenderedFamily: Sendable {
    public let descriptor: MetricDescriptor
    public let textHeader: ByteBuffer
    public let openMetricsHeader: ByteBuffer
    /// Every series line, ordered by tenant, then report, then their other labels.
    public let series: ByteBuffer
    /// The reports with series here, ascending; `keys[i]`'s lines end at
    /// `ends[i]` and start where the previous ones end. Empty for the
    /// exporter's own families, which belong to no tenant.
    let keys: [ReportKey]
    let ends: [UInt32]

    init(descriptor: MetricDescriptor, series: ByteBuffer, keys: [ReportKey], ends: [UInt32]) {
        self.descriptor = descriptor
        textHeader = ByteBuffer(bytes: ExpositionRenderer.header(of: descriptor, format: .prometheusText))
        openMetricsHeader = ByteBuffer(bytes: ExpositionRenderer.header(of: descriptor, format: .openMetrics))
        self.series = series
        self.keys = keys
        self.ends = ends
    }

    /// The same family with `keys`, an equal list of reports (shared with another family).
    init(_ family: RenderedFamily, keys: [ReportKey]) {
        descriptor = family.descriptor
        textHeader = family.textHeader
        openMetricsHeader = family.openMetricsHeader
        series = family.series
        self.keys = keys
        ends = family.ends
    }

    /// The same series under a new header.
    init(_ family: RenderedFamily, descriptor: MetricDescriptor) {
        self.init(descriptor: descriptor, series: family.series, keys: family.keys, ends: family.ends)
    }

    public func header(_ format: ExpositionFormat) -> ByteBuffer {
        format == .openMetrics ? openMetricsHeader : textHeader
    }

    /// Where the lines of `keys[index]` lie in `series`.
    func range(at index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }

    /// The first index whose key is not less than `key`.
    func firstIndex(notBefore key: ReportKey) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The lines of one tenant's reports (contiguous: keys sort by tenant
    /// first); `nil` if the tenant has none here.
    func series(ofTenant tenant: String) -> ByteBuffer? {
        let first = firstIndex(notBefore: ReportKey(tenant: tenant, report: ""))
        var last = first
        while last < keys.count, keys[last].tenant == tenant { last += 1 }
        guard last > first else { return nil }
        let start = range(at: first).lowerBound
        return series.getSlice(at: series.readerIndex + start, length: Int(ends[last - 1]) - start)
    }
}

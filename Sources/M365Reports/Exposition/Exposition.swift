import NIOCore

/// An immutable exposition as the listener serves it: rendered families,
/// sorted by name, in buffers that a scrape writes as they are. Both formats
/// share the series bytes; only the header lines differ.
public struct Exposition: Sendable {
    /// Families with at least one series, sorted by name.
    public let families: [RenderedFamily]

    public init(families: [RenderedFamily]) {
        self.families = families
    }

    /// Nothing to expose.
    public static let empty = Exposition(families: [])

    /// The buffers of every family in `format`, without OpenMetrics' end
    /// marker (``ExpositionFormat/terminator``), so that the listener can
    /// add a family of its own before it.
    public func buffers(_ format: ExpositionFormat) -> [ByteBuffer] {
        var buffers: [ByteBuffer] = []
        buffers.reserveCapacity(families.count * 2)
        for family in families {
            buffers.append(family.header(format))
            buffers.append(family.series)
        }
        return buffers
    }

    /// The series of one tenant's reports alone (the values and health of
    /// its reports, not the exporter's own series), as `/probe?tenant=`
    /// answers: slices of the same buffers, no rendering. Empty for a tenant
    /// the exposition does not hold.
    public func buffers(ofTenant tenant: String, format: ExpositionFormat) -> [ByteBuffer] {
        var buffers: [ByteBuffer] = []
        for family in families {
            guard let series = family.series(ofTenant: tenant) else { continue }
            buffers.append(family.header(format))
            buffers.append(series)
        }
        return buffers
    }
}

extension ExpositionFormat {
    /// What ends an exposition: `# EOF` in OpenMetrics, nothing in the text format.
    public var terminator: [UInt8] {
        switch self {
        case .prometheusText: []
        case .openMetrics: Array("# EOF\n".utf8)
        }
    }
}

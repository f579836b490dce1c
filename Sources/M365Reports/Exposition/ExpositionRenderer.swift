/// Renders metric families in the Prometheus text format 0.0.4 or OpenMetrics
/// 1.0, families sorted by name and series by label values, so that the same
/// state always gives the same bytes.
///
/// Our own rather than swift-prometheus 2.4: that one emits series in
/// dictionary order, has no OpenMetrics output, and stops the process with
/// `fatalError` on conflicting registrations, while the exporter renders an
/// immutable snapshot whose names partly come from a data catalog.
///
/// The live exposition is assembled by ``ExpositionBuilder`` from the parts
/// rendered here (``header(of:format:)`` and ``seriesLines(_:)``); ``render(_:format:)``
/// renders whole families at once, for backfill files and as the reference
/// the builder's output is tested against.
public enum ExpositionRenderer {
    public static func render(_ families: [MetricFamily], format: ExpositionFormat) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(families.reduce(0) { $0 + 64 + $1.samples.count * 96 })
        for family in families.sorted(by: { $0.descriptor.name < $1.descriptor.name }) where !family.samples.isEmpty {
            appendHeader(of: family.descriptor, format: format, to: &out)
            for sample in family.samples.sorted(by: seriesOrder) {
                appendLine(of: sample, format: format, to: &out)
            }
        }
        if format == .openMetrics { out.append(contentsOf: "# EOF\n".utf8) }
        return out
    }

    /// The `# HELP` and `# TYPE` lines of a family.
    public static func header(of descriptor: MetricDescriptor, format: ExpositionFormat) -> [UInt8] {
        var out: [UInt8] = []
        appendHeader(of: descriptor, format: format, to: &out)
        return out
    }

    /// The lines of samples without timestamps, in the order ``render(_:format:)``
    /// gives them; the same bytes in both formats, which differ only in
    /// headers, timestamps and the end marker.
    public static func seriesLines(_ samples: [Sample]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(samples.count * 96)
        for sample in samples.sorted(by: seriesOrder) {
            appendLine(of: sample, format: .prometheusText, to: &out)
        }
        return out
    }

    /// Integral values print without a fraction (`45`, not `45.0`); special
    /// values as both formats spell them.
    public static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// The order of series in a family: by metric name, then by label
    /// values in label order, then (one series' samples) by time.
    public static func seriesOrder(_ lhs: Sample, _ rhs: Sample) -> Bool {
        if lhs.metric != rhs.metric { return lhs.metric < rhs.metric }
        for (left, right) in zip(lhs.labels, rhs.labels) {
            if left.name != right.name { return left.name < right.name }
            if left.value != right.value { return left.value < right.value }
        }
        if lhs.labels.count != rhs.labels.count { return lhs.labels.count < rhs.labels.count }
        // One series' samples in time order, as OpenMetrics requires.
        return (lhs.timestamp ?? 0) < (rhs.timestamp ?? 0)
    }

    private static func appendHeader(of descriptor: MetricDescriptor, format: ExpositionFormat, to out: inout [UInt8]) {
        // OpenMetrics names a counter family without its `_total` suffix.
        var familyName = descriptor.name
        if format == .openMetrics, descriptor.type == .counter, familyName.hasSuffix("_total") {
            familyName.removeLast("_total".count)
        }
        out.append(contentsOf: "# HELP \(familyName) ".utf8)
        appendHelp(descriptor.help, to: &out, escapingQuotes: format == .openMetrics)
        out.append(contentsOf: "\n# TYPE \(familyName) \(descriptor.type.rawValue)\n".utf8)
    }

    private static func appendLine(of sample: Sample, format: ExpositionFormat, to out: inout [UInt8]) {
        out.append(contentsOf: sample.metric.utf8)
        if !sample.labels.isEmpty {
            out.append(UInt8(ascii: "{"))
            for (index, label) in sample.labels.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: label.name.utf8)
                out.append(contentsOf: "=\"".utf8)
                appendLabelValue(label.value, to: &out)
                out.append(UInt8(ascii: "\""))
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: formatValue(sample.value).utf8)
        if let timestamp = sample.timestamp {
            // OpenMetrics counts timestamps in seconds, the text format in milliseconds.
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: formatValue(format == .openMetrics ? timestamp : (timestamp * 1000).rounded()).utf8)
        }
        out.append(UInt8(ascii: "\n"))
    }

    private static func appendLabelValue(_ value: String, to out: inout [UInt8]) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            default: out.append(byte)
            }
        }
    }

    private static func appendHelp(_ help: String, to out: inout [UInt8], escapingQuotes: Bool) {
        for byte in help.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\"") where escapingQuotes: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            default: out.append(byte)
            }
        }
    }
}

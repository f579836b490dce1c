import M365Reports

/// Reads the sample lines of a text exposition (format 0.0.4 or
/// OpenMetrics) into `metric{labels}` → value, for assertions. Comment lines
/// are skipped.
public func parseExposition(_ text: String) -> [String: Double] {
    var series: [String: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " ") else { continue }
        let value = line[line.index(after: space)...]
        series[String(line[..<space])] = Double(value) ?? (value == "NaN" ? .nan : nil)
    }
    return series
}

/// Samples as `metric{labels}` → value, the keys ``parseExposition(_:)``
/// gives, for comparing mapped samples with expected series.
public func seriesByKey(_ samples: [Sample]) -> [String: Double] {
    var result: [String: Double] = [:]
    for sample in samples {
        let labels = sample.labels.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",")
        result["\(sample.metric){\(labels)}"] = sample.value
    }
    return result
}

/// Whether a series is one of the exporter's own (`m365_report_up`,
/// `m365_graph_requests_total`…) rather than a report's value: the
/// exporter's families start with `m365_`, as do the Copilot report's
/// (`m365_copilot_…`), which are values.
public func isExporterSeries(_ key: String) -> Bool {
    key.hasPrefix("m365_") && !key.hasPrefix("m365_copilot_")
}

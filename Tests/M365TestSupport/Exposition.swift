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

/// Past samples for a fresh Prometheus, made from one scrape of the
/// exporter: every gauge series repeated at a fixed step over a time range,
/// as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`.
/// A real Prometheus gets this history by scraping for a week; queries that
/// look a week back (`offset 7d`) need it.
enum ExpositionHistory {
    /// `labels` (the scrape's `job` and `instance`) are added to every
    /// series, so that the history and the live scrapes are the same series.
    static func openMetrics(
        from exposition: String, labels: [(String, String)], from start: Int, to end: Int, step: Int
    ) -> String {
        var gauges: Set<Substring> = []
        var series: [(family: Substring, labels: Substring, value: Substring)] = []
        for line in exposition.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let fields = line.split(separator: " ")
                // Info-style names are not valid gauges in OpenMetrics; the
                // live scrape has them.
                if fields.count == 4, fields[3] == "gauge", !fields[2].hasSuffix("_info") { gauges.insert(fields[2]) }
                continue
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { continue }
            let name = line.prefix { $0 != "{" && $0 != " " }
            guard gauges.contains(name) else { continue }
            var inner: Substring = ""
            if let open = line.firstIndex(of: "{"), let close = line[..<space].lastIndex(of: "}") {
                inner = line[line.index(after: open)..<close]
            }
            series.append((name, inner, line[line.index(after: space)...]))
        }
        let added = labels.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",")
        var text = ""
        var lastFamily: Substring?
        for entry in series {
            if entry.family != lastFamily {
                text += "# TYPE \(entry.family) gauge\n"
                lastFamily = entry.family
            }
            let labelSet = entry.labels.isEmpty ? added : "\(added),\(entry.labels)"
            for time in stride(from: start, through: end, by: step) {
                text += "\(entry.family){\(labelSet)} \(entry.value) \(time)\n"
            }
        }
        return text + "# EOF\n"
    }
}

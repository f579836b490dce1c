/// A Grafana variable query `label_values(selector, label)` or
/// `label_values(label)`, which Grafana answers through Prometheus'
/// `/api/v1/label/<label>/values?match[]=<selector>`.
struct LabelValuesQuery {
    let selector: String?
    let label: String

    init?(_ query: String) {
        guard let match = query.wholeMatch(of: #/\s*label_values\(\s*(?:(.+?)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*/#) else {
            return nil
        }
        selector = match.1.map(String.init)
        label = String(match.2)
    }
}

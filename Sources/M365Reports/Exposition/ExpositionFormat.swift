/// The two exposition formats Prometheus scrapes.
public enum ExpositionFormat: Sendable, Hashable {
    /// The text format 0.0.4.
    case prometheusText
    /// OpenMetrics 1.0.
    case openMetrics

    public var contentType: String {
        switch self {
        case .prometheusText: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// The format a scraper asks for in its `Accept` header: OpenMetrics when
    /// it lists `application/openmetrics-text` with a non-zero quality (as
    /// Prometheus does by default), otherwise the text format.
    public static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept else { return .prometheusText }
        for range in accept.split(separator: ",") {
            let parameters = range.split(separator: ";").map { $0.trimmingASCIIWhitespace() }
            guard parameters.first?.lowercased() == "application/openmetrics-text" else { continue }
            let refused = parameters.dropFirst().contains { parameter in
                guard parameter.lowercased().hasPrefix("q=") else { return false }
                return Double(parameter.dropFirst(2)) == 0
            }
            if !refused { return .openMetrics }
        }
        return .prometheusText
    }
}

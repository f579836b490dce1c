/// The Prometheus metric types the exporter emits.
public enum MetricType: String, Sendable, Hashable {
    case gauge
    case counter
}

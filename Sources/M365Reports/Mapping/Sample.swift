/// One series value: a metric name, its labels in exposition order, a value,
/// and for history (backfill) the time it stands for.
public struct Sample: Sendable, Hashable {
    public let metric: String
    public let labels: [Label]
    public let value: Double
    /// Unix seconds; `nil` for the live exposition, whose samples carry no
    /// timestamps.
    public let timestamp: Double?

    public init(metric: String, labels: [Label], value: Double, timestamp: Double? = nil) {
        self.metric = metric
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}
